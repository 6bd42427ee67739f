"""What one label save costs in queries, pinned: it is what every keystroke pays.

The save itself is the sentence's lock, one read of all its current revisions (every
annotator's, with attributions, the gold one, and the project's source kinds), and the
writes that change something; the doors add what they must read to check the input and
draw the answer.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from claims.annotations import record_label
from claims.models import GoldLabel
from claims.tokens import create_token

HTMX = {"HTTP_HX_REQUEST": "true"}
# Session, user; the sentence with its article and project, the label asked for, the
# annotator's progress in the article and whether their attributions on other sentences
# mark this one (queries.label_target).
HTMX_INPUT = 3
# The answer is drawn from what the save returned; the annotator's attributions in the
# article are read only when one on another sentence marks this one (test_attribution_saves).
HTMX_ANSWER = 0
# The token with its user, the rate budget; the sentence with its article, project and label.
API_INPUT = 3
API_ANSWER = 0  # the new revision's attributions with their kinds, only when it has some
# The lock and the read of every current revision in one round trip (two statements on
# SQLite, which sends one at a time); the new revision.
LOCK_AND_STATE = 1 if connection.vendor == "postgresql" else 2
SAVE = LOCK_AND_STATE + 1
# Around the save: SAVEPOINT and RELEASE here, inside each test's transaction; BEGIN and
# COMMIT in production, which Django does not count.
TRANSACTION = 2
RETIRE = 1  # the replaced revision is no longer current
GOLD = 1  # automatic gold appended (its attributions too, when it has any)
ATTRIBUTION_ROWS = 1  # a revision's attributions, in one insert
KINDS_READ = 1  # the API's answer reads the attributions stored, with their kinds


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def statements_outside_savepoints(queries) -> list[str]:
    """What production sends: the test's transaction turns BEGIN/COMMIT into savepoints."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


def test_a_keystroke_changing_a_label_sends_six_statements_on_postgresql(
    as_alice, sentence, django_assert_max_num_queries
):
    first = post(as_alice, sentence, "claim")
    revision = int(first.content.decode().split('data-revision="')[1].split('"')[0])
    with django_assert_max_num_queries(5 + LOCK_AND_STATE + TRANSACTION) as captured:
        assert post(as_alice, sentence, "opinion", based_on=revision).status_code == 200
    assert len(statements_outside_savepoints(captured.captured_queries)) <= 5 + LOCK_AND_STATE


def post(client, sentence, label: str, based_on: int = 0):
    url = reverse("label_sentence", args=[sentence.article.project.slug, sentence.article_id])
    data = {"sentence": sentence.pk, "label": label, "based_on": based_on}
    return client.post(url, data, **HTMX)


def test_a_first_label(as_alice, sentence, django_assert_num_queries):
    with django_assert_num_queries(HTMX_INPUT + TRANSACTION + SAVE + HTMX_ANSWER):
        assert post(as_alice, sentence, "claim").status_code == 200


def test_a_changed_label(as_alice, sentence, alice, labels, django_assert_num_queries):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    with django_assert_num_queries(HTMX_INPUT + TRANSACTION + SAVE + RETIRE + HTMX_ANSWER):
        assert post(as_alice, sentence, "opinion", based_on=first.pk).status_code == 200


def test_a_label_that_earns_gold(as_alice, sentence, bob, labels, django_assert_num_queries):
    sentence.article.project.annotators_per_article = 2
    sentence.article.project.save()
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    with django_assert_num_queries(HTMX_INPUT + TRANSACTION + SAVE + GOLD + HTMX_ANSWER):
        assert post(as_alice, sentence, "claim").status_code == 200
    assert GoldLabel.objects.get(sentence=sentence, is_current=True).label.key == "claim"


def test_a_label_through_the_api(alice, sentence, django_assert_num_queries):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {create_token(user=alice)}")
    client.get("/api/v1/projects/")  # the token's "last used" is written once a minute
    body = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
    with django_assert_num_queries(API_INPUT + TRANSACTION + SAVE + API_ANSWER):
        assert client.post("/api/v1/annotations/", body, format="json").status_code == 201


def test_an_attribution_through_the_api_reads_its_kinds(alice, sentence, django_assert_num_queries):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {create_token(user=alice)}")
    client.get("/api/v1/projects/")
    body = {
        "sentence": sentence.pk,
        "label": "attribution",
        "based_on": 0,
        "attributions": [{"kind": "vague"}],
    }
    with django_assert_num_queries(API_INPUT + TRANSACTION + SAVE + ATTRIBUTION_ROWS + KINDS_READ):
        response = client.post("/api/v1/annotations/", body, format="json")
    assert response.status_code == 201, response.json()
    assert [a["kind"] for a in response.json()["attributions"]] == ["vague"]
