"""A bulk import gathers PostgreSQL's statistics of the tables it filled, once committed, so
that the first queries on a freshly loaded project are planned with the right sizes."""

import io
import json

import pytest
from django.db import connection

from claims.imports import articles
from claims.imports.articles import import_files
from claims.models import Sentence

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ANALYZE and pg_class are PostgreSQL's"
)


def estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def lines(count: int) -> io.BytesIO:
    records = (
        json.dumps({"id": f"a{n}", "text": "One claim. Another claim. A third."}) + "\n"
        for n in range(count)
    )
    return io.BytesIO("".join(records).encode())


@needs_postgresql
def test_a_bulk_import_analyzes_what_it_filled(
    project, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(articles, "ANALYZE_AFTER", 30)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_files(project=project, files=[("bulk.jsonl", lines(12))])
    assert len(callbacks) == 1
    assert estimated_rows("claims_sentence") == Sentence.objects.count() == 36


def test_a_small_import_leaves_it_to_autovacuum(
    project, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(articles, "ANALYZE_AFTER", 30)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_files(project=project, files=[("small.jsonl", lines(2))])
    assert callbacks == []
