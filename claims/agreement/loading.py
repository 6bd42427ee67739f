"""Reads a project's current labels and attributions from the database into `Ratings`
and `SourceMarks`, and reports on them.

One query fetches every current, non-empty label of the selection as integer rows
(sentence, annotator, label, article); numpy turns them into the code matrix, so the cost does
not grow with a Python loop per annotation and the query count does not grow at all.
The attributions of sentences labelled attribution take one more query, their source
kinds one, and the texts of the articles their sources lie in one (to count tokens).
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
from django.contrib.auth.models import User
from django.db.models import Q

from claims.agreement.bootstrap import DEFAULT_RESAMPLE
from claims.agreement.measures import MISSING
from claims.agreement.report import Ratings, Report, build_report, compute_intervals
from claims.agreement.selection import AgreementFilters
from claims.agreement.sources.marks import Mark, SourceMarks, token_range, word_bounds
from claims.attributions import AttributionSpec, Span, originating
from claims.models import Annotation, Article, Attribution, Label, Project


def agreement_report(
    *,
    project: Project,
    filters: AgreementFilters = AgreementFilters(),
    bootstrap: int = 1000,
    seed: int = 0,
    resample: str = DEFAULT_RESAMPLE,
) -> Report:
    """The agreement report (see report.py) over the sentences of `project` that `filters`
    select (by default all).

    `bootstrap` resamples (0 skips it; the intervals are then undefined) of whole
    articles or of single sentences (`resample`: "articles" or "sentences") with `seed`
    give the 95% intervals of the label alpha and the source kind alpha; the same data
    and seed always give the same intervals.
    """
    ratings, sources = load_agreement(project=project, filters=filters)
    intervals = compute_intervals(
        ratings=ratings, sources=sources, resamples=bootstrap, seed=seed, resample=resample
    )
    return build_report(project=project.slug, ratings=ratings, sources=sources, intervals=intervals)


def load_ratings(*, project: Project, filters: AgreementFilters = AgreementFilters()) -> Ratings:
    """Current labels in the selection as `Ratings`: one row per sentence with at least one
    label, one column per annotator who gave one (ordered by username), codes in the
    order of the project's scheme. Cleared labels and superseded revisions are ignored.
    Three queries, whatever the size. Raises ValueError for a label outside the scheme.
    """
    return _read_labels(project, filters).ratings


def load_agreement(
    *, project: Project, filters: AgreementFilters = AgreementFilters()
) -> tuple[Ratings, SourceMarks]:
    """`load_ratings`, and the attributions of the sentences labelled with a label whose
    role is attribution as `SourceMarks` (same annotators, one unit per such sentence).
    At most six queries, whatever the size."""
    labels = _read_labels(project, filters)
    return labels.ratings, _read_sources(project, filters, labels)


class _Labels:
    """The ratings and the ids behind their rows and columns."""

    def __init__(
        self, ratings: Ratings, sentences: np.ndarray, people: list[int], attribution: list[int]
    ) -> None:
        self.ratings = ratings
        self.sentences = sentences  # sorted sentence ids, one per row
        self.people = people  # user ids, one per column
        self.attribution = attribution  # codes of labels whose role is attribution


def _read_labels(project: Project, filters: AgreementFilters) -> _Labels:
    scheme = list(project.labels.order_by("position", "pk").values_list("pk", "key", "role"))
    selection = Q(is_current=True, label__isnull=False, sentence__article__project=project)
    found = _current_labels(selection & filters.condition(article="sentence__article"))
    sentences, unit = np.unique(found[:, 0], return_inverse=True)
    articles = np.zeros(len(sentences), dtype=np.int64)
    articles[unit] = found[:, 3]
    people, person = np.unique(found[:, 1], return_inverse=True)
    usernames = dict(User.objects.filter(pk__in=people.tolist()).values_list("pk", "username"))
    names = [usernames[pk] for pk in people.tolist()]
    # Columns ordered by username, so reports read alphabetically.
    order = sorted(range(len(names)), key=names.__getitem__)
    column = np.argsort(order).astype(np.int64)[person]
    # int16 holds any scheme (create_project allows nine labels) in half int32's memory.
    codes = np.full((unit.max(initial=-1) + 1, len(names)), MISSING, dtype=np.int16)
    codes[unit, column] = _codes_for(found[:, 2], [pk for pk, _, _ in scheme])
    ratings = Ratings(
        codes=codes,
        labels=tuple(key for _, key, _ in scheme),
        annotators=tuple(names[i] for i in order),
        articles=articles,
    )
    attribution = [code for code, row in enumerate(scheme) if row[2] == Label.Role.ATTRIBUTION]
    return _Labels(ratings, sentences, [int(people[i]) for i in order], attribution)


def _read_sources(project: Project, filters: AgreementFilters, labels: _Labels) -> SourceMarks:
    ratings = labels.ratings
    attributed = np.isin(ratings.codes, labels.attribution)
    rows = attributed.any(axis=1)
    kinds = list(project.source_kinds.order_by("position", "pk").values_list("pk", "key"))
    code_of = {pk: code for code, (pk, _) in enumerate(kinds)}
    unit_of = np.full(len(rows), -1, dtype=np.int64)
    unit_of[rows] = np.arange(int(rows.sum()))
    column_of = {pk: column for column, pk in enumerate(labels.people)}
    selection = Q(
        annotation__is_current=True,
        annotation__label__role=Label.Role.ATTRIBUTION,
        annotation__sentence__article__project=project,
    ) & filters.condition(article="annotation__sentence__article")
    found = (
        Attribution.objects.filter(selection)
        .order_by()
        .values_list(
            "annotation__sentence_id",
            "annotation__sentence__article_id",
            "annotation__annotator_id",
            "position",
            "kind_id",
            "source_start",
            "source_end",
            "via",
            "embedded",
        )
    )
    grouped: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    articles: dict[tuple[int, int], int] = {}
    for sentence, article, annotator, *row in found:
        key = (int(unit_of[np.searchsorted(labels.sentences, sentence)]), column_of[annotator])
        grouped[key].append(tuple(row))
        articles[key] = article
    spanned = {articles[key] for key, group in grouped.items() if any(r[2] for r in group)}
    bounds = {
        pk: word_bounds(text)
        for pk, text in (
            Article.objects.filter(pk__in=spanned).values_list("pk", "text") if spanned else ()
        )
    }
    marks = {
        key: _marks(sorted(group), code_of, bounds.get(articles[key]))
        for key, group in grouped.items()
    }
    return SourceMarks(
        kinds=tuple(key for _, key in kinds),
        annotators=ratings.annotators,
        attributed=attributed[rows],
        articles=ratings.articles[rows],
        marks=marks,
    )


def _marks(
    rows: list[tuple], code_of: dict[int, int], bounds: tuple[np.ndarray, np.ndarray] | None
) -> tuple[Mark, ...]:
    """One revision's attribution rows (in position order) as marks; which of them are
    originating is decided by the domain's rule (claims.attributions.originating)."""
    specs = [
        AttributionSpec(
            kind=str(kind),
            source=Span(start, end) if start is not None else None,
            via=via,
            embedded=embedded,
        )
        for _, kind, start, end, via, embedded in rows
    ]
    chosen = {id(spec) for spec in originating(specs)}
    return tuple(
        Mark(
            kind=code_of[kind],
            source=(start, end) if start is not None else None,
            tokens=token_range(bounds=bounds, start=start, end=end)
            if start is not None and bounds is not None
            else None,
            is_originating=id(spec) in chosen,
        )
        for spec, (_, kind, start, end, _, _) in zip(specs, rows, strict=True)
    )


def _current_labels(selection: Q) -> np.ndarray:
    """(sentence, annotator, label, article) ids of the selected annotations, one row
    each. The article comes from the sentence row the selection joins anyway."""
    rows = list(
        Annotation.objects.filter(selection)
        .order_by()  # the default ordering would make the database sort every row
        .values_list("sentence_id", "annotator_id", "label_id", "sentence__article_id")
    )
    flat = itertools.chain.from_iterable(rows)  # fromiter skips a Python list per row
    return np.fromiter(flat, dtype=np.int64, count=4 * len(rows)).reshape(-1, 4)


def _codes_for(label_ids: np.ndarray, scheme_ids: list[int]) -> np.ndarray:
    """Each label id's position in the scheme, found by binary search (no loop per row)."""
    scheme = np.array(scheme_ids, dtype=np.int64)
    order = np.argsort(scheme)
    found = np.searchsorted(scheme, label_ids, sorter=order).clip(max=max(len(scheme) - 1, 0))
    codes = order[found] if len(scheme) else np.zeros(0, dtype=np.int64)
    if len(codes) != len(label_ids) or np.any(scheme[codes] != label_ids):
        raise ValueError("an annotation's label is not in the project's scheme")
    return codes
