"""A labelled project for the dataset tests, and a shortcut to export it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claims.adjudication import adjudicate, refresh_automatic_gold
from claims.annotations import record_label
from claims.attributions import AttributionSpec, Span
from claims.datasets.export import export_dataset
from claims.datasets.options import ExportOptions
from claims.imports.articles import import_article
from claims.models import Project
from tests.conftest import ARTICLE_TEXT

SOURCE = "a report"


@pytest.fixture
def labelled(project, article, labels, alice, bob, rita) -> Project:
    """`article`'s sentences: 0 labelled by alice (bob cleared his label), 1 attribution
    by both, of the same kind of source (unanimous gold; alice marked the source's span),
    2 disputed and adjudicated by rita,
    3 unlabelled. A second article, "quiet", has two sentences and no labels."""
    first, second, third, _ = article.sentences.all()
    record_label(sentence=first, annotator=alice, label=labels["other"])
    record_label(sentence=first, annotator=bob, label=labels["other"])
    record_label(sentence=first, annotator=bob, label=None)
    start = ARTICLE_TEXT.index(SOURCE)
    record_label(
        sentence=second,
        annotator=alice,
        label=labels["attribution"],
        seconds=3.5,
        attributions=[
            AttributionSpec(kind="news_media", source=Span(start, start + len(SOURCE)), entity="E1")
        ],
    )
    # bob agrees on the kind, names no span.
    record_label(
        sentence=second,
        annotator=bob,
        label=labels["attribution"],
        attributions=[AttributionSpec(kind="news_media", entity="agency")],
    )
    record_label(sentence=third, annotator=alice, label=labels["opinion"])
    record_label(sentence=third, annotator=bob, label=labels["claim"])
    refresh_automatic_gold(sentences=article.sentences.all())
    adjudicate(sentence=third, label=labels["opinion"], by=rita)
    import_article(
        project=project,
        text="Quiet day. Nothing happened.",
        external_id="quiet",
        title="Quiet",
        outlet="Wire",
        published_at="2024-05-31T14:05:00+00:00",
        metadata={"section": "world"},
    )
    return project


@pytest.fixture
def exported(labelled) -> Callable[..., bytes]:
    """exported("csv", gold_only=True): the labelled project's file, as bytes."""

    def export(format: str, *, project: Project | None = None, **options: object) -> bytes:
        chunks = export_dataset(
            project=project or labelled, format=format, options=ExportOptions(**options)
        )
        return b"".join(chunks)

    return export
