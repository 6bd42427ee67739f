"""Who works on which article: the queue's claims and the owners' assignments
(claims/queue.py hands them out)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Now

from .articles import Article


class ArticleClaim(models.Model):
    """An annotator's slot in an article, taken through "Next article". Whether it still
    holds the slot is decided when read (claims/queue.py): complete when the annotator has
    labelled every sentence, active while they were seen within the project's claim expiry,
    expired otherwise. An expired claim frees its slot but keeps its work, and is never
    deleted: it is the record that this annotator touched the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_claims"
    )
    claimed_at = models.DateTimeField(db_default=Now())
    # Moved on when the annotator is handed the article again; their labels in it count
    # as activity too, read from the revisions themselves, so a save writes nothing here.
    last_active_at = models.DateTimeField(db_default=Now())
    # Set when an owner's assignment made the claim: it is the owner's choice, not k's.
    assigned = models.BooleanField(default=False)

    class Meta:
        ordering = ["article_id", "claimed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "annotator"], name="articleclaim_unique"),
        ]
        indexes = [
            # An annotator's own claims: resuming one, and the blind article list.
            models.Index(fields=["annotator", "article"], name="articleclaim_annotator"),
        ]

    def __str__(self) -> str:
        return f"{self.annotator} claims {self.article_id}"


class Assignment(models.Model):
    """An owner's decision that an annotator codes an article: the queue hands assigned
    articles out first, whatever k says."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assignments")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["article_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "annotator"], name="assignment_unique"),
        ]
        indexes = [
            # The queue's first step: an annotator's assignments.
            models.Index(fields=["annotator", "article"], name="assignment_annotator"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} assigned to {self.annotator}"
