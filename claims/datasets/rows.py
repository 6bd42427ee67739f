"""A labelled project as plain values, and the two shapes datasets take; no database.

An exported article holds its sentences, each with the current labels of its annotators
and its current gold label. From it come the nested JSON Lines document (one article per
line) and the tidy table rows of CSV and Parquet (one row per sentence and annotator).
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
)

type TableRow = tuple[str, int, int, int, str, str | None, str | None, str | None, datetime | None]


@dataclass(frozen=True, slots=True)
class DatasetAnnotation:
    """An annotator's current, non-empty label for a sentence."""

    annotator: str  # username
    label: str  # label key
    source_start: int | None  # half-open offsets into the article text, or both None
    source_end: int | None
    source_kind: str  # "" when not given
    seconds: float | None
    updated_at: datetime  # when the current revision was written


@dataclass(frozen=True, slots=True)
class DatasetSentence:
    index: int  # position in the article, from 0
    start: int  # half-open offsets into the article text
    end: int
    annotations: tuple[DatasetAnnotation, ...]  # ordered by annotator
    gold: str | None = None  # label key of the current gold label
    gold_method: str | None = None
    gold_reviewer: str | None = None  # username; only for adjudicated gold


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
            }
            for sentence in article.sentences
        ],
    }


def _annotation_document(annotation: DatasetAnnotation, text: str) -> dict[str, object]:
    start, end, kind = annotation.source_start, annotation.source_end, annotation.source_kind
    source = None
    if start is not None or kind:
        span = text[start:end] if start is not None and end is not None else None
        source = {"start": start, "end": end, "text": span, "kind": kind or None}
    return {
        "annotator": annotation.annotator,
        "label": annotation.label,
        "source": source,
        "seconds": annotation.seconds,
        "updated_at": iso_time(annotation.updated_at),
    }


def table_rows(articles: Iterable[DatasetArticle]) -> Iterator[TableRow]:
    """Rows in TABLE_COLUMNS order: one per sentence and annotation.

    A sentence without annotations still gets one row, with annotator, label and
    updated_at empty, so unlabelled and gold-only sentences are not lost from the table.
    """
    for article in articles:
        text, external_id = article.text, article.external_id
        for sentence in article.sentences:
            fixed = (external_id, sentence.index, sentence.start, sentence.end)
            piece = text[sentence.start : sentence.end]
            if not sentence.annotations:
                yield (*fixed, piece, None, None, sentence.gold, None)
            for annotation in sentence.annotations:
                yield (
                    *fixed,
                    piece,
                    annotation.annotator,
                    annotation.label,
                    sentence.gold,
                    annotation.updated_at,
                )


def iso_time(moment: datetime | None) -> str | None:
    """ISO 8601 always with microseconds: isoformat() leaves them out when they are zero,
    and a column mixing both forms defeats parsers such as pandas.to_datetime."""
    return None if moment is None else moment.isoformat(timespec="microseconds")
