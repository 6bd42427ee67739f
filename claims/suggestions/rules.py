"""The rule backend: reporting verbs, "according to", relays, hedges and quotations.

Each sentence is read on its own for its cue and source (claims/suggestions/sources.py),
then the article is read in order for what spans sentences: a quotation that goes on
after its speaker was named (or before: the cue may close it) continues that speaker, an
attribution with no source span; and pronouns and repeated names take the kind of the
mention they point back to. Lines that are not body text (headlines, datelines,
captions, share buttons) are proposed as `non_body`: the segmenter keeps every line a
sentence of its own but does not say which lines are which, so the cues here are the
ones that hold across outlets (no final punctuation, a caption's opening, a short line
in capitals).

No model, no downloads: regular expressions over the sentence, about 20 µs a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claims.attributions import AttributionSpec, Span
from claims.suggestions.base import Suggestion
from claims.suggestions.kinds import guess_kind
from claims.suggestions.sources import Found, find_attributions

NAME = "rules"
# Bump whenever a rule change can change a suggestion, so stored ones can be remade.
VERSION = "1"

# How sure each reading is, for ordering and thresholds later: a sentence's own cue with
# its source is the surest; a quotation continued from a neighbour the least.
SCORE_CONTINUED = 0.5
SCORE_NON_BODY = 0.7

_OPENING_QUOTES = '“"‘'
_TERMINAL = '.!?"”’)…'
_CAPTION = re.compile(
    r"(?:file\s+)?(?:photo|picture|image)s?\s+(?:shows?|of)\b|\(?(?:photo|image|credit)s?\s*:",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(?:share this|follow us|click here|read more|related:|copyright|all rights reserved"
    r"|sign up|subscribe|advertisement)|^(?:https?://|www\.)\S+$",
    re.IGNORECASE,
)
_CAPITALS_LINE = re.compile(r"[^a-z]{2,60}")


class RuleBackend:
    """The default backend (see the module's docstring). Holds no state between calls."""

    name = NAME
    version = VERSION

    def suggest(
        self, *, text: str, sentences: Sequence[tuple[int, int]]
    ) -> list[Suggestion | None]:
        """One suggestion (or None) per sentence; offsets absolute in `text`."""
        readings = [_read_sentence(text, start, end) for start, end in sentences]
        for index, (start, end) in enumerate(sentences):
            new_line = index == 0 or "\n" in text[sentences[index - 1][1] : start]
            previous = readings[index - 1] if index else None
            inside = previous is not None and previous.ends_inside and not new_line
            readings[index].starts_inside = inside or text[start] in _OPENING_QUOTES
            readings[index].ends_inside = _ends_inside_quotation(text[start:end], inside)
        _guess_kinds(text, readings)
        _continue_quotations(readings)
        return [self._suggestion(reading) for reading in readings]

    def _suggestion(self, reading: _Reading) -> Suggestion | None:
        if reading.is_non_body:
            return Suggestion("non_body", (), NAME, VERSION, SCORE_NON_BODY)
        if not reading.specs:
            return None
        embedded = all(spec.embedded for spec in reading.specs)
        # Attributions only inside subordinate clauses leave the sentence a claim.
        role = "claim" if embedded else "attribution"
        return Suggestion(role, tuple(reading.specs), NAME, VERSION, reading.score)


@dataclass(slots=True)
class _Reading:
    start: int
    found: list[Found]
    is_non_body: bool
    starts_inside: bool = False
    ends_inside: bool = False
    specs: list[AttributionSpec] | None = None
    score: float | None = None


def _read_sentence(text: str, start: int, end: int) -> _Reading:
    if _is_non_body(text, start, end):
        return _Reading(start, [], is_non_body=True)
    return _Reading(start, find_attributions(text[start:end]), is_non_body=False)


def _is_non_body(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    sentence = text[start:end]
    if line.strip() != sentence:
        return False  # a sentence of a paragraph is body text
    return (
        sentence[-1] not in _TERMINAL  # headlines, datelines, section and button lines
        or sentence[0].islower()  # a caption cut from its picture's credit
        or _BOILERPLATE.search(sentence) is not None
        or _CAPTION.match(sentence) is not None
        or (_CAPITALS_LINE.fullmatch(sentence) is not None and len(sentence.split()) <= 6)
    )


def _ends_inside_quotation(sentence: str, inside: bool) -> bool:
    # Curly single quotes double as apostrophes, so only double quotes count. Curly ones
    # say which way they face; straight ones each switch.
    straight = sentence.count('"')
    if straight:
        return inside != (straight % 2 == 1)
    last_open, last_close = sentence.rfind("“"), sentence.rfind("”")
    return inside if last_open == last_close else last_open > last_close


def _guess_kinds(text: str, readings: list[_Reading]) -> None:
    earlier: list[tuple[str, str]] = []  # (source text, kind), article order
    for reading in readings:
        if not reading.found:
            continue
        specs = []
        for found in reading.found:
            source = None if found.source is None else text[_absolute(reading, found.source)]
            kind = guess_kind(source, cue=found.cue_text, earlier=earlier)
            if source is not None:
                earlier.append((source, kind))
            specs.append(
                AttributionSpec(
                    kind=kind,
                    source=_span(reading, found.source),
                    cue=_span(reading, found.cue),
                    via=found.via,
                    embedded=found.embedded,
                )
            )
        reading.specs = specs
        reading.score = min(found.score for found in reading.found)


def _continue_quotations(readings: list[_Reading]) -> None:
    """A sentence of quoted speech with no cue of its own continues its speaker: the one
    whose cue closes the quotation later ("“War maniacs … . Six shells …”, said KCNA"),
    else the one the previous sentence named ("He said … . “The border …”")."""
    for index, reading in enumerate(readings):
        if reading.specs or reading.is_non_body or not reading.starts_inside:
            continue
        kind = _closing_speaker(readings, index)
        if kind is None and index and readings[index - 1].specs:
            kind = _originating_kind(readings[index - 1])
        if kind is not None:
            reading.specs = [AttributionSpec(kind=kind)]
            reading.score = SCORE_CONTINUED


def _closing_speaker(readings: list[_Reading], index: int) -> str | None:
    position = index
    while readings[position].ends_inside and position + 1 < len(readings):
        position += 1
        following = readings[position]
        if not following.starts_inside or following.is_non_body:
            return None
        if following.found and following.specs:
            return _originating_kind(following)
    return None


def _originating_kind(reading: _Reading) -> str | None:
    specs = reading.specs or []
    relays = {spec.via for spec in specs if spec.via is not None}
    kinds = [spec.kind for index, spec in enumerate(specs) if index not in relays]
    return kinds[-1] if kinds else None


def _absolute(reading: _Reading, local: tuple[int, int]) -> slice:
    return slice(reading.start + local[0], reading.start + local[1])


def _span(reading: _Reading, local: tuple[int, int] | None) -> Span | None:
    if local is None:
        return None
    return Span(reading.start + local[0], reading.start + local[1])
