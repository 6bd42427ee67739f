"""A labelled project as plain values, and the two shapes datasets take; no database.

An exported article holds its sentences, each with the current labels of its annotators
(with their attributions) and its current gold label (with its). From it come the nested
JSON Lines document (one article per line) and the tidy table rows of CSV and Parquet (one
row per sentence, annotator and attribution).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

# Bump when a field changes meaning or disappears; adding a field does not need it.
FORMAT_VERSION = 1

TABLE_COLUMNS = (
    "article_id",
    "sentence_index",
    "start",
    "end",
    "text",
    "annotator",
    "label",
    "gold",
    "updated_at",
    # One row per attribution of the annotation (or of the gold label, in rows where
    # `is_gold` is true); all empty in the one row of an annotation without any.
    "is_gold",
    "attribution",  # its index in the annotation's list, which `via` refers to
    "source_start",
    "source_end",
    "source_text",
    "source_kind",
    "cue_start",
    "cue_end",
    "cue_text",
    "entity",
    "via",
    "embedded",
)
ATTRIBUTION_COLUMNS = TABLE_COLUMNS[TABLE_COLUMNS.index("attribution") :]

type TableRow = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class DatasetAttribution:
    """One attribution of a revision (see claims/attributions.py)."""

    source_start: int | None  # half-open offsets into the article text, or both None
    source_end: int | None
    cue_start: int | None
    cue_end: int | None
    kind: str  # source kind key
    entity: str
    via: int | None
    embedded: bool


@dataclass(frozen=True, slots=True)
class DatasetAnnotation:
    """An annotator's current, non-empty label for a sentence."""

    annotator: str  # username
    label: str  # label key
    seconds: float | None
    updated_at: datetime  # when the current revision was written
    attributions: tuple[DatasetAttribution, ...] = ()


@dataclass(frozen=True, slots=True)
class DatasetSentence:
    index: int  # position in the article, from 0
    start: int  # half-open offsets into the article text
    end: int
    annotations: tuple[DatasetAnnotation, ...]  # ordered by annotator
    gold: str | None = None  # label key of the current gold label
    gold_method: str | None = None
    gold_reviewer: str | None = None  # username; only for adjudicated gold
    gold_attributions: tuple[DatasetAttribution, ...] = ()


@dataclass(frozen=True, slots=True)
class DatasetArticle:
    external_id: str
    title: str
    outlet: str
    url: str
    author: str
    published_at: datetime | None
    text: str
    metadata: dict[str, object]
    segmenter: str
    sentences: tuple[DatasetSentence, ...]


def keep_sentence(sentence: DatasetSentence, *, gold_only: bool, min_annotations: int) -> bool:
    """Whether a sentence belongs in a dataset: `gold_only` keeps sentences with gold,
    `min_annotations` those with at least that many (already filtered) annotations."""
    return (not gold_only or sentence.gold is not None) and len(
        sentence.annotations
    ) >= min_annotations


def article_document(article: DatasetArticle) -> dict[str, object]:
    """The JSON Lines object of one article; import_files reads it back unchanged."""
    text = article.text
    return {
        "id": article.external_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "author": article.author,
        "published_at": iso_time(article.published_at),
        "text": text,
        "meta": article.metadata,
        "segmenter": article.segmenter,
        "sentences": [
            {
                "index": sentence.index,
                "start": sentence.start,
                "end": sentence.end,
                "text": text[sentence.start : sentence.end],
                "annotations": [_annotation_document(a, text) for a in sentence.annotations],
                "gold": sentence.gold,
                "gold_method": sentence.gold_method,
                "gold_reviewer": sentence.gold_reviewer,
                "gold_attributions": [
                    _attribution_document(a, text) for a in sentence.gold_attributions
                ],
            }
            for sentence in article.sentences
        ],
    }


def _annotation_document(annotation: DatasetAnnotation, text: str) -> dict[str, object]:
    return {
        "annotator": annotation.annotator,
        "label": annotation.label,
        "attributions": [_attribution_document(a, text) for a in annotation.attributions],
        "seconds": annotation.seconds,
        "updated_at": iso_time(annotation.updated_at),
    }


def _attribution_document(attribution: DatasetAttribution, text: str) -> dict[str, object]:
    return {
        "source": _span(attribution.source_start, attribution.source_end, text),
        "cue": _span(attribution.cue_start, attribution.cue_end, text),
        "kind": attribution.kind,
        "entity": attribution.entity,
        "via": attribution.via,
        "embedded": attribution.embedded,
    }


def _span(start: int | None, end: int | None, text: str) -> dict[str, object] | None:
    if start is None or end is None:
        return None
    return {"start": start, "end": end, "text": text[start:end]}


def _attribution_cells(
    attributions: tuple[DatasetAttribution, ...], text: str
) -> list[tuple[object, ...]]:
    """The attribution columns of each row an annotation takes: one per attribution, or
    one of empty cells."""
    if not attributions:
        return [(None,) * len(ATTRIBUTION_COLUMNS)]
    return [
        (
            index,
            a.source_start,
            a.source_end,
            text[a.source_start : a.source_end] if a.source_start is not None else None,
            a.kind,
            a.cue_start,
            a.cue_end,
            text[a.cue_start : a.cue_end] if a.cue_start is not None else None,
            a.entity,
            a.via,
            a.embedded,
        )
        for index, a in enumerate(attributions)
    ]


def table_rows(articles: Iterable[DatasetArticle]) -> Iterator[TableRow]:
    """Rows in TABLE_COLUMNS order: one per sentence, annotation and attribution.

    An annotation without attributions takes one row, its attribution columns empty. A
    sentence without annotations still gets one row, with annotator, label and
    updated_at empty, so unlabelled and gold-only sentences are not lost from the table.
    Gold attributions take rows of their own, with `is_gold` true, the gold label in
    `label` and no annotator; the `gold` column holds the gold label in every row.
    """
    empty = (None,) * len(ATTRIBUTION_COLUMNS)
    for article in articles:
        text, external_id = article.text, article.external_id
        for sentence in article.sentences:
            fixed = (external_id, sentence.index, sentence.start, sentence.end)
            piece = text[sentence.start : sentence.end]
            if not sentence.annotations:
                yield (*fixed, piece, None, None, sentence.gold, None, False, *empty)
            for annotation in sentence.annotations:
                labelled = (annotation.annotator, annotation.label, sentence.gold)
                for cells in _attribution_cells(annotation.attributions, text):
                    yield (*fixed, piece, *labelled, annotation.updated_at, False, *cells)
            if sentence.gold_attributions:
                for cells in _attribution_cells(sentence.gold_attributions, text):
                    yield (*fixed, piece, None, sentence.gold, sentence.gold, None, True, *cells)


def iso_time(moment: datetime | None) -> str | None:
    """ISO 8601 always with microseconds: isoformat() leaves them out when they are zero,
    and a column mixing both forms defeats parsers such as pandas.to_datetime."""
    return None if moment is None else moment.isoformat(timespec="microseconds")
