"""The sources section's sums, checked against the plain per-sentence definitions they
replace: kind values from each sentence's lists, span counts summed sentence by sentence."""

from itertools import combinations

import numpy as np
import pytest

from claims.agreement.sources.kinds import kind_values
from claims.agreement.sources.marks import Mark, SourceMarks
from claims.agreement.sources.section import marked_kind_values
from claims.agreement.sources.spans import SpanCounts, sentence_counts, span_agreements


def _marks(seed: int) -> SourceMarks:
    """300 sentences, 3 annotators, most attributed sentences still without marks."""
    rng = np.random.default_rng(seed)
    attributed = rng.random((300, 3)) < 0.5
    marks = {}
    for unit, column in zip(*attributed.nonzero(), strict=True):
        if rng.random() < 0.3:
            found = []
            for _ in range(rng.integers(1, 4)):
                start = int(rng.integers(0, 50))
                spanned = rng.random() < 0.8
                found.append(
                    Mark(
                        kind=int(rng.integers(0, 4)),
                        source=(start, start + 5) if spanned else None,
                        tokens=(start, start + int(rng.integers(1, 4))) if spanned else None,
                        is_originating=bool(rng.random() < 0.8),
                    )
                )
            marks[(int(unit), int(column))] = tuple(found)
    return SourceMarks(
        kinds=("named", "anonymous", "vague", "media"),
        annotators=("alice", "bob", "carol"),
        attributed=attributed,
        articles=np.arange(300) // 10,
        marks=marks,
    )


@pytest.mark.parametrize("seed", [0, 1])
def test_kind_values_are_those_of_each_sentences_lists(seed):
    marks = _marks(seed)
    units = (
        [marks.originating_kinds(unit, column) for column in row.nonzero()[0]]
        for unit, row in enumerate(marks.attributed)
    )
    expected, found = kind_values(units=units, kinds=4), marked_kind_values(marks=marks)
    assert np.array_equal(found.raters, expected.raters)
    assert np.allclose(found.totals, expected.totals) and np.allclose(
        found.squares, expected.squares
    )


@pytest.mark.parametrize("seed", [0, 1])
def test_span_counts_are_the_sum_over_every_shared_sentence(seed):
    marks = _marks(seed)
    expected = []
    for first, second in combinations(range(3), 2):
        total = SpanCounts()
        both = marks.attributed[:, first] & marks.attributed[:, second]
        for unit in both.nonzero()[0].tolist():
            total += sentence_counts(
                marks.marks.get((unit, first), ()), marks.marks.get((unit, second), ())
            )
        expected.append(total)
    assert [pair.counts for pair in span_agreements(marks=marks)] == expected


def test_no_kinds_give_empty_kind_values():
    marks = SourceMarks.empty(annotators=("alice", "bob"))
    assert marked_kind_values(marks=marks).totals.shape == (0, 0)
