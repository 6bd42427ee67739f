"""What one label save costs in queries, pinned: it is what every keystroke pays.

The save itself is the sentence's lock, one read of all its current revisions (every
annotator's, with attributions, the gold one, and the project's source kinds), and the
writes that change something; the doors add what they must read to check the input and
draw the answer.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.annotations import record_label
from claims.models import GoldLabel

HTMX = {"HTTP_HX_REQUEST": "true"}
# Session, user; the article, the sentence and the project's labels (the form's checks).
HTMX_INPUT = 5
# The annotator's attributions in the article (marks), the changed sentence with the
# annotator's revision and label, the progress bar.
HTMX_ANSWER = 3
# The rate budget; the sentence with its article and project, the label by its key.
API_INPUT = 3
API_ANSWER = 1  # the new revision's attributions with their kinds
# BEGIN, lock, read; the new revision; COMMIT.
SAVE = 5
RETIRE = 1  # the replaced revision is no longer current
GOLD = 1  # automatic gold appended (its attributions too, when it has any)


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def post(client, sentence, label: str, based_on: int = 0):
    url = reverse("label_sentence", args=[sentence.article.project.slug, sentence.article_id])
    data = {"sentence": sentence.pk, "label": label, "based_on": based_on}
    return client.post(url, data, **HTMX)


def test_a_first_label(as_alice, sentence, django_assert_num_queries):
    with django_assert_num_queries(HTMX_INPUT + SAVE + HTMX_ANSWER):
        assert post(as_alice, sentence, "claim").status_code == 200


def test_a_changed_label(as_alice, sentence, alice, labels, django_assert_num_queries):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    with django_assert_num_queries(HTMX_INPUT + SAVE + RETIRE + HTMX_ANSWER):
        assert post(as_alice, sentence, "opinion", based_on=first.pk).status_code == 200


def test_a_label_that_earns_gold(as_alice, sentence, bob, labels, django_assert_num_queries):
    sentence.article.project.annotators_per_article = 2
    sentence.article.project.save()
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    with django_assert_num_queries(HTMX_INPUT + SAVE + GOLD + HTMX_ANSWER):
        assert post(as_alice, sentence, "claim").status_code == 200
    assert GoldLabel.objects.get(sentence=sentence, is_current=True).label.key == "claim"


def test_a_label_through_the_api(alice, sentence, django_assert_num_queries):
    client = APIClient()
    client.force_authenticate(alice)
    body = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
    with django_assert_num_queries(API_INPUT + SAVE + API_ANSWER):
        assert client.post("/api/v1/annotations/", body, format="json").status_code == 201
