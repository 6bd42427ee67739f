"""The full sourcing profile (intervals and outlet comparisons) in the background: the job,
and the read that asks for it at most once per state of the data (cache.py stores it).

The job's arguments and result are JSON, as a database-backed worker stores them. With
Django's immediate backend (tests, the demo) the job runs inline, so the full profile is
there as soon as it is asked for.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task

from claims.models import Project
from claims.sourcing import cache
from claims.sourcing.cache import Settings


@task
def compute_profile(project_id: int, settings: dict[str, Any]) -> str:
    """Compute a project's full profile for these settings and store it; its cache key."""
    return cache.compute_full(project_id=project_id, settings=Settings.from_json(settings))


def profile_for_page(*, project: Project, settings: Settings) -> tuple[dict[str, Any], bool]:
    """The profile to show now, and whether it is the full one. Without the full one in
    the cache, the point estimates are computed (or read from the cache) and one job is
    enqueued for the rest; a later call finds it."""
    keys = cache.keys_for(project=project, settings=settings)
    point, full = cache.stored(keys)
    if full is None:
        full = _enqueue(keys, project, settings)
    if full is not None:
        return full, True
    if point is None:
        point = cache.fill_point(keys=keys, project=project, settings=settings)
    return point, False


def full_profile(*, project: Project, settings: Settings) -> dict[str, Any] | None:
    """The full profile if it is stored for the data as it is now; otherwise enqueue its
    job (once while it is pending) and return what it stored, None if it has not run."""
    keys = cache.keys_for(project=project, settings=settings)
    return cache.stored_full(keys) or _enqueue(keys, project, settings)


def _enqueue(keys: cache.CacheKeys, project: Project, settings: Settings) -> dict[str, Any] | None:
    if not cache.claim_computation(keys):
        return None
    compute_profile.enqueue(project.pk, settings.as_json())
    return cache.stored_full(keys)
