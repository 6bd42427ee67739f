"""A project, its members and its scheme: labels, source kinds, guideline versions."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now


class Project(models.Model):
    class AutoGold(models.TextChoices):
        UNANIMOUS = "unanimous", "When all required labels agree"
        MAJORITY = "majority", "When a strict majority of the required labels agree"

    class QueueOrder(models.TextChoices):
        PROJECT = "project", "In project order"
        RANDOM = "random", "In a random order fixed by the seed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    # The current guidelines; every version, this one included, is a GuidelineVersion row.
    # Written only through projects.set_guidelines(), which keeps the two together.
    guidelines = models.TextField(blank=True)
    guideline_version = models.PositiveIntegerField(default=1)
    # k: the queue hands each article to this many annotators, and a sentence is done when
    # this many labelled it; then gold may be set automatically, as `auto_gold` says.
    annotators_per_article = models.PositiveSmallIntegerField(default=2)
    auto_gold = models.CharField(
        max_length=20, choices=AutoGold.choices, default=AutoGold.UNANIMOUS
    )
    queue_order = models.CharField(
        max_length=10, choices=QueueOrder.choices, default=QueueOrder.PROJECT
    )
    queue_seed = models.PositiveIntegerField(default=0)
    # A claim on an article with no activity for this long frees its slot for another.
    claim_expiry = models.DurationField(default=timedelta(days=2))
    # Blind: annotators never see other annotators' labels, names or counts. Off only for
    # a calibration phase; the dataset info records it.
    blind = models.BooleanField(default=True)
    # Overlap: this share of the articles goes to k annotators, the rest to one.
    double_coded_percent = models.PositiveSmallIntegerField(default=100)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annotators_per_article__gte=1),
                name="project_annotators_per_article_positive",
            ),
            models.CheckConstraint(
                condition=Q(auto_gold__in=["unanimous", "majority"]), name="project_auto_gold_valid"
            ),
            models.CheckConstraint(
                condition=Q(queue_order__in=["project", "random"]),
                name="project_queue_order_valid",
            ),
            models.CheckConstraint(
                condition=Q(double_coded_percent__lte=100),
                name="project_double_coded_percent_valid",
            ),
            models.CheckConstraint(
                condition=Q(guideline_version__gte=1), name="project_guideline_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GuidelineVersion(models.Model):
    """One version of a project's guidelines, numbered 1, 2, ... Annotation revisions
    record the number they were made under."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="guideline_versions"
    )
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["project_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="guidelineversion_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="guidelineversion_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.slug} guidelines v{self.number}"


class Label(models.Model):
    """One entry of a project's label scheme. The scheme is data, so projects may differ."""

    class Role(models.TextChoices):
        """What a label means to the computations that read any scheme (attributions, the
        sourcing profile): the sentence states a claim in the outlet's voice, reports a
        source, gives an opinion, or is not body text (headlines, captions, boilerplate)."""

        CLAIM = "claim"
        ATTRIBUTION = "attribution"
        OPINION = "opinion"
        NON_BODY = "non_body"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="labels")
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    example = models.TextField(blank=True)
    hotkey = models.PositiveSmallIntegerField(null=True, blank=True)  # digit 1..9
    colour = models.CharField(max_length=7, default="#777777")  # #rrggbb
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)  # "": none
    # Hidden from new work: kept, because revisions, gold and exports name it, but no
    # longer offered; claims/scheme.py says when a label may go instead.
    hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["project_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="label_key_unique"),
            models.CheckConstraint(
                condition=Q(role="") | Q(role__in=["claim", "attribution", "opinion", "non_body"]),
                name="label_role_valid",
            ),
            models.UniqueConstraint(fields=["project", "hotkey"], name="label_hotkey_unique"),
            models.CheckConstraint(
                condition=Q(hotkey__isnull=True) | Q(hotkey__gte=1, hotkey__lte=9),
                name="label_hotkey_digit",
            ),
            # Hiding frees the key for another label.
            models.CheckConstraint(
                condition=Q(hidden=False) | Q(hotkey__isnull=True), name="label_hidden_no_hotkey"
            ),
            models.CheckConstraint(condition=~Q(key=""), name="label_key_not_empty"),
            # The slug format the forms accept (django.core.validators.validate_slug), for
            # writes that skip them. \A and \Z, not ^ and $: Python's $ (SQLite's REGEXP
            # is Python's re) also matches before a final newline.
            models.CheckConstraint(
                condition=Q(key__regex=r"\A[-a-zA-Z0-9_]+\Z"), name="label_key_slug"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.slug}:{self.key}"


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner"
        REVIEWER = "reviewer"
        ANNOTATOR = "annotator"

    # Who reviews a project: reviewers and owners. They see every annotator's labels by
    # name, decide gold, export datasets and read agreement. Written here only; queries,
    # permissions and pages ask through projects.may_review() or projects_for().is_reviewer.
    REVIEW_ROLES = (Role.REVIEWER, Role.OWNER)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANNOTATOR)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["project_id", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["owner", "reviewer", "annotator"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} of {self.project}"


# Letters the annotate page keeps for itself (annotate.js: u, r, s; keyboard.js: j, k;
# source mode in sources.js: h, l, c, e, v, n, s), so no kind may have them.
RESERVED_KIND_HOTKEYS = ("c", "e", "h", "j", "k", "l", "n", "r", "s", "u", "v")


class SourceKind(models.Model):
    """One kind of source in a project's scheme: who an attribution rests on. Like labels,
    kinds are data; `source_class` and `media` are what the sourcing profile reads."""

    class SourceClass(models.TextChoices):
        IDENTIFIED = "identified"
        ANONYMOUS = "anonymous"
        VAGUE = "vague"
        OTHER = "other"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="source_kinds")
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)  # the codebook's definition
    example = models.TextField(blank=True)
    hotkey = models.CharField(max_length=1, blank=True)  # a lower-case letter, or ""
    source_class = models.CharField(max_length=20, choices=SourceClass.choices)
    media = models.BooleanField(default=False)  # an outlet, agency or journalist
    colour = models.CharField(max_length=7, default="#777777")  # #rrggbb
    position = models.PositiveSmallIntegerField(default=0)
    hidden = models.BooleanField(default=False)  # as Label.hidden: kept, not offered

    class Meta:
        ordering = ["project_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="sourcekind_key_unique"),
            models.UniqueConstraint(
                fields=["project", "hotkey"],
                condition=~Q(hotkey=""),
                name="sourcekind_hotkey_unique",
            ),
            models.CheckConstraint(
                condition=Q(key__regex=r"\A[-a-zA-Z0-9_]+\Z"), name="sourcekind_key_slug"
            ),
            models.CheckConstraint(
                condition=Q(hotkey="")
                | (Q(hotkey__regex=r"\A[a-z]\Z") & ~Q(hotkey__in=RESERVED_KIND_HOTKEYS)),
                name="sourcekind_hotkey_letter",
            ),
            models.CheckConstraint(
                condition=Q(source_class__in=["identified", "anonymous", "vague", "other"]),
                name="sourcekind_class_valid",
            ),
            models.CheckConstraint(
                condition=Q(hidden=False) | Q(hotkey=""), name="sourcekind_hidden_no_hotkey"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.slug}:{self.key}"
