"""record_label's source span, the domain side of the API's `source` field."""

import pytest

from claims.annotations import InvalidSource, SourceSpan, record_label, undo_last_change
from tests.conftest import ARTICLE_TEXT

REPORT = SourceSpan(ARTICLE_TEXT.index("a report"), ARTICLE_TEXT.index(" says"), "media")


def test_source_is_stored_on_the_revision(sentence, alice, labels):
    annotation = record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], source=REPORT
    ).annotation
    assert SourceSpan.of(annotation) == REPORT


def test_same_label_and_source_again_adds_no_revision(sentence, alice, labels):
    for _ in range(2):
        record_label(sentence=sentence, annotator=alice, label=labels["attribution"], source=REPORT)
    assert sentence.annotations.count() == 1


def test_a_source_may_lie_outside_the_sentence(sentence, alice, labels):
    elsewhere = SourceSpan(0, 6, "document")  # "Drones", in the headline
    record_label(sentence=sentence, annotator=alice, label=labels["claim"], source=elsewhere)
    assert SourceSpan.of(sentence.annotations.get()) == elsewhere


@pytest.mark.parametrize(
    "span",
    [
        SourceSpan(-1, 5, "media"),
        SourceSpan(5, 5, "media"),
        SourceSpan(0, len(ARTICLE_TEXT) + 1, "media"),
        SourceSpan(0, 5, "rumour"),
    ],
)
def test_a_source_outside_the_article_or_of_no_kind_is_refused(sentence, alice, labels, span):
    with pytest.raises(InvalidSource):
        record_label(sentence=sentence, annotator=alice, label=labels["claim"], source=span)


def test_undo_restores_the_earlier_source(sentence, alice, labels):
    first = record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], source=REPORT
    ).annotation
    record_label(sentence=sentence, annotator=alice, label=labels["attribution"], based_on=first.pk)
    undone = undo_last_change(article=sentence.article, annotator=alice)
    assert SourceSpan.of(undone) == REPORT
