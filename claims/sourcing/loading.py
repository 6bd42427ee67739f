"""The sourcing profile's reads: whose labels, which articles, as counts.py's plain values.

A fixed number of queries whatever the project's size: the articles, the labels chosen
(gold revisions or annotations), their attributions, and the scheme's kinds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet

from claims.agreement.selection import AgreementFilters
from claims.attributions import AttributionSpec
from claims.models import (
    Annotation,
    Article,
    Attribution,
    GoldAttribution,
    GoldLabel,
    Label,
    Project,
    Sentence,
    SourceKind,
)
from claims.sourcing.counts import Kind, LabelledSentence
from claims.sourcing.report import FORMAT_VERSION, REFERENCES, ProfileArticle, build_profile

GOLD, EACH = "gold", "each"


class LabelsError(ValueError):
    """`labels` names nobody who annotates the project."""


@dataclass(frozen=True)
class Loaded:
    """One set of labels over the selected articles: gold's, or one annotator's."""

    labels: str  # "gold" or a username
    articles: tuple[ProfileArticle, ...]
    sentences: int  # in the selected articles
    unlabelled: int  # of them, without a label in this set (for gold: without gold)


def load_labels(
    *, project: Project, labels: str, filters: AgreementFilters = AgreementFilters()
) -> list[Loaded]:
    """The labels a profile counts: `labels` is "gold" (sentences without gold are left
    out, and counted), a username (that annotator's), or "each" (every annotator's,
    separately). Raises LabelsError for a username that annotates nothing here."""
    selected = Sentence.objects.filter(
        filters.condition(article="article"), article__project=project
    )
    articles = list(
        Article.objects.filter(pk__in=selected.values("article_id"))
        .order_by("pk")
        .values_list("pk", "external_id", "outlet")
    )
    total = selected.count()
    if labels == GOLD:
        gold = GoldLabel.objects.filter(sentence__in=selected, is_current=True)
        return [
            _loaded(
                GOLD,
                articles,
                total,
                gold,
                GoldAttribution.objects.filter(gold__in=gold),
                "gold_id",
                project,
            )
        ]
    current = Annotation.objects.filter(sentence__in=selected, is_current=True, label__isnull=False)
    if labels == EACH:
        names = dict(
            User.objects.filter(annotations__in=current)
            .distinct()
            .order_by("username")
            .values_list("pk", "username")
        )
    else:
        names = dict(User.objects.filter(username=labels).values_list("pk", "username"))
        if not names or not current.filter(annotator_id__in=names).exists():
            raise LabelsError(f"{labels!r} has no labels in the selected articles")
    rows = current.filter(annotator_id__in=names)
    attributions = Attribution.objects.filter(annotation__in=rows)
    by_annotator: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    roles = _roles(project)
    for pk, article_id, label_id, annotator_id in rows.order_by(*_ARTICLE_ORDER).values_list(
        "pk", "sentence__article_id", "label_id", "annotator_id"
    ):
        by_annotator[annotator_id].append((pk, article_id, roles[label_id]))
    specs = _specs(attributions, "annotation_id", project)
    return [_build(names[pk], articles, total, by_annotator.get(pk, []), specs) for pk in names]


# Rows come in article order, sentences in theirs, so nothing is sorted in Python. Labels
# and kinds are read by id and named from the scheme, which saves two joins per row.
_ARTICLE_ORDER = ("sentence__article_id", "sentence__position")


def _roles(project: Project) -> dict[int, str]:
    return dict(Label.objects.filter(project=project).values_list("pk", "role"))


def _loaded(
    name: str,
    articles: list[tuple[int, str, str]],
    total: int,
    revisions: QuerySet,
    attributions: QuerySet,
    parent: str,
    project: Project,
) -> Loaded:
    roles = _roles(project)
    rows = revisions.order_by(*_ARTICLE_ORDER).values_list("pk", "sentence__article_id", "label_id")
    revisions_ = [(pk, article_id, roles[label_id]) for pk, article_id, label_id in rows]
    return _build(name, articles, total, revisions_, _specs(attributions, parent, project))


def _specs(
    attributions: QuerySet, parent: str, project: Project
) -> dict[int, list[AttributionSpec]]:
    # Spans are not read: no metric needs them.
    keys = dict(SourceKind.objects.filter(project=project).values_list("pk", "key"))
    specs: dict[int, list[AttributionSpec]] = defaultdict(list)
    rows = attributions.order_by(parent, "position").values_list(
        parent, "kind_id", "entity", "via", "embedded"
    )
    for owner, kind, entity, via, embedded in rows:
        specs[owner].append(
            AttributionSpec(kind=keys[kind], entity=entity, via=via, embedded=embedded)
        )
    return specs


def _build(
    name: str,
    articles: list[tuple[int, str, str]],
    total: int,
    revisions: Iterable[tuple[int, int, str]],
    specs: dict[int, list[AttributionSpec]],
) -> Loaded:
    by_article: dict[int, list[LabelledSentence]] = defaultdict(list)
    labelled = 0
    for pk, article_id, role in revisions:
        by_article[article_id].append(LabelledSentence(role, tuple(specs.get(pk, ()))))
        labelled += 1
    # An article without a single label in this set says nothing about its sourcing.
    loaded = tuple(
        ProfileArticle(
            external_id=external_id,
            outlet=outlet,
            sentences=tuple(by_article[pk]),
        )
        for pk, external_id, outlet in articles
        if by_article[pk]
    )
    return Loaded(labels=name, articles=loaded, sentences=total, unlabelled=total - labelled)


def profile_report(
    *,
    project: Project,
    labels: str = GOLD,
    filters: AgreementFilters = AgreementFilters(),
    bootstrap: int = 2000,
    seed: int = 0,
    per_article: bool = False,
) -> dict[str, Any]:
    """The project's sourcing profile, as the command, the API and the page give it."""
    kind_rows = list(
        SourceKind.objects.filter(project=project).values_list(
            "key", "name", "source_class", "media", "description"
        )
    )
    kinds = [Kind(key, source_class, media) for key, _, source_class, media, _ in kind_rows]
    profiles = {}
    for loaded in load_labels(project=project, labels=labels, filters=filters):
        profile = build_profile(
            loaded.articles, kinds=kinds, bootstrap=bootstrap, seed=seed, per_article=per_article
        )
        profiles[loaded.labels] = {
            "sentences": loaded.sentences,
            "unlabelled": loaded.unlabelled,
            **profile,
        }
    return {
        "format_version": FORMAT_VERSION,
        "project": project.slug,
        "labels": labels,
        "filters": filters.as_json(),
        "bootstrap": {"resamples": bootstrap, "seed": seed, "unit": "article", "confidence": 0.95},
        "kinds": [
            {"key": key, "name": name, "class": source_class, "media": media, "definition": text}
            for key, name, source_class, media, text in kind_rows
        ],
        "profiles": profiles,
        "references": list(REFERENCES),
    }
