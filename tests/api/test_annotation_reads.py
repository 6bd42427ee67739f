import datetime

import pytest
from django.utils import timezone

from claims.annotations import record_label
from claims.attributions import AttributionSpec
from claims.models import Annotation
from tests.api.conftest import THROTTLE_QUERIES

ANNOTATIONS = "/api/v1/annotations/"


@pytest.fixture
def labelled(article, alice, bob, labels):
    """alice labels the first two sentences, bob the first; bob then changes his mind."""
    first, second = article.sentences.all()[:2]
    record_label(sentence=first, annotator=alice, label=labels["claim"])
    record_label(sentence=second, annotator=alice, label=labels["opinion"])
    record_label(sentence=first, annotator=bob, label=labels["other"])
    record_label(sentence=first, annotator=bob, label=labels["claim"])
    return article


def annotators(client, **filters):
    results = client.get(ANNOTATIONS, filters).json()["results"]
    return sorted(item["annotator"] for item in results)


@pytest.mark.parametrize(
    ("person", "seen"),
    [
        ("alice", ["alice", "alice"]),
        ("rita", ["alice", "alice", "bob"]),
        ("owen", ["alice", "alice", "bob"]),
        ("olga", []),
    ],
)
def test_list_shows_own_labels_to_annotators_and_all_to_reviewers(
    as_person, labelled, person, seen
):
    assert annotators(as_person(person)) == seen


def test_anonymous_list_is_refused(as_person, labelled):
    assert as_person(None).get(ANNOTATIONS).status_code == 401


def test_list_shows_current_revisions_only(as_rita, labelled):
    results = as_rita.get(ANNOTATIONS, {"annotator": "bob"}).json()["results"]
    assert [item["label"] for item in results] == ["claim"]


def test_annotator_filter_never_reveals_another_annotator(as_alice, labelled):
    assert annotators(as_alice, annotator="bob") == []


def test_label_filter(as_rita, labelled):
    assert annotators(as_rita, label="opinion") == ["alice"]


def test_article_filter(as_rita, labelled, make_article):
    make_article(3)
    assert annotators(as_rita, article=labelled.pk) == ["alice", "alice", "bob"]


def test_project_filter_with_another_slug_finds_nothing(as_rita, labelled):
    assert annotators(as_rita, project="elsewhere") == []


def test_updated_since_filter(as_rita, labelled, alice):
    later = timezone.now() + datetime.timedelta(hours=1)
    Annotation.objects.filter(annotator=alice, label__key="opinion").update(created_at=later)
    since = (later - datetime.timedelta(minutes=1)).isoformat()
    assert annotators(as_rita, updated_since=since) == ["alice"]


def test_a_malformed_filter_is_a_400(as_rita, labelled):
    assert as_rita.get(ANNOTATIONS, {"article": "first"}).status_code == 400


def test_list_query_count_does_not_grow(
    as_rita, alice, make_article, labels, django_assert_max_num_queries
):
    vague = [AttributionSpec(kind="vague", entity="E1")]
    for sentence in make_article(30).sentences.all():
        record_label(
            sentence=sentence, annotator=alice, label=labels["attribution"], attributions=vague
        )
    # The page, and its attributions with their kinds.
    with django_assert_max_num_queries(2 + THROTTLE_QUERIES):
        assert len(as_rita.get(ANNOTATIONS).json()["results"]) == 30


@pytest.mark.parametrize(
    ("person", "status"), [("alice", 404), ("rita", 200), ("owen", 200), ("olga", 404)]
)
def test_another_annotators_revision_is_hidden_from_annotators(
    as_person, labelled, bob, person, status
):
    revision = Annotation.objects.filter(annotator=bob).first()
    assert as_person(person).get(f"{ANNOTATIONS}{revision.pk}/").status_code == status


def test_own_earlier_revision_can_be_read(as_bob, labelled, bob):
    revision = Annotation.objects.filter(annotator=bob, is_current=False).get()
    assert as_bob.get(f"{ANNOTATIONS}{revision.pk}/").json()["label"] == "other"


@pytest.mark.parametrize(
    ("person", "status"),
    [("alice", 403), ("rita", 200), ("owen", 200), ("olga", 404), (None, 401)],
)
def test_history_is_for_reviewers_and_owners(as_person, labelled, person, status):
    sentence = labelled.sentences.first()
    url = f"/api/v1/sentences/{sentence.pk}/history/"
    assert as_person(person).get(url).status_code == status


def test_history_lists_every_revision_oldest_first(as_rita, labelled):
    sentence = labelled.sentences.first()
    results = as_rita.get(f"/api/v1/sentences/{sentence.pk}/history/").json()["results"]
    assert [(r["annotator"], r["label"]) for r in results] == [
        ("alice", "claim"),
        ("bob", "other"),
        ("bob", "claim"),
    ]


def test_updated_since_with_a_far_offset_is_understood(as_rita, labelled):
    response = as_rita.get(ANNOTATIONS, {"updated_since": "2000-01-01T00:00:00+19:35"})
    assert len(response.json()["results"]) == 3


def test_updated_since_before_the_first_year_is_a_400(as_rita, labelled):
    response = as_rita.get(ANNOTATIONS, {"updated_since": "0001-01-01T00:00:00+01:00"})
    assert response.status_code == 400
