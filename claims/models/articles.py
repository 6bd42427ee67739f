"""Articles, their sentences, and the per-annotator progress the triggers keep."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from .projects import Project


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
