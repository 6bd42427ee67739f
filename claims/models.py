"""The domain's tables. Rules that span rows live in the modules named for them
(articles.py, annotations.py, projects.py); these models only hold data and the
invariants the database can enforce.

Default orderings name columns (`project_id`), never relations (`project`): ordering by a
relation means by the related model's own ordering, which joins its table into every query
that does not say otherwise (the sentence lock once locked its project's row that way), and
compiling those joins cost a third of a small query's time."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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


class Article(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="articles")
    external_id = models.CharField(max_length=200)
    title = models.CharField(max_length=1000, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Exactly as imported: UTF-8 decoded, newlines normalised to \n, nothing else touched.
    # Sentence offsets index into this string, so it must never be edited in place.
    text = models.TextField()
    metadata = models.JSONField(default=dict, blank=True)
    segmenter = models.CharField(max_length=100)  # name and version that made the sentences
    # How many annotation and gold revisions of its sentences were ever written or deleted:
    # counted by database triggers (migration 0006), whatever writes them, so that a cache
    # can tell in one cheap query whether a project's labels changed (claims/data_state.py).
    revisions = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)
    # How many sentences it has, counted by database triggers (migration 0009) as
    # `revisions` is: the project page compares it with ArticleProgress.labelled.
    sentence_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["project_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "external_id"], name="article_external_id_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title or self.external_id


class Sentence(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()  # half-open offsets into article.text
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["article_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="sentence_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="sentence_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.position} [{self.start}:{self.end}]"

    @property
    def length(self) -> int:
        return self.end - self.start


# Keys the annotate page's source mode keeps for itself; no source kind may take them.
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
        ]

    def __str__(self) -> str:
        return f"{self.project.slug}:{self.key}"


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


class ArticleProgress(models.Model):
    """How many of an article's sentences an annotator has labelled (a current revision
    with a label; cleared ones do not count). Written only by database triggers on
    annotations (migration 0009), whatever writes them, so that "my progress" is a lookup
    per article rather than a walk over every label: at 10,000 articles the walk took
    200 ms. A row appears with the annotator's first label in the article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="progress", editable=False
    )
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="article_progress",
        editable=False,
        db_index=False,  # articleprogress_one_row leads with it
    )
    labelled = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            # Also the index of the progress filter: one annotator's rows, by article.
            models.UniqueConstraint(
                fields=["annotator", "article"], name="articleprogress_one_row"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.annotator} labelled {self.labelled} of {self.article_id}"


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


class ApiToken(models.Model):
    """A user's REST API token, stored as its SHA-256 digest only (see claims/tokens.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    # The token's first characters: too few to use it, enough to find its row and to tell
    # its owner which token this is.
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64)  # SHA-256 of the whole token, in hex
    created_at = models.DateTimeField(db_default=Now())
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A digest, never the token itself, which has 40 hex digits.
            models.CheckConstraint(
                condition=Q(digest__regex=r"\A[0-9a-f]{64}\Z"), name="apitoken_digest_sha256"
            ),
        ]
        indexes = [
            # Authentication finds a token's row by its prefix (tokens.authenticate_token).
            models.Index(fields=["prefix"], name="apitoken_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.user}'s API token {self.prefix}…"


class RateBudget(models.Model):
    """An API client's place against its rate (claims/api/throttling.py): the moment its
    budget is whole again, in seconds since the epoch (the cell rate algorithm's
    "theoretical arrival time"). One row per client and scope, updated in one statement."""

    key = models.CharField(max_length=200, primary_key=True)
    ready_at = models.FloatField()

    def __str__(self) -> str:
        return f"{self.key} until {self.ready_at}"


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
