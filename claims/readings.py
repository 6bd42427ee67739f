"""Readings: the annotations of one sentence, an annotator's or the gold one, spelled out
so that a reviewer can compare them: the label, each attribution with its kind's name and
the text of its source and cue, and the sentence cut where those lie (to draw them as the
annotate page does, claims/attribution_text.py).

SentenceContext works on plain values (offsets, the text around the sentence); the
loaders below it read attributions and their texts from the database, for many revisions
in one query, and name each entity by the text of its first mention (an entity's id is
the annotator's or a default like `m1234`, which tells a reader nothing).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F, QuerySet
from django.db.models.functions import Substr

from claims.attribution_text import Mark, Piece, cut_into_pieces
from claims.attributions import AttributionSpec, Span
from claims.models import Label


@dataclass(frozen=True)
class ListedAttribution:
    """One attribution as the reviewer reads it: its kind's name and the text of its source
    and cue ("" without one). `place` says where a source outside the sentence lies ("in the
    sentence before", "later in the article"); "" when it lies in the sentence."""

    spec: AttributionSpec
    kind_name: str
    source_text: str = ""
    cue_text: str = ""
    place: str = ""
    # The text of the entity's first source mention in the article (by the same annotator,
    # or in the gold); "" when none of its mentions has a source span.
    entity_text: str = ""


@dataclass(frozen=True)
class Reading:
    """One annotation of a sentence: an annotator's, numbered from 1 in username order
    (the number is the key that takes it), or the gold one (no annotator)."""

    label: Label
    attributions: tuple[ListedAttribution, ...]
    pieces: tuple[Piece, ...]  # the sentence, cut where these sources and cues lie
    annotator: User | None = None
    number: int = 0
    is_gold: bool = False  # the current gold has this label and these attributions

    @property
    def specs(self) -> tuple[AttributionSpec, ...]:
        return tuple(listed.spec for listed in self.attributions)


@dataclass(frozen=True)
class SentenceContext:
    """A sentence ([start, end) of the article) and the article's `text` around it, which
    begins at offset `text_start`: what readings of the sentence are drawn in."""

    start: int
    end: int
    text_start: int
    text: str

    def reading(
        self,
        label: Label,
        found: Sequence[ListedAttribution],
        *,
        annotator: User | None = None,
        number: int = 0,
        gold: Reading | None = None,
    ) -> Reading:
        """The reading of `label` and the attributions `found` (in list order); `gold` is
        the current gold's reading, to tell whether this one is the same."""
        listed = tuple(replace(item, place=self._place(item.spec.source)) for item in found)
        specs = tuple(item.spec for item in listed)
        shift = self.text_start  # marks are in the article's offsets, pieces in the text's
        marks = [
            Mark(span.start - shift, span.end - shift, is_cue, spec.kind, spec.entity)
            for spec in specs
            for span, is_cue in ((spec.source, False), (spec.cue, True))
            if span is not None
        ]
        pieces = cut_into_pieces(
            text=self.text, start=self.start - shift, end=self.end - shift, marks=marks
        )
        is_gold = gold is not None and (gold.label.pk, gold.specs) == (label.pk, specs)
        return Reading(label, listed, tuple(pieces), annotator, number, is_gold)

    def _place(self, span: Span | None) -> str:
        if span is None or (span.start < self.end and span.end > self.start):
            return ""
        if span.end <= self.start:
            return (
                "in the sentence before"
                if span.start >= self.text_start
                else "earlier in the article"
            )
        text_end = self.text_start + len(self.text)
        return "in the sentence after" if span.end <= text_end else "later in the article"


def listed_attributions(
    rows: QuerySet[Any], *, parent: str, article_text: str
) -> dict[int, list[ListedAttribution]]:
    """`rows` (Attribution or GoldAttribution) by their revision's pk (`parent` names the
    field), each revision's in list order. The texts of sources and cues are cut out by
    the database from `article_text` (the path to the article's text): an article may run
    to megabytes. One query."""

    def cut(span: str) -> Substr:
        start = F(f"{span}_start")
        return Substr(article_text, start + 1, F(f"{span}_end") - start)

    values = (
        rows.annotate(source_text=cut("source"), cue_text=cut("cue"))
        .order_by(parent, "position")
        .values_list(
            parent,
            "kind__key",
            "kind__name",
            "source_start",
            "source_end",
            "cue_start",
            "cue_end",
            "entity",
            "via",
            "embedded",
            "source_text",
            "cue_text",
        )
    )
    found: dict[int, list[ListedAttribution]] = {}
    for pk, kind, name, s_start, s_end, c_start, c_end, entity, via, embedded, *texts in values:
        spec = AttributionSpec(
            kind=kind,
            source=None if s_start is None else Span(s_start, s_end),
            cue=None if c_start is None else Span(c_start, c_end),
            entity=entity,
            via=via,
            embedded=embedded,
        )
        source_text, cue_text = (text or "" for text in texts)
        found.setdefault(pk, []).append(ListedAttribution(spec, name, source_text, cue_text))
    return found


type MentionKey = tuple[int, int | None, str]  # (article, annotator or None, entity)


def first_mentions(
    rows: QuerySet[Any],
    *,
    article: str,
    owner: str | None,
    article_text: str,
    entities: Collection[str],
) -> dict[MentionKey, str]:
    """The text of each entity's first mention with a source span (the earliest in the
    article) among `rows` (Attribution or GoldAttribution, already limited to current
    revisions), keyed by the article (`article` names the field), the annotator (`owner`;
    None for gold, whose entities are the gold's) and the entity. Only `entities` are
    looked up; none, no query. One query."""
    if not entities:
        return {}
    start = F("source_start")
    mentions = (
        rows.filter(entity__in=entities, source_start__isnull=False)
        .annotate(text=Substr(article_text, start + 1, F("source_end") - start))
        # Latest first, so that the earliest is the one left in the dict.
        .order_by("-source_start")
        .values_list(article, *([owner] if owner else []), "entity", "text")
    )
    found: dict[MentionKey, str] = {}
    for values in mentions:
        article_id, *who, entity, text = values
        found[(article_id, who[0] if who else None, entity)] = text
    return found
