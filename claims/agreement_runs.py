"""Alpha's bootstrap interval, computed once per state of the data and kept in the cache
(in the database, shared by the web processes and the worker).

The bootstrap is the slow part of an agreement report, so the agreement page shows the
rest at once and a background job (claims/tasks.py) computes the interval. The job stores
it under a key naming the project, the filters, the resamples and seed, and a fingerprint
of the data: the count and largest id of the selection's annotation rows. A label set,
changed, cleared or undone appends or removes a row, so the fingerprint changes and a
stale interval is never found again; it simply expires from the cache.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q

from claims.agreement import (
    Interval,
    Report,
    agreement_report,
    bootstrap_alpha,
    load_ratings,
    with_interval,
)
from claims.models import Annotation, Project

DEFAULT_RESAMPLES = 1000
# Results outlive a day only if nobody labels anything; a fresh key is cheap to fill.
_INTERVAL_SECONDS = 24 * 60 * 60
# How long one enqueued job stands for "being computed": a worker that died lets the next
# page view enqueue again after this.
_PENDING_SECONDS = 10 * 60


@dataclass(frozen=True)
class AgreementFilters:
    """Which of a project's sentences a report covers, as loading.agreement_report takes
    them. `as_json` / `from_json` carry it into a task's JSON arguments."""

    outlet: str | None = None
    article: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("since", "until"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AgreementFilters:
        times = {
            name: datetime.fromisoformat(data[name]) if data.get(name) else None
            for name in ("since", "until")
        }
        return cls(outlet=data.get("outlet"), article=data.get("article"), **times)


def report_with_cached_interval(
    *,
    project: Project,
    filters: AgreementFilters,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> tuple[Report, bool]:
    """The agreement report without running the bootstrap, and whether alpha's interval
    is in it. The interval comes from the cache; when it is not there, one background job
    is enqueued to compute it (it may have run already: the immediate backend runs it
    inline) and the report says "undefined" for it until a later call finds it."""
    report = agreement_report(project=project, bootstrap=0, **asdict(filters))
    interval = request_interval(project=project, filters=filters, resamples=resamples, seed=seed)
    if interval is None:
        return report, False
    return with_interval(report, interval=interval), True


def request_interval(
    *, project: Project, filters: AgreementFilters, resamples: int, seed: int
) -> Interval | None:
    """The cached interval for the data as it is now; if there is none, enqueue the job
    (once while it is pending) and return what it stored, None if it has not run yet."""
    from claims.tasks import compute_agreement_interval  # tasks import this module

    key = _interval_key(project, filters, resamples, seed)
    interval = _cached(key)
    if interval is None and cache.add(f"{key}:pending", True, _PENDING_SECONDS):
        compute_agreement_interval.enqueue(project.pk, filters.as_json(), resamples, seed)
        interval = _cached(key)
    return interval


def compute_interval(
    *, project_id: int, filters: AgreementFilters, resamples: int, seed: int
) -> Interval:
    """Run the bootstrap for the project's selected labels and cache the interval."""
    project = Project.objects.get(pk=project_id)
    # The key is taken before the labels are read: if one changes meanwhile, the result is
    # stored under the older fingerprint, which no later request asks for, and the next
    # page view computes it again. The other order could show an interval for old data.
    key = _interval_key(project, filters, resamples, seed)
    counts, weights = load_ratings(project=project, **asdict(filters)).patterns
    interval = bootstrap_alpha(counts=counts, weights=weights, resamples=resamples, seed=seed)
    cache.set(key, {"bounds": interval.bounds, "reason": interval.reason}, _INTERVAL_SECONDS)
    cache.delete(f"{key}:pending")
    return interval


def data_fingerprint(*, project: Project, filters: AgreementFilters) -> str:
    """Changes whenever a label in the selection is set, changed, cleared or undone."""
    rows = Annotation.objects.filter(_selected(project, filters)).order_by()
    state = rows.aggregate(count=Count("pk"), last=Max("pk"))
    return f"{state['count']}-{state['last'] or 0}"


def _interval_key(project: Project, filters: AgreementFilters, resamples: int, seed: int) -> str:
    chosen = json.dumps(filters.as_json(), sort_keys=True)
    digest = hashlib.sha256(chosen.encode()).hexdigest()[:16]  # an outlet may be any text
    fingerprint = data_fingerprint(project=project, filters=filters)
    return f"agreement-interval:{project.pk}:{digest}:{resamples}:{seed}:{fingerprint}"


def _cached(key: str) -> Interval | None:
    stored = cache.get(key)
    if stored is None:
        return None
    bounds = tuple(stored["bounds"]) if stored["bounds"] is not None else None
    return Interval(bounds=bounds, reason=stored["reason"])


def _selected(project: Project, filters: AgreementFilters) -> Q:
    # Every revision, current or not, of the sentences loading.py selects: a revision is
    # appended for each change, so the count and largest id move with any change.
    selection = Q(sentence__article__project=project)
    if filters.outlet is not None:
        selection &= Q(sentence__article__outlet=filters.outlet)
    if filters.article is not None:
        selection &= Q(sentence__article=filters.article)
    if filters.since is not None:
        selection &= Q(sentence__article__published_at__gte=filters.since)
    if filters.until is not None:
        selection &= Q(sentence__article__published_at__lt=filters.until)
    return selection
