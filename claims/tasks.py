"""Background jobs. Each only delegates to the domain; arguments and results are JSON
(ids, not model instances), as a database-backed worker stores them."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from claims.agreement_runs import AgreementFilters, compute_interval


@task
def compute_agreement_interval(
    project_id: int, filters: dict[str, Any], resamples: int, seed: int
) -> dict[str, Any]:
    """Bootstrap alpha's 95% interval for a project's selection and cache it."""
    interval = compute_interval(
        project_id=project_id,
        filters=AgreementFilters.from_json(filters),
        resamples=resamples,
        seed=seed,
    )
    return {"bounds": interval.bounds, "reason": interval.reason}
