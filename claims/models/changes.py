"""What owners changed in a project, for its settings page's history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from .projects import Project


class ProjectChange(models.Model):
    """One owner's change to a project's members, settings, scheme or guidelines, with
    the values before and after (JSON objects; {} where there was nothing)."""

    class What(models.TextChoices):
        MEMBERS = "members"
        SETTINGS = "settings"
        SCHEME = "scheme"
        GUIDELINES = "guidelines"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    # Kept when the account goes, as annotations are: the history says "someone" then.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(db_default=Now())
    what = models.CharField(max_length=20, choices=What.choices)
    summary = models.CharField(max_length=300)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["project_id", "-at", "-pk"]
        indexes = [models.Index(fields=["project", "-at"], name="projectchange_project_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(what__in=["members", "settings", "scheme", "guidelines"]),
                name="projectchange_what_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.what}: {self.summary}"
