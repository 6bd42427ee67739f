"""Import jobs run by the task worker, one row per uploaded file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from .projects import Project


class ImportJob(models.Model):
    """An upload imported in the background (claims/imports/jobs.py): the web process stores
    the files here, in the database, because the worker runs elsewhere and cannot read the
    web process's temporary files."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    update = models.BooleanField(default=False)  # import_files(update=...)
    title_line = models.PositiveIntegerField(null=True)  # import_files(title_line=...)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(null=True)  # articles in the files, once counted
    done = models.PositiveIntegerField(default=0)  # articles segmented so far
    message = models.TextField(blank=True)  # what the page says when it is finished
    created_at = models.DateTimeField(db_default=Now())
    started_at = models.DateTimeField(null=True)
    # Moved on by every progress write: a running job whose heartbeat is old has stalled.
    heartbeat_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "running", "done", "failed"]),
                name="importjob_state_valid",
            ),
            # A finished job says when, and only a finished one does.
            models.CheckConstraint(
                condition=Q(state__in=["done", "failed"], finished_at__isnull=False)
                | Q(state__in=["pending", "running"], finished_at__isnull=True),
                name="importjob_finished_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"import {self.pk} into {self.project_id} ({self.state})"


class ImportJobFile(models.Model):
    """One uploaded file of an import job; its content is emptied once the job has finished."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField()  # the upload's order, kept for the report
    name = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        ordering = ["job_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "position"], name="importjobfile_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} of import {self.job_id}"
