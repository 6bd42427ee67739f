"""A labelled project for the dataset tests, and a shortcut to export it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claims.adjudication import adjudicate, refresh_automatic_gold
from claims.annotations import record_label
from claims.datasets.export import export_dataset
from claims.datasets.options import ExportOptions
from claims.imports.articles import import_article
from claims.models import Annotation, Project
from tests.conftest import ARTICLE_TEXT

SOURCE = "a report"


@pytest.fixture
def labelled(project, article, labels, alice, bob, rita) -> Project:
    """`article`'s sentences: 0 labelled by alice (bob cleared his label), 1 attribution
    by both (unanimous gold; alice named the source), 2 disputed and adjudicated by rita,
    3 unlabelled. A second article, "quiet", has two sentences and no labels."""
    first, second, third, _ = article.sentences.all()
    record_label(sentence=first, annotator=alice, label=labels["other"])
    record_label(sentence=first, annotator=bob, label=labels["other"])
    record_label(sentence=first, annotator=bob, label=None)
    record_label(sentence=second, annotator=alice, label=labels["attribution"], seconds=3.5)
    record_label(sentence=second, annotator=bob, label=labels["attribution"])
    record_label(sentence=third, annotator=alice, label=labels["opinion"])
    record_label(sentence=third, annotator=bob, label=labels["claim"])
    start = ARTICLE_TEXT.index(SOURCE)
    Annotation.objects.filter(sentence=second, annotator=alice, is_current=True).update(
        source_start=start, source_end=start + len(SOURCE), source_kind="media"
    )
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
