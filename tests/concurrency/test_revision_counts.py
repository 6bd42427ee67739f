"""Annotators saving labels in the same article at the same moment, over HTTP: every
revision, and the automatic gold their agreement makes, is counted in Article.revisions
(the triggers lock the article row, in id order, so none is lost and nobody deadlocks),
and the counter equals the revisions stored."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from claims.models import Annotation, Article, GoldLabel
from tests.concurrency.conftest import call, needs_postgresql, send_at_once

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
SENTENCES = 12


def test_parallel_saves_in_one_article_are_all_counted(
    live_server, make_sentences, alice, bob, browser_session
):
    sentences = make_sentences(SENTENCES)
    article = sentences[0].article
    url = live_server.url + reverse("label_sentence", args=[article.project.slug, article.pk])
    sessions = [browser_session(alice), browser_session(bob)]
    for sentence in sentences:
        sends = []
        for opener, headers in sessions:
            data = urlencode({"sentence": sentence.pk, "label": "claim", "based_on": 0}).encode()

            def send(opener=opener, headers=headers, data=data):
                request = urllib.request.Request(
                    url, data=data, headers=headers | {"HX-Request": "true"}
                )
                return call(opener, request)

            sends.append(send)
        assert {answer.status for answer in send_at_once(sends)} == {200}
    annotations = Annotation.objects.filter(sentence__article=article).count()
    gold = GoldLabel.objects.filter(sentence__article=article).count()  # automatic gold
    assert (annotations, gold) == (2 * SENTENCES, SENTENCES)
    counted = Article.objects.values_list("revisions", flat=True).get(pk=article.pk)
    assert counted == annotations + gold
