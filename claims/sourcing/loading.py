"""The sourcing profile's reads: whose labels, which articles, as counts.py's rows.

A fixed number of queries whatever the project's size: the articles, the labels chosen
(gold revisions or annotations) counted per article and role by the database, their
attributions, and the scheme's kinds. Only attributions come into Python, as columns:
no object per sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.db.models import Count, QuerySet

from claims.agreement.selection import AgreementFilters
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
from claims.sourcing.counts import (
    ATTRIBUTION,
    CLAIM,
    NON_BODY,
    OPINION,
    ROLE_COLUMNS,
    AttributionColumns,
    Kind,
    article_rows,
    entity_numbers,
)
from claims.sourcing.report import (
    FORMAT_VERSION,
    MAX_COMPARED_OUTLETS,
    REFERENCES,
    CountedArticles,
    build_profile,
)

GOLD, EACH = "gold", "each"


class LabelsError(ValueError):
    """`labels` names nobody who annotates the project."""


@dataclass(frozen=True)
class Loaded:
    """One set of labels over the selected articles: gold's, or one annotator's."""

    labels: str  # "gold" or a username
    articles: CountedArticles
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
    articles = _Articles(
        list(
            Article.objects.filter(pk__in=selected.values("article_id"))
            .order_by("pk")
            .values_list("pk", "external_id", "outlet")
        ),
        project=project,
    )
    total = selected.count()
    # Each read joins its way to the article rather than testing membership in the
    # selected sentences: a subquery per row costs PostgreSQL several times as much.
    if labels == GOLD:
        gold = GoldLabel.objects.filter(
            filters.condition(article="sentence__article"),
            sentence__article__project=project,
            is_current=True,
        )
        gold_attributions = GoldAttribution.objects.filter(
            filters.condition(article="gold__sentence__article"),
            gold__sentence__article__project=project,
            gold__is_current=True,
        )
        return [_loaded(GOLD, articles, total, *_read(gold, gold_attributions, parent="gold"))]
    current = Annotation.objects.filter(
        filters.condition(article="sentence__article"),
        sentence__article__project=project,
        is_current=True,
        label__isnull=False,
    )
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
    attributions = Attribution.objects.filter(
        filters.condition(article="annotation__sentence__article"),
        annotation__sentence__article__project=project,
        annotation__is_current=True,
        annotation__label__isnull=False,
        annotation__annotator_id__in=names,
    )
    counts, specs = _read(
        current.filter(annotator_id__in=names), attributions, parent="annotation", by="annotator"
    )
    return [
        _loaded(
            names[pk],
            articles,
            total,
            counts[counts[:, 0] == pk],
            {name: column[specs["who"] == pk] for name, column in specs.items()},
        )
        for pk in names
    ]


class _Articles:
    """The selected articles in pk order, and the scheme's labels and kinds: what turns
    the ids the database sends into indices of numpy arrays."""

    def __init__(self, rows: list[tuple[int, str, str]], *, project: Project) -> None:
        self.pks = np.array([pk for pk, _, _ in rows], dtype=np.int64)
        self.external_ids = [external_id for _, external_id, _ in rows]
        self.outlets = [outlet for _, _, outlet in rows]
        roles = dict(Label.objects.filter(project=project).values_list("pk", "role"))
        self.label_ids = np.array(sorted(roles), dtype=np.int64)
        # Per label, whether it counts as each of counts.ROLE_COLUMNS.
        self.label_roles = np.array(
            [
                [role != NON_BODY, role == CLAIM, role == ATTRIBUTION, role == OPINION]
                for role in (roles[pk] for pk in self.label_ids)
            ],
            dtype=np.int64,
        ).reshape(len(roles), len(ROLE_COLUMNS))
        kinds = list(
            SourceKind.objects.filter(project=project).values_list(
                "pk", "key", "source_class", "media"
            )
        )
        self.kinds = [Kind(key, source_class, media) for _, key, source_class, media in kinds]
        kind_ids = np.array([pk for pk, *_ in kinds], dtype=np.int64)
        self._kind_order = np.argsort(kind_ids)
        self._kind_ids = kind_ids[self._kind_order]

    def article(self, pks: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pks, pks)

    def label(self, pks: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.label_ids, pks)

    def kind(self, pks: np.ndarray) -> np.ndarray:
        """The index in the scheme's order of each kind."""
        return self._kind_order[np.searchsorted(self._kind_ids, pks)]


# What _read returns per attribution: the annotator (0 for gold), article, revision,
# label and kind by id, via, embedded, entity.
_ATTRIBUTION_FIELDS = ("who", "article", "revision", "label", "kind", "via", "embedded", "entity")


