import pytest

from claims.annotations import record_label
from tests.api.conftest import THROTTLE_QUERIES

ROLES = [("alice", 200), ("rita", 200), ("owen", 200), ("olga", 404), (None, 401)]


def sentences_url(article):
    return f"/api/v1/articles/{article.pk}/sentences/"


@pytest.mark.parametrize(("person", "status"), ROLES)
def test_sentences_are_for_members_only(as_person, article, person, status):
    assert as_person(person).get(sentences_url(article)).status_code == status


def test_sentences_come_in_article_order_with_their_text(as_alice, article):
    results = as_alice.get(sentences_url(article)).json()["results"]
    assert [(s["index"], s["text"]) for s in results][:2] == [
        (0, "Drones swarm skies over Iraq"),
        (1, "Swarms of drones are flying over al-Anbar, a report says."),
    ]


def test_each_sentence_carries_the_users_own_label(as_alice, alice, sentence, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    results = as_alice.get(sentences_url(sentence.article)).json()["results"]
    assert results[1]["annotation"]["label"] == "claim"


def test_another_annotators_label_is_not_shown(as_alice, bob, sentence, labels):
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    results = as_alice.get(sentences_url(sentence.article)).json()["results"]
    assert results[1]["annotation"] is None


def test_a_reviewer_sees_only_their_own_label_here(as_rita, alice, sentence, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    results = as_rita.get(sentences_url(sentence.article)).json()["results"]
    assert results[1]["annotation"] is None


def test_sentences_query_count_does_not_grow(
    as_alice, alice, make_article, labels, django_assert_max_num_queries
):
    article = make_article(50)
    for sentence in article.sentences.all()[:20]:
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    # The article, the page, its own labels, and their attributions.
    with django_assert_max_num_queries(4 + THROTTLE_QUERIES):
        assert len(as_alice.get(sentences_url(article)).json()["results"]) == 50
