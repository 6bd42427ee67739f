"""The agreement report and alpha's bootstrap interval, each computed once per state of
the data and kept in the cache (in the database, shared by the web processes and the worker).

The bootstrap is the slow part of an agreement report, so the agreement page shows the
rest at once and a background job (claims/tasks.py) computes the interval. The rest is
cached too: at 200,000 sentences reading the labels alone takes most of a second, while
the fingerprint below and one cache read take a few milliseconds.

Both are stored under keys naming the project, the filters (and for the interval the
resamples and seed), and a fingerprint of the data: the count and largest id of the
selection's annotation rows. A label set, changed, cleared or undone appends or removes a
row, so the fingerprint changes and a stale report or interval is never found again; it
simply expires from the cache.
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
_CACHE_SECONDS = 24 * 60 * 60
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
    fingerprint = data_fingerprint(project=project, filters=filters)
    report_key = _report_key(project, filters, fingerprint)
    interval_key = _interval_key(project, filters, resamples, seed, fingerprint)
    stored = cache.get_many([report_key, interval_key])  # one query for both
    report = stored.get(report_key)
    if report is None:
        report = _fill_report(key=report_key, project=project, filters=filters)
    interval = _interval_from(stored.get(interval_key))
    if interval is None:
        interval = _enqueue_interval(interval_key, project, filters, resamples, seed)
    if interval is None:
        return report, False
    return with_interval(report, interval=interval), True


def request_interval(
    *, project: Project, filters: AgreementFilters, resamples: int, seed: int
) -> Interval | None:
    """The cached interval for the data as it is now; if there is none, enqueue the job
    (once while it is pending) and return what it stored, None if it has not run yet."""
    fingerprint = data_fingerprint(project=project, filters=filters)
    key = _interval_key(project, filters, resamples, seed, fingerprint)
    interval = _interval_from(cache.get(key))
    if interval is None:
        interval = _enqueue_interval(key, project, filters, resamples, seed)
    return interval


def _fill_report(*, key: str, project: Project, filters: AgreementFilters) -> Report:
    """Compute the report without the bootstrap and cache it under `key`.

    `key` holds the fingerprint taken before the labels are read: if one changes
    meanwhile, the report (of the newer data) sits under the older fingerprint, which no
    later request asks for. The other order could store old data under the new one."""
    report = agreement_report(project=project, bootstrap=0, **asdict(filters))
    cache.set(key, report, _CACHE_SECONDS)
    return report


def _enqueue_interval(
    key: str, project: Project, filters: AgreementFilters, resamples: int, seed: int
) -> Interval | None:
    """Enqueue the job for `key` unless one is pending; what it stored, if it has run."""
    from claims.tasks import compute_agreement_interval  # tasks import this module

    if not cache.add(f"{key}:pending", True, _PENDING_SECONDS):
        return None
    compute_agreement_interval.enqueue(project.pk, filters.as_json(), resamples, seed)
    return _interval_from(cache.get(key))


def compute_interval(
    *, project_id: int, filters: AgreementFilters, resamples: int, seed: int
) -> Interval:
    """Run the bootstrap for the project's selected labels and cache the interval."""
    project = Project.objects.get(pk=project_id)
    # The key is taken before the labels are read: if one changes meanwhile, the result is
    # stored under the older fingerprint, which no later request asks for, and the next
    # page view computes it again. The other order could show an interval for old data.
    fingerprint = data_fingerprint(project=project, filters=filters)
    key = _interval_key(project, filters, resamples, seed, fingerprint)
    counts, weights = load_ratings(project=project, **asdict(filters)).patterns
    interval = bootstrap_alpha(counts=counts, weights=weights, resamples=resamples, seed=seed)
    cache.set(key, {"bounds": interval.bounds, "reason": interval.reason}, _CACHE_SECONDS)
    cache.delete(f"{key}:pending")
    return interval


def data_fingerprint(*, project: Project, filters: AgreementFilters) -> str:
    """Changes whenever a label in the selection is set, changed, cleared or undone."""
    rows = Annotation.objects.filter(_selected(project, filters)).order_by()
    state = rows.aggregate(count=Count("pk"), last=Max("pk"))
    return f"{state['count']}-{state['last'] or 0}"


def _report_key(project: Project, filters: AgreementFilters, fingerprint: str) -> str:
    return f"agreement-report:{project.pk}:{_filters_digest(filters)}:{fingerprint}"


def _interval_key(
    project: Project, filters: AgreementFilters, resamples: int, seed: int, fingerprint: str
) -> str:
    digest = _filters_digest(filters)
    return f"agreement-interval:{project.pk}:{digest}:{resamples}:{seed}:{fingerprint}"


def _filters_digest(filters: AgreementFilters) -> str:
    chosen = json.dumps(filters.as_json(), sort_keys=True)
    return hashlib.sha256(chosen.encode()).hexdigest()[:16]  # an outlet may be any text


def _interval_from(stored: dict[str, Any] | None) -> Interval | None:
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
