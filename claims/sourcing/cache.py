"""The sourcing profile, stored once per state of the data in the cache (the database
cache: shared by every web process and the worker).

Without its bootstrap the profile of 10,000 articles takes under a second; the bootstrap
and the outlet comparisons take as long again or longer, so the page shows the point
estimates at once and a background job (tasks.py) computes the full report. Both are
stored under keys naming the project, the labels, the filters, the resampling settings
and the state of the data (claims/data_state.py: any change of a label, an attribution,
a gold decision or the scheme's meaning changes it). A stale profile is never found
again; it simply expires from the cache.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from claims.agreement.selection import AgreementFilters
from claims.data_state import labels_state
from claims.models import Project
from claims.sourcing.loading import profile_report

DEFAULT_RESAMPLES = 2000
DEFAULT_PERMUTATIONS = 10_000
_CACHE_SECONDS = 24 * 60 * 60
# How long one enqueued job stands for "being computed": a worker that died lets a later
# page view enqueue again after this.
_PENDING_SECONDS = 10 * 60


@dataclass(frozen=True)
class Settings:
    """Which profile: whose labels, of which articles, resampled how."""

    labels: str
    filters: AgreementFilters
    bootstrap: int = DEFAULT_RESAMPLES
    permutations: int = DEFAULT_PERMUTATIONS
    seed: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "filters": self.filters.as_json(),
            "bootstrap": self.bootstrap,
            "permutations": self.permutations,
            "seed": self.seed,
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Settings:
        return cls(
            labels=stored["labels"],
            filters=AgreementFilters.from_json(stored["filters"]),
            bootstrap=stored["bootstrap"],
            permutations=stored["permutations"],
            seed=stored["seed"],
        )


@dataclass(frozen=True)
class CacheKeys:
    point: str  # the profile without intervals or comparisons
    full: str  # with them
    pending: str  # the full profile's job is enqueued


def keys_for(*, project: Project, settings: Settings) -> CacheKeys:
    """The keys for the data as it is now (three small queries, for the fingerprint)."""
    fingerprint = data_fingerprint(project=project, filters=settings.filters)
    # A username or an outlet may be any text; a digest keeps the key a plain string.
    chosen = json.dumps([settings.labels, settings.filters.as_json()], sort_keys=True)
    selection = f"{project.pk}:{hashlib.sha256(chosen.encode()).hexdigest()[:16]}"
    resampling = f"{settings.bootstrap}:{settings.permutations}:{settings.seed}"
    full = f"profile:{selection}:{resampling}:{fingerprint}"
    return CacheKeys(
        point=f"profile-point:{selection}:{fingerprint}", full=full, pending=f"{full}:pending"
    )


def data_fingerprint(*, project: Project, filters: AgreementFilters) -> str:
    """Changes whenever a label, an attribution or a gold decision in the selection
    changes, or what a label or kind means to the profile (claims/data_state.py)."""
    return labels_state(project=project, filters=filters)


def stored(keys: CacheKeys) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The stored point and full profiles, each None if absent; one cache query."""
    found = cache.get_many([keys.point, keys.full])
    return found.get(keys.point), found.get(keys.full)


def stored_full(keys: CacheKeys) -> dict[str, Any] | None:
    return cache.get(keys.full)


def fill_point(*, keys: CacheKeys, project: Project, settings: Settings) -> dict[str, Any]:
    """Compute and store the profile without intervals or comparisons.

    The keys hold the fingerprint taken before the labels are read: a change meanwhile
    leaves this profile (of newer data) under the older fingerprint, which no later
    request asks for. The other order could store old data under the new one."""
    report = _report(project=project, settings=settings, resampled=False)
    cache.set(keys.point, report, _CACHE_SECONDS)
    return report


def claim_computation(keys: CacheKeys) -> bool:
    """Whether the caller should enqueue the full profile's job: True once per key until
    the job has run or _PENDING_SECONDS have passed (a worker may have died)."""
    return cache.add(keys.pending, True, _PENDING_SECONDS)


def compute_full(*, project_id: int, settings: Settings) -> str:
    """Compute the full profile and store it; the key it is stored under."""
    project = Project.objects.get(pk=project_id)
    keys = keys_for(project=project, settings=settings)  # before reading: see fill_point
    report = _report(project=project, settings=settings, resampled=True)
    cache.set(keys.full, report, _CACHE_SECONDS)
    cache.delete(keys.pending)
    return keys.full


def _report(*, project: Project, settings: Settings, resampled: bool) -> dict[str, Any]:
    return profile_report(
        project=project,
        labels=settings.labels,
        filters=settings.filters,
        bootstrap=settings.bootstrap if resampled else 0,
        permutations=settings.permutations if resampled else 0,
        seed=settings.seed,
    )