def _read(
    revisions: QuerySet, attributions: QuerySet, *, parent: str, by: str | None = None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Two queries: the revisions counted per annotator (`by`, for annotations), article
    and label, as rows (annotator or 0, article, label, count); and their attributions
    as columns (_ATTRIBUTION_FIELDS)."""
    who = [by] if by else []
    counts = list(
        revisions.values(*who, "sentence__article_id", "label_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*who, "sentence__article_id", "label_id", "n")
    )
    count_rows = np.array(counts, dtype=np.int64).reshape(len(counts), len(who) + 3)
    if not by:
        count_rows = np.column_stack([np.zeros(len(counts), dtype=np.int64), count_rows])
    # In article order, sentences in theirs, each list in its order: as counts.py reads
    # them. Labels and kinds come as ids, which saves two joins per row.
    owner = [f"{parent}__{by}"] if by else []
    order = [f"{parent}__sentence__article_id", f"{parent}__sentence__position", "position"]
    rows = list(
        attributions.order_by(*owner, *order).values_list(
            *owner,
            f"{parent}__sentence__article_id",
            f"{parent}_id",
            f"{parent}__label_id",
            "kind_id",
            "via",
            "embedded",
            "entity",
        )
    )
    columns = list(zip(*rows, strict=True)) or [()] * (len(owner) + 7)
    if not by:
        columns.insert(0, (0,) * len(rows))
    named = dict(zip(_ATTRIBUTION_FIELDS, columns, strict=True))
    specs: dict[str, np.ndarray] = {
        name: np.fromiter(named[name], dtype=np.int64, count=len(rows))
        for name in _ATTRIBUTION_FIELDS[:5]
    }
    specs["via"] = np.fromiter(
        (-1 if via is None else via for via in named["via"]), dtype=np.int64, count=len(rows)
    )
    specs["embedded"] = np.fromiter(named["embedded"], dtype=bool, count=len(rows))
    specs["entity"] = entity_numbers(named["entity"])
    return count_rows, specs


def _loaded(
    name: str, articles: _Articles, total: int, counts: np.ndarray, specs: dict[str, np.ndarray]
) -> Loaded:
    """One annotator's (or gold's) counts and attributions as article rows."""
    article, label, number = (
        articles.article(counts[:, 1]),
        articles.label(counts[:, 2]),
        counts[:, 3],
    )
    roles = np.zeros((len(articles.pks), len(ROLE_COLUMNS)), dtype=np.int64)
    np.add.at(roles, article, articles.label_roles[label] * number[:, None])
    labelled = np.bincount(article, weights=number, minlength=len(articles.pks))
    columns = AttributionColumns(
        article=articles.article(specs["article"]),
        sentence=specs["revision"],
        in_attribution=articles.label_roles[articles.label(specs["label"]), 2] == 1,
        kind=articles.kind(specs["kind"]),
        entity=specs["entity"],
        via=specs["via"],
        embedded=specs["embedded"],
    )
    rows = article_rows(roles=roles, attributions=columns, kinds=articles.kinds)
    # An article without a single label in this set says nothing about its sourcing.
    keep = labelled > 0
    counted = CountedArticles(
        external_ids=[e for e, kept in zip(articles.external_ids, keep, strict=True) if kept],
        outlets=[o for o, kept in zip(articles.outlets, keep, strict=True) if kept],
        rows=rows[keep],
    )
    return Loaded(
        labels=name, articles=counted, sentences=total, unlabelled=total - int(labelled.sum())
    )


def profile_report(
    *,
    project: Project,
    labels: str = GOLD,
    filters: AgreementFilters = AgreementFilters(),
    bootstrap: int = 2000,
    seed: int = 0,
    per_article: bool = False,
    permutations: int = 10_000,
) -> dict[str, Any]:
    """The project's sourcing profile, as the command, the API and the page give it:
    `bootstrap` article resamples for each interval, `permutations` for each comparison
    of two outlets (0 skips either)."""
    kind_rows = list(
        SourceKind.objects.filter(project=project).values_list(
            "key", "name", "source_class", "media", "description"
        )
    )
    kinds = [Kind(key, source_class, media) for key, _, source_class, media, _ in kind_rows]
    profiles = {}
    for loaded in load_labels(project=project, labels=labels, filters=filters):
        profile = build_profile(
            loaded.articles,
            kinds=kinds,
            bootstrap=bootstrap,
            seed=seed,
            per_article=per_article,
            permutations=permutations,
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
        "permutations": {
            "count": permutations,
            "seed": seed,
            "unit": "article",
            "test": "two-sided; difference of pooled values, a - b",
            "max_outlets": MAX_COMPARED_OUTLETS,
        },
        "kinds": [
            {"key": key, "name": name, "class": source_class, "media": media, "definition": text}
            for key, name, source_class, media, text in kind_rows
        ],
        "profiles": profiles,
        "references": list(REFERENCES),
    }
