"""GET /api/v1/projects/{slug}/flags/: flags and send-backs, blind for annotators."""

import pytest

from claims import flags
from claims.annotations import record_label

URL = "/api/v1/projects/iraq/flags/"


@pytest.fixture
def flagged(article, labels, alice, bob, rita):
    first, second = article.sentences.filter(position__in=[1, 2]).order_by("position")
    flags.raise_flag(sentence=first, annotator=alice, comment="vague?")
    record_label(sentence=second, annotator=bob, label=labels["claim"])
    flags.send_back(sentence=second, annotator=bob, reviewer=rita, note="an attribution?")
    return article


def test_reviewers_get_every_flag_and_send_back(as_person, flagged):
    body = as_person("rita").get(URL).json()
    assert [(r["type"], r["annotator"], r["by"], r["text"], r["state"]) for r in body] == [
        ("flag", "alice", "alice", "vague?", "open"),
        ("send_back", "bob", "rita", "an attribution?", "open"),
    ]
    assert body[0]["sentence_text"] == "Swarms of drones are flying over al-Anbar, a report says."


def test_an_annotator_gets_only_their_own(as_person, flagged):
    assert [r["type"] for r in as_person("alice").get(URL).json()] == ["flag"]
    assert [r["text"] for r in as_person("bob").get(URL).json()] == ["an attribution?"]


def test_others_get_404_and_anonymous_401(as_person, flagged):
    assert as_person("olga").get(URL).status_code == 404
    assert as_person(None).get(URL).status_code == 401


def test_the_query_count_does_not_grow_with_flags(
    as_person, flagged, alice, django_assert_max_num_queries
):
    for sentence in flagged.sentences.exclude(position=1):
        flags.raise_flag(sentence=sentence, annotator=alice, comment="again")
    # Token, user, throttle, project, flags, send-backs.
    with django_assert_max_num_queries(7):
        assert len(as_person("rita").get(URL).json()) == 5
