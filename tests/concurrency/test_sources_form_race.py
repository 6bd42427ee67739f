"""Two posts of a sentence's sources form (no JavaScript) at the same moment.

Both were made from the same revision: the first saved wins, the other is refused with
the form's conflict page (409) and leaves nothing behind. The same form posted twice is a
repeat: one revision, both answered as saved.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from annotator.views.sources import STALE_MESSAGE
from claims.annotations import record_label
from claims.models import Annotation, Attribution
from tests.concurrency.conftest import Answer, call, needs_postgresql, send_at_once

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
PAIRS = 10
KINDS = ("vague", "anonymous")
STALE = STALE_MESSAGE.split(" It now")[0]  # the page wraps the rest


def _form(sentence, kind: str, based_on: int) -> bytes:
    # "Sentence 3.": its number is the one text it shares with no sentence around it.
    return urlencode(
        {
            "label": "attribution",
            "based_on": based_on,
            "sources-TOTAL_FORMS": 1,
            "sources-INITIAL_FORMS": 0,
            "sources-MIN_NUM_FORMS": 0,
            "sources-MAX_NUM_FORMS": 20,
            "sources-0-source": str(sentence.position),
            "sources-0-kind": kind,
        }
    ).encode()


@pytest.fixture
def post(live_server, alice, browser_session):
    """post(sentence, kind, based_on) -> a request to send, as alice's browser would."""
    opener, headers = browser_session(alice)

    def make(sentence, kind: str, based_on: int):
        article = sentence.article
        url = live_server.url + reverse(
            "sentence_sources", args=[article.project.slug, article.pk, sentence.position]
        )
        data = _form(sentence, kind, based_on)
        return lambda: call(opener, urllib.request.Request(url, data=data, headers=headers))

    return make


def _race(post, sentence, based_on: int) -> tuple[list[Answer], set[str]]:
    """The two answers, and the kinds stored for the sentence in any revision."""
    answers = send_at_once([post(sentence, kind, based_on) for kind in KINDS])
    stored = Attribution.objects.filter(annotation__sentence=sentence)
    return answers, set(stored.values_list("kind__key", flat=True))


def _outcome(answers: list[Answer]) -> tuple[int, ...]:
    return tuple(sorted(answer.status for answer in answers))


@pytest.fixture
def sentences(make_sentences, alice, labels):
    """Sentences alice labelled claim, and the revision each form was made from."""
    found = make_sentences(PAIRS)
    seen = [record_label(sentence=s, annotator=alice, label=labels["claim"]) for s in found]
    return [(sentence, change.annotation.pk) for sentence, change in zip(found, seen, strict=True)]


def test_of_two_forms_at_once_one_is_saved_and_one_refused(post, sentences, alice):
    outcomes = set()
    for sentence, based_on in sentences:
        answers, _ = _race(post, sentence, based_on)
        revisions = Annotation.objects.filter(sentence=sentence, annotator=alice).count()
        outcomes.add((_outcome(answers), revisions))
    assert outcomes == {((303, 409), 2)}  # the claim, then one of the two forms


def test_the_refused_form_is_told_the_sentence_changed(post, sentences):
    refusals = set()
    for sentence, based_on in sentences:
        answers, _ = _race(post, sentence, based_on)
        refusals |= {STALE in a.body["html"] for a in answers if a.status == 409}
    assert refusals == {True}


def test_the_refused_forms_attributions_are_never_stored(post, sentences):
    stored = []
    for sentence, based_on in sentences:
        answers, kinds = _race(post, sentence, based_on)
        winner = next(kind for kind, a in zip(KINDS, answers, strict=True) if a.status == 303)
        stored.append(kinds == {winner})
    assert stored == [True] * PAIRS


def test_of_two_first_forms_at_once_one_is_saved_and_one_refused(post, make_sentences):
    outcomes = {_outcome(_race(post, sentence, 0)[0]) for sentence in make_sentences(PAIRS)}
    assert outcomes == {(303, 409)}


def test_a_doubled_form_is_saved_once_and_answered_twice(post, sentences, alice):
    outcomes, revisions = set(), set()
    for sentence, based_on in sentences:
        outcomes.add(_outcome(send_at_once([post(sentence, "vague", based_on)] * 2)))
        revisions.add(Annotation.objects.filter(sentence=sentence, annotator=alice).count())
    assert (outcomes, revisions) == ({(303, 303)}, {2})  # the claim, then the sources
