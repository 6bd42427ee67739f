"""Attributions over the article's text: finding a source typed as it reads, and cutting a
sentence into the pieces the annotate page draws.

Plain values only (strings, offsets), so both are tested without a database. Offsets are
half-open and index the article's text, as everywhere else (claims/attributions.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# The source is looked for in its own sentence first, then in this window around it: a
# name is often given a sentence or two before "he said", rarely after.
SENTENCES_BEFORE = 2
SENTENCES_AFTER = 1
CONTEXT_CHARS = 40


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place where typed text was found, with the text around it to tell them apart."""

    start: int
    end: int
    before: str
    found: str
    after: str


def find_occurrences(
    *, text: str, typed: str, sentences: Sequence[tuple[int, int]], position: int
) -> list[Occurrence]:
    """Where `typed` occurs in `text` near sentence `position` of `sentences` (each sentence's
    (start, end), in order): in that sentence if it occurs there, else in the window from
    SENTENCES_BEFORE sentences before to SENTENCES_AFTER after. Runs of whitespace in
    `typed` match any run of whitespace (the text may break a line where the typist did
    not); case matters only if an exact match exists. Empty when nowhere; raises
    IndexError for a position outside `sentences`."""
    words = typed.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    start, end = sentences[position]
    first = sentences[max(0, position - SENTENCES_BEFORE)][0]
    last = sentences[min(len(sentences) - 1, position + SENTENCES_AFTER)][1]
    for low, high in ((start, end), (first, last)):
        for flags in (0, re.IGNORECASE):
            found = [
                _occurrence(text, match.start(), match.end())
                for match in re.compile(pattern, flags).finditer(text, low, high)
            ]
            if found:
                return found
    return []


def _occurrence(text: str, start: int, end: int) -> Occurrence:
    return Occurrence(
        start=start,
        end=end,
        before=text[max(0, start - CONTEXT_CHARS) : start],
        found=text[start:end],
        after=text[end : end + CONTEXT_CHARS],
    )


@dataclass(frozen=True, slots=True)
class Mark:
    """A span drawn in the text: an attribution's source or cue."""

    start: int
    end: int
    is_cue: bool
    kind: str  # the source kind's key
    entity: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a sentence's text covered by the same marks (none: plain text). `tag` is
    the kind of the source that ends here, shown after it; "" when none ends here."""

    text: str
    sources: tuple[Mark, ...] = ()
    cues: tuple[Mark, ...] = ()
    tag: str = ""

    @property
    def kind(self) -> str:
        # Where sources overlap, the shortest one is the one the reader is looking at.
        return (
            min(self.sources, key=lambda mark: mark.end - mark.start).kind if self.sources else ""
        )

    @property
    def entities(self) -> str:
        return " ".join(sorted({mark.entity for mark in self.sources}))


def cut_into_pieces(*, text: str, start: int, end: int, marks: Sequence[Mark]) -> list[Piece]:
    """`text[start:end]` (a sentence) cut where any of `marks` begins or ends, each piece with
    the marks that cover it; the pieces' texts joined give the sentence back exactly. Marks
    reaching outside the sentence are clipped to it; marks outside it are ignored."""
    inside = [mark for mark in marks if mark.start < end and mark.end > start]
    cuts = sorted(
        {start, end}
        | {mark.start for mark in inside if mark.start > start}
        | {mark.end for mark in inside if mark.end < end}
    )
    pieces = []
    for low, high in zip(cuts, cuts[1:], strict=False):
        covering = [mark for mark in inside if mark.start <= low and mark.end >= high]
        sources = tuple(mark for mark in covering if not mark.is_cue)
        ending = [mark for mark in sources if mark.end == high]
        pieces.append(
            Piece(
                text=text[low:high],
                sources=sources,
                cues=tuple(mark for mark in covering if mark.is_cue),
                tag=ending[0].kind if ending else "",
            )
        )
    return pieces
