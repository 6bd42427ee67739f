"""Annotations (revisions), gold labels and the attributions both carry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from .articles import Sentence
from .projects import Label, SourceKind


class Annotation(models.Model):
    """One revision of an annotator's label for a sentence.

    Revisions are appended, never edited: a change inserts a new row and moves `is_current`
    to it, so the history (who, what, when) stays queryable. A current row whose label is
    null means the annotator cleared the sentence.
    """

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="annotations")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    label = models.ForeignKey(
        Label, on_delete=models.PROTECT, related_name="annotations", null=True, blank=True
    )
    is_current = models.BooleanField(default=True)
    # The revision this one superseded, and for an undo the revision it took back.
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undoes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="undone_by"
    )
    seconds = models.FloatField(null=True, blank=True)  # time spent on the sentence
    # The project's guideline version (GuidelineVersion.number) the revision was made
    # under; null for labels imported from elsewhere.
    guideline_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["sentence_id", "annotator_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentence", "annotator"],
                condition=Q(is_current=True),
                name="annotation_one_current",
            ),
            models.CheckConstraint(
                condition=Q(seconds__isnull=True) | Q(seconds__gte=0),
                name="annotation_seconds_not_negative",
            ),
        ]
        indexes = [
            # Undo: the annotator's newest revisions in an article, newest first.
            models.Index(fields=["annotator", "-id"], name="annotation_annotator_recent"),
        ]

    def __str__(self) -> str:
        label = self.label.key if self.label is not None else "cleared"
        return f"{self.annotator} {label} on {self.sentence}"


class GoldLabel(models.Model):
    """One revision of a sentence's gold label: set automatically when annotators agree, or
    by a reviewer who adjudicates. Like annotations, revisions are appended, never edited."""

    class Method(models.TextChoices):
        UNANIMOUS = "unanimous"
        MAJORITY = "majority"
        ADJUDICATED = "adjudicated"

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="gold_labels")
    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="gold_labels")
    method = models.CharField(max_length=20, choices=Method.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gold_labels",
    )
    note = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["sentence_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentence"], condition=Q(is_current=True), name="goldlabel_one_current"
            ),
            models.CheckConstraint(
                condition=Q(method__in=["unanimous", "majority", "adjudicated"]),
                name="goldlabel_method_valid",
            ),
            # Automatic gold has no reviewer; an adjudication always names one.
            models.CheckConstraint(
                condition=Q(method="adjudicated", reviewer__isnull=False)
                | (~Q(method="adjudicated") & Q(reviewer__isnull=True)),
                name="goldlabel_reviewer_iff_adjudicated",
            ),
        ]

    def __str__(self) -> str:
        return f"gold {self.label.key} ({self.method}) on {self.sentence}"


def _span_valid(prefix: str) -> Q:
    # Both offsets or neither, and a non-empty span: a comparison with NULL passes a CHECK,
    # so "neither" must be spelt out or a row with one offset would get through.
    start, end = f"{prefix}_start", f"{prefix}_end"
    return Q(**{f"{start}__isnull": True, f"{end}__isnull": True}) | Q(
        **{f"{start}__isnull": False, f"{end}__isnull": False, f"{start}__lt": F(end)}
    )


class AttributionFields(models.Model):
    """One attribution of a revision (an annotator's or the gold one): who the sentence
    rests on. See claims/attributions.py for the rules, among them which of a sentence's
    attributions is its originating one."""

    position = models.PositiveSmallIntegerField()  # its index in the revision's list
    # Half-open offsets into article.text (the source is often named in another
    # sentence); none when the sentence names no source ("reportedly", a quotation that
    # continues the previous sentence's speaker).
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    # The reporting expression: "said", "according to".
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    kind = models.ForeignKey(SourceKind, on_delete=models.PROTECT, related_name="+")
    # Links the mentions of one source within an article, for one annotator.
    entity = models.CharField(max_length=100)
    # The position of the attribution of the same revision that relayed this one.
    via = models.PositiveSmallIntegerField(null=True, blank=True)
    # Inside a subordinate clause of a sentence whose main clause is not attributed.
    embedded = models.BooleanField(default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kind_id} {self.entity} [{self.source_start}:{self.source_end}]"


class Attribution(AttributionFields):
    annotation = models.ForeignKey(
        Annotation, on_delete=models.CASCADE, related_name="attributions"
    )

    class Meta:
        ordering = ["annotation_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "position"], name="attribution_position_unique"
            ),
            models.CheckConstraint(condition=_span_valid("source"), name="attribution_source_span"),
            models.CheckConstraint(condition=_span_valid("cue"), name="attribution_cue_span"),
            models.CheckConstraint(condition=~Q(entity=""), name="attribution_entity_not_empty"),
            models.CheckConstraint(condition=~Q(via=F("position")), name="attribution_via_other"),
        ]


class GoldAttribution(AttributionFields):
    gold = models.ForeignKey(GoldLabel, on_delete=models.CASCADE, related_name="attributions")

    class Meta:
        ordering = ["gold_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["gold", "position"], name="goldattribution_position_unique"
            ),
            models.CheckConstraint(
                condition=_span_valid("source"), name="goldattribution_source_span"
            ),
            models.CheckConstraint(condition=_span_valid("cue"), name="goldattribution_cue_span"),
            models.CheckConstraint(
                condition=~Q(entity=""), name="goldattribution_entity_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(via=F("position")), name="goldattribution_via_other"
            ),
        ]
