"""Two reviewers take different annotators' annotations of one sentence at the same moment,
both from the page that showed no gold: the first decision stands, the second is refused
with 409 showing it, and the sentence has one current gold revision."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from claims.annotations import record_label
from claims.attributions import AttributionSpec, Span, current_attributions
from claims.models import GoldLabel
from tests.concurrency.conftest import call, needs_postgresql, send_at_once

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
ROUNDS = 8
KINDS = {"alice": "anonymous", "bob": "vague"}


@pytest.fixture
def disputed(make_sentences, alice, bob, labels):
    """Sentences that alice and bob both call attributions to the same word, of two kinds."""
    sentences = make_sentences(ROUNDS)
    for sentence in sentences:
        source = Span(sentence.start, sentence.start + len("Sentence"))
        for person in (alice, bob):
            spec = AttributionSpec(kind=KINDS[person.username], source=source)
            record_label(
                sentence=sentence,
                annotator=person,
                label=labels["attribution"],
                attributions=[spec],
            )
    return sentences


@pytest.fixture
def reviewers(browser_session, rita, owen):
    """rita's and owen's sessions (an owner reviews too)."""
    return [browser_session(rita), browser_session(owen)]


def _race(live_server, reviewers, sentence, *, htmx: bool):
    """rita takes alice's annotation and owen bob's, at once; their answers in that order."""
    url = live_server.url + reverse("decide_gold", args=["iraq", sentence.pk])
    sends = []
    for (opener, headers), annotator in zip(reviewers, ("alice", "bob"), strict=True):
        data = urlencode({"take_from": annotator, "note": "", "based_on": 0}).encode()
        headers = headers | ({"HX-Request": "true"} if htmx else {})

        def send(opener=opener, data=data, headers=headers):
            return call(opener, urllib.request.Request(url, data=data, headers=headers))

        sends.append(send)
    return send_at_once(sends)


@pytest.mark.parametrize(("htmx", "success"), [(True, 200), (False, 303)])
def test_one_of_two_reviewers_taking_at_once_wins_and_the_other_gets_409(
    live_server, reviewers, disputed, htmx, success
):
    outcomes = set()
    for sentence in disputed:
        answers = _race(live_server, reviewers, sentence, htmx=htmx)
        outcomes.add(tuple(sorted(answer.status for answer in answers)))
    assert outcomes == {(success, 409)}


def test_the_refused_reviewer_sees_the_winners_gold(live_server, reviewers, disputed):
    shown = []
    for sentence in disputed:
        answers = _race(live_server, reviewers, sentence, htmx=True)
        gold = GoldLabel.objects.get(sentence=sentence, is_current=True)
        kind = current_attributions(gold)[0][0].kind
        refused = next(answer.body["html"] for answer in answers if answer.status == 409)
        gold_part = refused[refused.index('class="reading gold-reading"') :]
        shown.append(f"by {gold.reviewer}" in refused and f'data-kind="{kind}"' in gold_part)
    assert shown == [True] * ROUNDS


def test_a_sentence_taken_twice_at_once_has_one_gold_revision(live_server, reviewers, disputed):
    for sentence in disputed:
        _race(live_server, reviewers, sentence, htmx=True)
    counts = {GoldLabel.objects.filter(sentence=sentence).count() for sentence in disputed}
    assert counts == {1}
