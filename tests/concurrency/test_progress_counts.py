"""One annotator in two tabs, labelling two sentences of an article at the same moment,
some for the first time and some again: ArticleProgress counts every label (the triggers
add to the row rather than recount, which would lose one tab's label to the other's
snapshot), and nobody deadlocks (articles are locked before progress rows)."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from claims.models import Annotation, ArticleProgress
from tests.concurrency.conftest import call, needs_postgresql, send_at_once

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
SENTENCES = 12


def test_two_tabs_labelling_one_article_are_both_counted(
    live_server, make_sentences, alice, browser_session
):
    sentences = make_sentences(SENTENCES)
    article = sentences[0].article
    url = live_server.url + reverse("label_sentence", args=[article.project.slug, article.pk])
    tabs = [browser_session(alice), browser_session(alice)]
    answers = set()
    # Each round: one tab relabels a labelled sentence, the other labels a new one.
    for index in range(1, SENTENCES):
        sends = []
        for (opener, headers), sentence in zip(tabs, sentences[index - 1 : index + 1], strict=True):
            current = Annotation.objects.filter(sentence=sentence, is_current=True).first()
            label = "opinion" if current else "claim"
            fields = {
                "sentence": sentence.pk,
                "label": label,
                "based_on": current.pk if current else 0,
            }
            data = urlencode(fields).encode()

            def send(opener=opener, headers=headers, data=data):
                request = urllib.request.Request(
                    url, data=data, headers=headers | {"HX-Request": "true"}
                )
                return call(opener, request)

            sends.append(send)
        answers |= {answer.status for answer in send_at_once(sends)}
    assert answers == {200}
    labelled = Annotation.objects.filter(
        sentence__article=article, annotator=alice, is_current=True, label__isnull=False
    ).count()
    progress = ArticleProgress.objects.get(article=article, annotator=alice)
    assert (progress.labelled, labelled) == (SENTENCES, SENTENCES)
