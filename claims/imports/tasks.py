"""The background door of imports: a big upload is stored and imported by a worker
(jobs.py), so no web request waits for it. The job's argument is its primary key, JSON
as a database-backed worker stores it; with Django's immediate backend (tests, the demo)
it runs inline, before submit_import returns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from django.contrib.auth.models import User
from django.tasks import task

from claims.imports.jobs import run_import_job, store_import_job
from claims.models import ImportJob, Project


@task
def import_in_background(job_id: int) -> None:
    run_import_job(job_id=job_id)


def submit_import(
    *,
    project: Project,
    files: Sequence[tuple[str, BinaryIO]],
    update: bool,
    by: User,
    title_line: int | None = None,
) -> ImportJob:
    """Store the files as a job and enqueue its import. The job is committed first (unless
    the caller holds a transaction, which then commits the job and the database backend's
    task row together), so a worker never picks up a task whose job it cannot read."""
    job = store_import_job(
        project=project, files=files, update=update, by=by, title_line=title_line
    )
    import_in_background.enqueue(job.pk)
    return job
