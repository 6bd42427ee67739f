"""Background imports: stored in the database, run all or nothing, progress seen apart."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from claims.imports import jobs
from claims.imports.jobs import count_articles, job_status, run_import_job, store_import_job
from claims.models import Article, ImportJob


def jsonl(count: int, *, bad_at: int | None = None) -> bytes:
    lines = [
        {"id": f"a{n}", "text": "" if n == bad_at else f"Article {n} says so. It does."}
        for n in range(count)
    ]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def stored(project, owen, content: bytes, name: str = "big.jsonl") -> ImportJob:
    return store_import_job(
        project=project, files=[(name, io.BytesIO(content))], update=False, by=owen
    )


def test_a_job_imports_its_files_and_says_what_it_imported(project, owen):
    job = stored(project, owen, jsonl(3))
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.message) == (
        "done",
        "Imported 3 articles (3 new, 0 updated), 6 sentences.",
    )


def test_a_finished_job_keeps_the_file_names_but_not_the_bytes(project, owen):
    job = stored(project, owen, jsonl(2))
    run_import_job(job_id=job.pk)
    assert [(f.name, bytes(f.content)) for f in job.files.all()] == [("big.jsonl", b"")]


def test_a_bad_record_fails_the_job_and_imports_nothing(project, owen):
    job = stored(project, owen, jsonl(5, bad_at=3))
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, Article.objects.count()) == ("failed", 0)


def test_a_failed_job_names_file_line_and_field(project, owen):
    job = stored(project, owen, jsonl(5, bad_at=3))
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.message == "big.jsonl line 4: field 'text' is empty. Nothing was imported."


def test_a_job_counts_its_articles_and_records_progress(project, owen):
    job = stored(project, owen, jsonl(4))
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert (job.done, job.total, job_status(job=job).counted) == (4, 4, "4 of 4 articles")


def test_a_job_that_is_not_pending_is_not_run_again(project, owen):
    job = stored(project, owen, jsonl(2))
    run_import_job(job_id=job.pk)
    run_import_job(job_id=job.pk)  # a task delivered twice
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("one.txt", b"Title\n\nText.", 1),
        ("many.jsonl", b'{"text": "a"}\n\n{"text": "b"}\n', 2),
        ("rows.csv", b'id,text\n1,"two\nlines"\n2,plain\n', 2),
        ("header-only.csv", b"id,text\n", 0),
        ("other.pdf", b"%PDF", 0),
    ],
)
def test_articles_are_counted_by_format(name, content, expected):
    assert count_articles(name=name, content=content) == expected


def running(project, owen, **fields) -> ImportJob:
    job = stored(project, owen, jsonl(1))
    ImportJob.objects.filter(pk=job.pk).update(state="running", **fields)
    job.refresh_from_db()
    return job


def test_a_running_job_without_progress_for_long_is_stalled(project, owen, settings):
    settings.IMPORT_STALLED_AFTER = 60
    job = running(project, owen, started_at=timezone.now(), heartbeat_at=timezone.now())
    later = timezone.now() + timedelta(seconds=61)
    assert job_status(job=job, now=later).state == "stalled"


def test_a_running_job_with_recent_progress_is_running(project, owen, settings):
    settings.IMPORT_STALLED_AFTER = 60
    job = running(project, owen, started_at=timezone.now(), heartbeat_at=timezone.now())
    assert job_status(job=job, now=timezone.now() + timedelta(seconds=30)).state == "running"


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_by_other_connections_while_the_import_is_open(project, owen):
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        pytest.skip("SQLite has one writer: progress is written in place there")
    job = running(project, owen)
    writer = jobs._ProgressWriter(job.pk)  # as run_import_job makes it, outside a transaction
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():  # as import_files' own transaction
            Article.objects.create(project=project, external_id="x", text="Uncommitted.")
            writer(7)
            writer.write()
            with reader.cursor() as cursor:
                cursor.execute("SELECT done FROM claims_importjob WHERE id = %s", [job.pk])
                seen = cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM claims_article")
                articles = cursor.fetchone()[0]
    finally:
        writer.close()
        reader.close()
    assert (seen, articles) == (7, 0)
