"""The bootstrap intervals in the background (of the label alpha and of the source kind
alpha, by one job): the job, and the two reads that ask for them at most once per state
of the data (cache.py stores what the job computes).

The job only delegates; its arguments and result are JSON (ids, not model instances), as a
database-backed worker stores them. With Django's immediate backend (tests, the demo) the
job runs inline, so the interval is there as soon as it is asked for.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task

from claims.agreement import cache
from claims.agreement.bootstrap import DEFAULT_RESAMPLE, Intervals
from claims.agreement.report import Report, with_intervals
from claims.agreement.selection import AgreementFilters
from claims.models import Project


@task
def compute_agreement_intervals(
    project_id: int,
    filters: dict[str, Any],
    resamples: int,
    seed: int,
    resample: str = DEFAULT_RESAMPLE,
) -> dict[str, Any]:
    """Bootstrap both alphas' 95% intervals for a project's selection and store them."""
    intervals = cache.compute_intervals_for(
        project_id=project_id,
        filters=AgreementFilters.from_json(filters),
        resamples=resamples,
        seed=seed,
        resample=resample,
    )
    return cache.intervals_as_json(intervals)


def report_with_cached_intervals(
    *,
    project: Project,
    filters: AgreementFilters,
    resamples: int = cache.DEFAULT_RESAMPLES,
    seed: int = 0,
    resample: str = DEFAULT_RESAMPLE,
) -> tuple[Report, bool]:
    """The agreement report without running the bootstrap, and whether its intervals are
    in it. They come from the cache; when they are not there, one background job is
    enqueued to compute them (it may have run already: the immediate backend runs it
    inline) and the report says "undefined" for them until a later call finds them."""
    keys = cache.keys_for(
        project=project, filters=filters, resamples=resamples, seed=seed, resample=resample
    )
    report, intervals = cache.stored(keys)
    if report is None:
        report = cache.fill_report(keys=keys, project=project, filters=filters)
    if intervals is None:
        intervals = _enqueue(keys, project, filters, resamples, seed, resample)
    if intervals is None:
        return report, False
    return with_intervals(report, intervals=intervals), True


def request_intervals(
    *,
    project: Project,
    filters: AgreementFilters,
    resamples: int,
    seed: int,
    resample: str = DEFAULT_RESAMPLE,
) -> Intervals | None:
    """The stored intervals for the data as it is now; if there are none, enqueue the job
    (once while it is pending) and return what it stored, None if it has not run yet."""
    keys = cache.keys_for(
        project=project, filters=filters, resamples=resamples, seed=seed, resample=resample
    )
    intervals = cache.stored_intervals(keys)
    if intervals is None:
        intervals = _enqueue(keys, project, filters, resamples, seed, resample)
    return intervals


def _enqueue(
    keys: cache.CacheKeys,
    project: Project,
    filters: AgreementFilters,
    resamples: int,
    seed: int,
    resample: str,
) -> Intervals | None:
    if not cache.claim_computation(keys):
        return None
    compute_agreement_intervals.enqueue(project.pk, filters.as_json(), resamples, seed, resample)
    return cache.stored_intervals(keys)
