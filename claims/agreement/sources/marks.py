"""Annotators' attributions as plain values for the agreement on sources.

The loader (claims/agreement/loading.py) reads them from the database; tests and
benchmarks build them by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

# A token is a run of word characters: punctuation and spaces at a span's edge do not
# change which tokens it covers ("an unnamed source," and "an unnamed source" agree).
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Mark:
    """One attribution of an annotator's current revision of a sentence."""

    kind: int  # index into SourceMarks.kinds
    # Its source's character offsets in the article, and the half-open range of the
    # article's token indexes that the source overlaps; both None without a source span.
    source: tuple[int, int] | None = None
    tokens: tuple[int, int] | None = None
    is_originating: bool = True  # claims.attributions.originating chose it


@dataclass(frozen=True)
class SourceMarks:
    """Who labelled which sentence attribution, and the attributions they marked there.

    Units (rows of `attributed`) are the sentences that at least one annotator labelled
    with a label whose role is attribution; columns are `annotators` (the report's, by
    username). `marks[(unit, column)]` lists that annotator's attributions of that
    sentence in position order; a pair absent from it marked none.
    """

    kinds: tuple[str, ...]  # the project's source kind keys, in scheme order
    annotators: tuple[str, ...]
    attributed: np.ndarray  # units × annotators bool
    articles: np.ndarray  # unit i's article id, the cluster the bootstrap resamples
    marks: Mapping[tuple[int, int], tuple[Mark, ...]] = field(default_factory=dict)

    @classmethod
    def empty(cls, *, kinds: tuple[str, ...] = (), annotators: tuple[str, ...] = ()) -> SourceMarks:
        return cls(
            kinds=kinds,
            annotators=annotators,
            attributed=np.zeros((0, len(annotators)), bool),
            articles=np.zeros(0, dtype=np.int64),
        )

    def originating_kinds(self, unit: int, column: int) -> list[int]:
        """The kind codes of the annotator's originating attributions of the unit."""
        return [mark.kind for mark in self.marks.get((unit, column), ()) if mark.is_originating]


def word_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The start and end offsets of `text`'s tokens, in order."""
    bounds = np.array([match.span() for match in _WORD.finditer(text)], dtype=np.int64)
    bounds = bounds.reshape(-1, 2)
    return bounds[:, 0], bounds[:, 1]


def token_range(*, bounds: tuple[np.ndarray, np.ndarray], start: int, end: int) -> tuple[int, int]:
    """The half-open range of token indexes that overlap the characters [start, end): a
    span that cuts a word still covers that word. Empty (first == last) for a span of
    punctuation or spaces only."""
    starts, ends = bounds
    first = int(np.searchsorted(ends, start, side="right"))  # tokens ending at or before
    last = int(np.searchsorted(starts, end, side="left"))  # tokens starting before end
    return first, max(first, last)
