"""Alpha's bootstrap interval in the background: the job, and the two reads that ask for
it at most once per state of the data (cache.py stores what the job computes).

The job only delegates; its arguments and result are JSON (ids, not model instances), as a
database-backed worker stores them. With Django's immediate backend (tests, the demo) the
job runs inline, so the interval is there as soon as it is asked for.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task

from claims.agreement import cache
from claims.agreement.bootstrap import Interval
from claims.agreement.report import Report, with_interval
from claims.agreement.selection import AgreementFilters
from claims.models import Project


@task
def compute_agreement_interval(
    project_id: int, filters: dict[str, Any], resamples: int, seed: int
) -> dict[str, Any]:
    """Bootstrap alpha's 95% interval for a project's selection and store it."""
    interval = cache.compute_interval(
        project_id=project_id,
        filters=AgreementFilters.from_json(filters),
        resamples=resamples,
        seed=seed,
    )
    return {"bounds": interval.bounds, "reason": interval.reason}


def report_with_cached_interval(
    *,
    project: Project,
    filters: AgreementFilters,
    resamples: int = cache.DEFAULT_RESAMPLES,
    seed: int = 0,
) -> tuple[Report, bool]:
    """The agreement report without running the bootstrap, and whether alpha's interval
    is in it. The interval comes from the cache; when it is not there, one background job
    is enqueued to compute it (it may have run already: the immediate backend runs it
    inline) and the report says "undefined" for it until a later call finds it."""
    keys = cache.keys_for(project=project, filters=filters, resamples=resamples, seed=seed)
    report, interval = cache.stored(keys)
    if report is None:
        report = cache.fill_report(keys=keys, project=project, filters=filters)
    if interval is None:
        interval = _enqueue(keys, project, filters, resamples, seed)
    if interval is None:
        return report, False
    return with_interval(report, interval=interval), True


def request_interval(
    *, project: Project, filters: AgreementFilters, resamples: int, seed: int
) -> Interval | None:
    """The stored interval for the data as it is now; if there is none, enqueue the job
    (once while it is pending) and return what it stored, None if it has not run yet."""
    keys = cache.keys_for(project=project, filters=filters, resamples=resamples, seed=seed)
    interval = cache.stored_interval(keys)
    if interval is None:
        interval = _enqueue(keys, project, filters, resamples, seed)
    return interval


def _enqueue(
    keys: cache.CacheKeys, project: Project, filters: AgreementFilters, resamples: int, seed: int
) -> Interval | None:
    if not cache.claim_computation(keys):
        return None
    compute_agreement_interval.enqueue(project.pk, filters.as_json(), resamples, seed)
    return cache.stored_interval(keys)
