"""Reads a project's current labels from the database into `Ratings`, and reports on them.

One query fetches every current, non-empty label of the selection as integer triples
(sentence, annotator, label); numpy turns them into the code matrix, so the cost does
not grow with a Python loop per annotation and the query count does not grow at all.
"""

from __future__ import annotations

import itertools

import numpy as np
from django.contrib.auth.models import User
from django.db.models import Q

from claims.agreement.bootstrap import bootstrap_alpha
from claims.agreement.measures import MISSING
from claims.agreement.report import Ratings, Report, build_report
from claims.agreement.selection import AgreementFilters
from claims.models import Annotation, Project


def agreement_report(
    *,
    project: Project,
    filters: AgreementFilters = AgreementFilters(),
    bootstrap: int = 1000,
    seed: int = 0,
) -> Report:
    """The agreement report (see report.py) over the sentences of `project` that `filters`
    select (by default all).

    `bootstrap` resamples (0 skips it; the interval is then undefined) with `seed` give
    alpha's 95% interval; the same data and seed always give the same interval.
    """
    ratings = load_ratings(project=project, filters=filters)
    counts, weights = ratings.patterns
    interval = bootstrap_alpha(counts=counts, weights=weights, resamples=bootstrap, seed=seed)
    return build_report(project=project.slug, ratings=ratings, interval=interval)


def load_ratings(*, project: Project, filters: AgreementFilters = AgreementFilters()) -> Ratings:
    """Current labels in the selection as `Ratings`: one row per sentence with at least one
    label, one column per annotator who gave one (ordered by username), codes in the
    order of the project's scheme. Cleared labels and superseded revisions are ignored.
    Three queries, whatever the size. Raises ValueError for a label outside the scheme.
    """
    scheme = list(project.labels.order_by("position", "pk").values_list("pk", "key"))
    selection = Q(is_current=True, label__isnull=False, sentence__article__project=project)
    triples = _current_labels(selection & filters.condition(article="sentence__article"))
    _, unit = np.unique(triples[:, 0], return_inverse=True)
    people, person = np.unique(triples[:, 1], return_inverse=True)
    usernames = dict(User.objects.filter(pk__in=people.tolist()).values_list("pk", "username"))
    names = [usernames[pk] for pk in people.tolist()]
    # Columns ordered by username, so reports read alphabetically.
    order = sorted(range(len(names)), key=names.__getitem__)
    column = np.argsort(order).astype(np.int64)[person]
    # int16 holds any scheme (create_project allows nine labels) in half int32's memory.
    codes = np.full((unit.max(initial=-1) + 1, len(names)), MISSING, dtype=np.int16)
    codes[unit, column] = _codes_for(triples[:, 2], [pk for pk, _ in scheme])
    return Ratings(
        codes=codes,
        labels=tuple(key for _, key in scheme),
        annotators=tuple(names[i] for i in order),
    )


def _current_labels(selection: Q) -> np.ndarray:
    """(sentence, annotator, label) ids of the selected annotations, one row each."""
    rows = list(
        Annotation.objects.filter(selection)
        .order_by()  # the default ordering would make the database sort every row
        .values_list("sentence_id", "annotator_id", "label_id")
    )
    flat = itertools.chain.from_iterable(rows)  # fromiter skips a Python list per row
    return np.fromiter(flat, dtype=np.int64, count=3 * len(rows)).reshape(-1, 3)


def _codes_for(label_ids: np.ndarray, scheme_ids: list[int]) -> np.ndarray:
    """Each label id's position in the scheme, found by binary search (no loop per row)."""
    scheme = np.array(scheme_ids, dtype=np.int64)
    order = np.argsort(scheme)
    found = np.searchsorted(scheme, label_ids, sorter=order).clip(max=max(len(scheme) - 1, 0))
    codes = order[found] if len(scheme) else np.zeros(0, dtype=np.int64)
    if len(codes) != len(label_ids) or np.any(scheme[codes] != label_ids):
        raise ValueError("an annotation's label is not in the project's scheme")
    return codes
