"""The agreement report and its two bootstrap intervals (of the label alpha and of the
source kind alpha), each stored once per state of the data in the cache (in the
database, shared by the web processes and the worker).

The bootstrap is the slow part of an agreement report, so the agreement page shows the
rest at once and a background job (tasks.py) computes both intervals. The rest is cached
too: at 200,000 sentences reading the labels alone takes most of a second, while the
fingerprint below and one cache read take a few milliseconds.

Both are stored under keys naming the project, the filters (and for the intervals what
is resampled, articles or sentences, how often and with which seed), and the state of
the data (claims/data_state.py): a label set, changed, cleared or undone appends a
revision, and so does any change of an attribution, and each article counts them, so
the state changes and a stale report or interval is never found again; it simply
expires from the cache.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from claims.agreement.bootstrap import DEFAULT_RESAMPLE, RESAMPLE_UNITS, Bootstrap, Intervals
from claims.agreement.loading import agreement_report, load_agreement
from claims.agreement.report import Report, compute_intervals
from claims.agreement.selection import AgreementFilters
from claims.data_state import labels_state
from claims.models import Project
from claims.resampling import Interval

DEFAULT_RESAMPLES = 1000
# Results outlive a day only if nobody labels anything; a fresh key is cheap to fill.
_CACHE_SECONDS = 24 * 60 * 60
# How long one enqueued job stands for "being computed": a worker that died lets the next
# page view enqueue again after this.
_PENDING_SECONDS = 10 * 60


@dataclass(frozen=True)
class CacheKeys:
    """Where a report and its intervals are stored for the data as it was when made, and
    the marker that says the intervals' job is enqueued."""

    report: str
    interval: str
    pending: str


def keys_for(
    *,
    project: Project,
    filters: AgreementFilters,
    resamples: int,
    seed: int,
    resample: str = DEFAULT_RESAMPLE,
) -> CacheKeys:
    """The keys for the data as it is now: three small queries, for the fingerprint. An interval
    over sentences and one over articles are different intervals, so `resample` is in
    the key as the resamples and seed are."""
    fingerprint = data_fingerprint(project=project, filters=filters)
    selection = f"{project.pk}:{_filters_digest(filters)}"
    bootstrap = f"{RESAMPLE_UNITS[resample]}:{resamples}:{seed}"
    interval = f"agreement-interval:{selection}:{bootstrap}:{fingerprint}"
    return CacheKeys(
        report=f"agreement-report:{selection}:{fingerprint}",
        interval=interval,
        pending=f"{interval}:pending",
    )


def stored(keys: CacheKeys) -> tuple[Report | None, Intervals | None]:
    """The stored report and intervals, each None if absent; one cache query for both."""
    found = cache.get_many([keys.report, keys.interval])
    return found.get(keys.report), intervals_from_json(found.get(keys.interval))


def stored_intervals(keys: CacheKeys) -> Intervals | None:
    return intervals_from_json(cache.get(keys.interval))


def fill_report(*, keys: CacheKeys, project: Project, filters: AgreementFilters) -> Report:
    """Compute the report without the bootstrap and store it.

    `keys` hold the fingerprint taken before the labels are read: if one changes
    meanwhile, the report (of the newer data) sits under the older fingerprint, which no
    later request asks for. The other order could store old data under the new one."""
    report = agreement_report(project=project, filters=filters, bootstrap=0)
    cache.set(keys.report, report, _CACHE_SECONDS)
    return report


def claim_computation(keys: CacheKeys) -> bool:
    """Whether the caller should enqueue the interval's job: True once per key, until the
    job has run or _PENDING_SECONDS have passed (a worker may have died)."""
    return cache.add(keys.pending, True, _PENDING_SECONDS)


def compute_intervals_for(
    *,
    project_id: int,
    filters: AgreementFilters,
    resamples: int,
    seed: int,
    resample: str = DEFAULT_RESAMPLE,
) -> Intervals:
    """Run both bootstraps (of `resample`: articles or sentences) for the project's
    selected labels and attributions and store the intervals."""
    project = Project.objects.get(pk=project_id)
    # The key is taken before the labels are read: if one changes meanwhile, the result is
    # stored under the older fingerprint, which no later request asks for, and the next
    # page view computes it again. The other order could show an interval for old data.
    keys = keys_for(
        project=project, filters=filters, resamples=resamples, seed=seed, resample=resample
    )
    ratings, sources = load_agreement(project=project, filters=filters)
    intervals = compute_intervals(
        ratings=ratings, sources=sources, resamples=resamples, seed=seed, resample=resample
    )
    cache.set(keys.interval, intervals_as_json(intervals), _CACHE_SECONDS)
    cache.delete(keys.pending)
    return intervals


def data_fingerprint(*, project: Project, filters: AgreementFilters) -> str:
    """Changes whenever a label or attribution in the selection is set, changed, cleared
    or undone (claims/data_state.py: one query over the selected articles, not a scan of
    their annotations)."""
    return labels_state(project=project, filters=filters)


def _filters_digest(filters: AgreementFilters) -> str:
    chosen = json.dumps(filters.as_json(), sort_keys=True)
    return hashlib.sha256(chosen.encode()).hexdigest()[:16]  # an outlet may be any text


def intervals_as_json(intervals: Intervals) -> dict[str, Any]:
    """The intervals as JSON (for the cache and the job's result); intervals_from_json
    reads them back."""
    found: dict[str, Any] = {
        name: {"bounds": interval.bounds, "reason": interval.reason, "warning": interval.warning}
        for name, interval in (("labels", intervals.labels), ("kinds", intervals.kinds))
    }
    return found | {"bootstrap": intervals.bootstrap.as_json()}


def intervals_from_json(stored: dict[str, Any] | None) -> Intervals | None:
    if stored is None:
        return None
    return Intervals(
        labels=_interval_from(stored["labels"]),
        kinds=_interval_from(stored["kinds"]),
        bootstrap=Bootstrap(**stored["bootstrap"]),
    )


def _interval_from(stored: dict[str, Any]) -> Interval:
    bounds = tuple(stored["bounds"]) if stored["bounds"] is not None else None
    return Interval(bounds=bounds, reason=stored["reason"], warning=stored["warning"])
