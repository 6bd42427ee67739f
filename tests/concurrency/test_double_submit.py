"""A retried or doubled request is harmless, also when both copies arrive at once.

The second of two identical requests waits for the first and answers as a repeat: the
same revision, nothing new stored. A 409 always carries the revision that is current.
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from claims.annotations import record_label
from claims.models import Annotation
from claims.tokens import rotate_token
from tests.concurrency.conftest import call, needs_postgresql, send_at_once

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
PAIRS = 10
HTMX = {"HX-Request": "true"}


def _api_post(live_server, token: str, body: dict):
    def send():
        request = urllib.request.Request(
            live_server.url + "/api/v1/annotations/",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        return call(urllib.request.build_opener(), request)

    return send


def _outcome(first, second) -> tuple[tuple[int, int], bool]:
    """The two statuses, and whether both answers name the same revision."""
    statuses = tuple(sorted([first.status, second.status]))
    return statuses, first.body.get("id") == second.body.get("id") is not None


def _twice_at_once(live_server, token: str, body: dict):
    return send_at_once([_api_post(live_server, token, body)] * 2)


def test_two_identical_first_labels_store_one_revision(live_server, article, alice):
    token = rotate_token(user=alice)
    for sentence in article.sentences.all():
        body = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
        _twice_at_once(live_server, token, body)
    assert Annotation.objects.filter(annotator=alice).count() == article.sentences.count()


def test_two_identical_first_labels_both_succeed_with_the_same_revision(
    live_server, project, alice, make_sentences
):
    token = rotate_token(user=alice)
    outcomes = set()
    for sentence in make_sentences(PAIRS):
        body = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
        first, second = _twice_at_once(live_server, token, body)
        outcomes.add(_outcome(first, second))
    assert outcomes == {((200, 201), True)}


def test_two_identical_changes_both_succeed_with_the_same_revision(
    live_server, project, alice, labels, make_sentences
):
    token = rotate_token(user=alice)
    outcomes = set()
    for sentence in make_sentences(PAIRS):
        seen = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
        body = {"sentence": sentence.pk, "label": "opinion", "based_on": seen.pk}
        first, second = _twice_at_once(live_server, token, body)
        outcomes.add(_outcome(first, second))
    assert outcomes == {((200, 201), True)}


def test_a_conflict_at_the_same_moment_carries_the_current_revision(
    live_server, project, alice, labels, make_sentences
):
    token = rotate_token(user=alice)
    refused = []
    for sentence in make_sentences(PAIRS):
        seen = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
        bodies = [
            {"sentence": sentence.pk, "label": key, "based_on": seen.pk}
            for key in ("opinion", "other")
        ]
        answers = send_at_once([_api_post(live_server, token, body) for body in bodies])
        current = Annotation.objects.get(sentence=sentence, annotator=alice, is_current=True)
        refused += [
            (a.body["current"] or {}).get("id") == current.pk for a in answers if a.status == 409
        ]
    assert refused == [True] * PAIRS


def test_a_doubled_form_post_is_saved_once_and_answered_twice(
    live_server, article, alice, browser_session
):
    opener, headers = browser_session(alice)
    url = live_server.url + reverse("label_sentence", args=[article.project.slug, article.pk])
    statuses = set()
    for sentence in article.sentences.all():
        form = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
        data = urlencode(form).encode()

        def send(data=data):
            request = urllib.request.Request(
                url, data=data, headers=headers | {"HX-Request": "true"}
            )
            return call(opener, request)

        statuses |= {answer.status for answer in send_at_once([send, send])}
    assert statuses == {200}


def test_a_doubled_gold_decision_is_saved_once_and_answered_twice(
    live_server, article, alice, bob, rita, labels, browser_session
):
    opener, headers = browser_session(rita)
    statuses = set()
    for sentence in article.sentences.all():
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
        record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
        url = live_server.url + reverse("decide_gold", args=["iraq", sentence.pk])
        data = urlencode({"label": "claim", "note": "", "based_on": 0}).encode()

        def send(url=url, data=data):
            request = urllib.request.Request(url, data=data, headers=headers | HTMX)
            return call(opener, request)

        statuses |= {answer.status for answer in send_at_once([send, send])}
    assert statuses == {200}
