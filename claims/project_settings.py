"""A project's team settings, as its owners change them (see Project for what each means)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from claims.models import Project, ProjectChange
from claims.owners import record_change


class SettingsError(ValueError):
    """A setting out of range; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class TeamSettings:
    auto_gold: str
    annotators_per_article: int
    queue_order: str
    queue_seed: int
    claim_expiry_hours: float
    blind: bool
    double_coded_percent: int


def current_settings(*, project: Project) -> TeamSettings:
    return TeamSettings(
        auto_gold=project.auto_gold,
        annotators_per_article=project.annotators_per_article,
        queue_order=project.queue_order,
        queue_seed=project.queue_seed,
        claim_expiry_hours=project.claim_expiry.total_seconds() / 3600,
        blind=project.blind,
        double_coded_percent=project.double_coded_percent,
    )


# Six minutes: shorter would free an article while its annotator reads the first sentence,
# and durations round to microseconds, so a tiny positive number would store zero.
MIN_CLAIM_EXPIRY_HOURS = 0.1
MAX_CLAIM_EXPIRY_HOURS = 24 * 365
MAX_ANNOTATORS_PER_ARTICLE = 50
# The column is a 32-bit integer: a bigger seed could not be stored.
MAX_QUEUE_SEED = 2**31 - 1


def _check(values: TeamSettings) -> None:
    if values.auto_gold not in Project.AutoGold.values:
        raise SettingsError("auto_gold", "choose unanimous or majority")
    if not 1 <= values.annotators_per_article <= MAX_ANNOTATORS_PER_ARTICLE:
        message = f"from 1 to {MAX_ANNOTATORS_PER_ARTICLE} annotators"
        raise SettingsError("annotators_per_article", message)
    if values.queue_order not in Project.QueueOrder.values:
        raise SettingsError("queue_order", "choose project or random")
    if not 0 <= values.queue_seed <= MAX_QUEUE_SEED:
        raise SettingsError("queue_seed", f"a whole number from 0 to {MAX_QUEUE_SEED}")
    if not MIN_CLAIM_EXPIRY_HOURS <= values.claim_expiry_hours <= MAX_CLAIM_EXPIRY_HOURS:
        message = "from 0.1 hours (6 minutes) to a year (8760 hours)"
        raise SettingsError("claim_expiry_hours", message)
    if not 0 <= values.double_coded_percent <= 100:
        raise SettingsError("double_coded_percent", "a percentage from 0 to 100")


@transaction.atomic
def update_settings(
    *, project: Project, values: TeamSettings, by: User | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Make `values` the project's settings. Returns (before, after) of the fields that
    changed, empty when nothing did. Raises SettingsError naming a field out of range.

    Changing k (annotators_per_article) or auto_gold does not rewrite gold already set:
    each sentence's automatic gold is recomputed with the new rule when its labels next
    change, or for the whole project when a reviewer applies automatic gold."""
    _check(values)
    locked = Project.objects.select_for_update().order_by().get(pk=project.pk)
    old = asdict(current_settings(project=locked))
    new = asdict(values)
    before = {key: old[key] for key in new if old[key] != new[key]}
    after = {key: new[key] for key in before}
    if not after:
        return {}, {}
    fields = {key: value for key, value in new.items() if key != "claim_expiry_hours"}
    fields["claim_expiry"] = timedelta(hours=values.claim_expiry_hours)
    Project.objects.filter(pk=project.pk).update(**fields)
    for key, value in fields.items():
        setattr(project, key, value)
    summary = ", ".join(f"{key} {before[key]} \u2192 {after[key]}" for key in after)
    record_change(
        project=project,
        by=by,
        what=ProjectChange.What.SETTINGS,
        summary=summary,
        before=before,
        after=after,
    )
    return before, after
