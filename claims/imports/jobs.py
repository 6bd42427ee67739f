"""An upload imported in the background: stored in the database, run by a worker, watched
by its owner's page.

The web process and the worker run in separate containers, so the uploaded bytes travel
through the database (ImportJobFile rows), emptied once the job has finished. The import
itself is import_files, all or nothing in one transaction: a failed or killed job leaves
no articles. Its progress must be seen by the page while that transaction is still open,
so it is written through a connection of its own (_ProgressWriter).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import QuerySet
from django.db.models.functions import Now
from django.template.defaultfilters import pluralize
from django.utils import timezone

from claims import queries
from claims.imports.articles import ArticleFormatError, ImportReport, import_files
from claims.models import ImportJob, ImportJobFile, Project

# At most one progress write per this many seconds: import_files reports every article.
PROGRESS_INTERVAL = 0.5
UNEXPECTED = "The import stopped on an unexpected error. Nothing was imported."


def describe_report(report: ImportReport) -> str:
    """What the owner is told after an import, in the page and in the background alike."""
    articles = report.created + report.updated
    return (
        f"Imported {articles} article{pluralize(articles)} "
        f"({report.created} new, {report.updated} updated), {report.sentences} sentences."
    )


def describe_error(error: ArticleFormatError) -> str:
    return f"{error}. Nothing was imported."


@transaction.atomic
def store_import_job(
    *,
    project: Project,
    files: Sequence[tuple[str, BinaryIO]],
    update: bool,
    by: User,
    title_line: int | None = None,
) -> ImportJob:
    """Keep (display name, binary file) pairs in the database as a pending job."""
    job = ImportJob.objects.create(
        project=project, update=update, title_line=title_line, created_by=by
    )
    ImportJobFile.objects.bulk_create(
        ImportJobFile(job=job, position=position, name=name, content=file.read())
        for position, (name, file) in enumerate(files)
    )
    return job


def owned_import_jobs(user: User) -> QuerySet[ImportJob]:
    """The jobs of the projects the user owns: only owners import, and only they watch."""
    return ImportJob.objects.filter(project__in=queries.owned_projects(user))


def run_import_job(*, job_id: int) -> None:
    """Import a pending job's files, record the report or the error, and delete the files.

    A job that is not pending (run already, say by a task run twice) is left alone.
    Errors other than ArticleFormatError mark the job failed and are raised again, for
    the worker's log.
    """
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.PENDING).update(
        state=ImportJob.State.RUNNING, started_at=Now(), heartbeat_at=Now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("project").get(pk=job_id)
    files = [(file.name, bytes(file.content)) for file in job.files.all()]
    job.total = sum(count_articles(name=name, content=content) for name, content in files)
    job.save(update_fields=["total"])
    progress = _ProgressWriter(job_id)
    try:
        report = import_files(
            project=job.project,
            files=[(name, io.BytesIO(content)) for name, content in files],
            update=job.update,
            title_line=job.title_line,
            progress=progress,
        )
    except ArticleFormatError as error:
        _finish(job, state=ImportJob.State.FAILED, message=describe_error(error))
    except Exception:
        _finish(job, state=ImportJob.State.FAILED, message=UNEXPECTED)
        raise
    else:
        job.done = job.total = report.created + report.updated
        _finish(job, state=ImportJob.State.DONE, message=describe_report(report))
    finally:
        progress.close()


@transaction.atomic
def _finish(job: ImportJob, *, state: ImportJob.State, message: str) -> None:
    job.state, job.message, job.finished_at = state, message, timezone.now()
    job.save(update_fields=["state", "message", "finished_at", "done", "total"])
    # The upload is in the project now, or refused: its bytes go, its names stay for the page.
    job.files.update(content=b"")


def count_articles(*, name: str, content: bytes) -> int:
    """How many articles a file holds, for the page's "412 of 1,000": a count of lines or
    rows, not a check (import_files checks). A .txt file is one article."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".txt":
        return 1
    text = content.decode("utf-8-sig", errors="replace")
    if suffix == ".jsonl":
        return sum(1 for line in text.splitlines() if line.strip())
    if suffix == ".csv":
        rows = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row)
        return max(rows - 1, 0)  # less the header
    return 0  # refused by import_files


class _ProgressWriter:
    """import_files' `progress`: counts the articles done and writes the count (and the
    heartbeat) to the job's row at most every PROGRESS_INTERVAL seconds.

    On PostgreSQL the import's transaction keeps its writes from every other connection
    until it commits, so a count written through it would reach the page only at the end.
    The count goes through a second connection to the same database instead, in
    autocommit: each write is its own short transaction, seen at once. It touches only the
    job's row, which the import's transaction never locks, so neither waits for the other.

    When the job starts inside a transaction the caller holds (the immediate backend
    called within one, as in tests), the job's row is not committed and a second
    connection could not even see it; and SQLite (the demo) would lock a second writer
    out. Then the count is written in place, for the one connection that can read it.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id, self.done, self.written_at = job_id, 0, time.monotonic()
        is_apart = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.apart = connections.create_connection(DEFAULT_DB_ALIAS) if is_apart else None

    def __call__(self, articles: int) -> None:
        self.done += articles
        if time.monotonic() - self.written_at >= PROGRESS_INTERVAL:
            self.write()

    def write(self) -> None:
        self.written_at = time.monotonic()
        if self.apart is None:
            ImportJob.objects.filter(pk=self.job_id).update(done=self.done, heartbeat_at=Now())
            return
        with self.apart.cursor() as cursor:  # autocommit: Django's default
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET done = %s, heartbeat_at = now() "
                "WHERE id = %s",
                [self.done, self.job_id],
            )

    def close(self) -> None:
        if self.apart is not None:
            self.apart.close()


@dataclass(frozen=True, slots=True)
class JobStatus:
    state: str  # an ImportJob.State, or "stalled": running without a heartbeat for long
    done: int
    total: int | None
    message: str

    @property
    def is_finished(self) -> bool:
        return self.state in (ImportJob.State.DONE, ImportJob.State.FAILED)

    @property
    def counted(self) -> str:
        """ "412 of 1,000 articles", or "412 articles" before the files are counted."""
        if self.total is None:
            return f"{self.done:,} article{pluralize(self.done)}"
        return f"{self.done:,} of {self.total:,} article{pluralize(self.total)}"


def job_status(*, job: ImportJob, now: datetime | None = None) -> JobStatus:
    """What the job's page shows. A worker killed mid-import leaves its job running with
    no articles (the transaction died with it): after IMPORT_STALLED_AFTER seconds without
    a progress write, the job is shown as stalled rather than running for ever. A slow
    job that writes again later is shown running again."""
    state = job.state
    if state == ImportJob.State.RUNNING:
        stalled_after = timedelta(seconds=settings.IMPORT_STALLED_AFTER)
        last = job.heartbeat_at or job.started_at
        if last is not None and (now or timezone.now()) - last > stalled_after:
            state = "stalled"
    done = min(job.done, job.total) if job.total is not None else job.done
    return JobStatus(state=state, done=done, total=job.total, message=job.message)
