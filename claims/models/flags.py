"""Annotators' flags (unsure about a sentence, with a comment) and reviewers' send-backs
(a sentence returned to an annotator with a note). Both are kept as history: a flag is
closed, never deleted, and a send-back stays once answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from .annotations import Annotation
from .articles import Sentence

COMMENT_LENGTH = 2000


class Flag(models.Model):
    """An annotator's "I am unsure about this sentence". Open until the annotator withdraws
    it, a reviewer decides the sentence's gold, or a reviewer sends the sentence back."""

    class Closed(models.TextChoices):
        WITHDRAWN = "withdrawn"
        # The annotator changed the comment: the new comment is a new flag, so every
        # comment stays in the history.
        EDITED = "edited"
        DECIDED = "decided"
        SENT_BACK = "sent_back"

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="flags")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags"
    )
    comment = models.TextField(max_length=COMMENT_LENGTH, blank=True)
    raised_at = models.DateTimeField(db_default=Now())
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_how = models.CharField(max_length=20, choices=Closed.choices, blank=True)

    class Meta:
        ordering = ["sentence_id", "pk"]
        constraints = [
            # Raising a flag again edits the open one's comment: never two open at once.
            models.UniqueConstraint(
                fields=["sentence", "annotator"],
                condition=Q(closed_at__isnull=True),
                name="flag_one_open",
            ),
            models.CheckConstraint(
                condition=(Q(closed_at__isnull=True) & Q(closed_how=""))
                | (Q(closed_at__isnull=False) & ~Q(closed_how="")),
                name="flag_closed_fully",
            ),
            models.CheckConstraint(
                condition=Q(closed_how="")
                | Q(closed_how__in=["withdrawn", "edited", "decided", "sent_back"]),
                name="flag_closed_how_valid",
            ),
        ]
        indexes = [
            # The review queue asks, per sentence, whether any flag is open.
            models.Index(
                fields=["sentence"], condition=Q(closed_at__isnull=True), name="flag_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.annotator} flags {self.sentence}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SendBack(models.Model):
    """A reviewer's request that an annotator look at a sentence again, with a note.

    `revision` is the annotator's current revision of the sentence when it was sent (null:
    they had none). A newer revision of theirs answers it, so saving a label writes nothing
    here; keeping the label unchanged answers it by setting `kept_at`."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="send_backs")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="send_backs"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(max_length=COMMENT_LENGTH)
    revision = models.ForeignKey(
        Annotation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(db_default=Now())
    kept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sentence_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="sendback_note_not_empty"),
        ]
        indexes = [
            models.Index(fields=["annotator", "sentence"], name="sendback_annotator"),
        ]

    def __str__(self) -> str:
        return f"{self.sentence} sent back to {self.annotator}"
