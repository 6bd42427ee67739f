"""What every suggestion backend gives and promises.

Backends are pure: they read an article's text and its sentences' offsets and return plain
values, so they run without a database (in tests, benchmarks and background tasks alike).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from claims.attributions import AttributionSpec


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What a backend proposes for one sentence.

    `role` is a label *role* (claim, attribution, opinion, non_body; see Label.Role), not a
    label key: keys are each project's data (the default scheme's non-body label is
    `other`), so the step that stores a suggestion maps the role to the project's label
    with that role. `attributions` are in the shape revisions store, spans as absolute
    offsets into the article's text, `via` an index into the same tuple, `entity` left
    empty. `score` is the backend's confidence in [0, 1], or None if it has none.
    """

    role: str | None
    attributions: tuple[AttributionSpec, ...]
    backend: str
    version: str
    score: float | None = None


class Backend(Protocol):
    """A suggester. `version` changes whenever its output for some text may change, so
    that stored suggestions from an older version can be found and remade."""

    name: str
    version: str

    def suggest(
        self, *, text: str, sentences: Sequence[tuple[int, int]]
    ) -> list[Suggestion | None]:
        """One entry per sentence, in order (each sentence its half-open (start, end) in
        `text`): a Suggestion, or None where the backend proposes nothing."""
        ...
