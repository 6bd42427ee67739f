"""Readings on plain values: where a source lies, how the sentence is cut, which is gold."""

import pytest

from claims.attributions import AttributionSpec, Span
from claims.models import Label
from claims.readings import ListedAttribution, SentenceContext

TEXT = "One. Two says a man. Three."  # the article; the sentence is "Two says a man."
AROUND = SentenceContext(start=5, end=20, text_start=5, text=TEXT[5:27])  # no sentence before
ATTRIBUTION = Label(pk=1, key="attribution")


def listed(source=None, cue=None, kind="vague"):
    return ListedAttribution(AttributionSpec(kind=kind, source=source, cue=cue), "Vague")


@pytest.mark.parametrize(
    ("source", "place"),
    [
        (None, ""),
        (Span(14, 19), ""),  # "a man", in the sentence
        (Span(3, 6), ""),  # reaching into it
        (Span(0, 3), "earlier in the article"),  # before the text around it
        (Span(21, 26), "in the sentence after"),
    ],
)
def test_a_source_outside_the_sentence_says_where_it_lies(source, place):
    reading = AROUND.reading(ATTRIBUTION, [listed(source)])
    assert reading.attributions[0].place == place


def test_the_text_before_the_sentence_is_the_sentence_before():
    around = SentenceContext(start=5, end=20, text_start=0, text=TEXT)
    assert around.reading(ATTRIBUTION, [listed(Span(0, 3))]).attributions[0].place == (
        "in the sentence before"
    )


def test_the_sentence_is_cut_where_its_source_and_cue_lie():
    reading = AROUND.reading(ATTRIBUTION, [listed(Span(14, 19), Span(9, 13))])
    assert [(piece.text, piece.kind, bool(piece.cues)) for piece in reading.pieces] == [
        ("Two ", "", False),
        ("says", "", True),
        (" ", "", False),
        ("a man", "vague", False),
        (".", "", False),
    ]


def test_a_reading_equal_to_the_gold_one_is_marked_as_gold():
    gold = AROUND.reading(ATTRIBUTION, [listed(Span(14, 19))])
    assert AROUND.reading(ATTRIBUTION, [listed(Span(14, 19))], gold=gold).is_gold


def test_a_reading_of_another_kind_is_not_gold():
    gold = AROUND.reading(ATTRIBUTION, [listed(Span(14, 19))])
    other = AROUND.reading(ATTRIBUTION, [listed(Span(14, 19), kind="anonymous")], gold=gold)
    assert not other.is_gold
