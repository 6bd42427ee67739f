"""The team progress of a project, stored once per state of its data.

Every figure of claims/team_progress.py is a function of the project's labels and gold,
its members and k. The labels' state is one cheap aggregate over the articles (claims/
data_state.py, the fingerprint the agreement report is stored under), while the figures
read every progress row and, for the median time, every current label: at 10,000
articles and 20 annotators that took half a second. So they are stored under a key naming
that state, the members and k, and a key that no longer matches is never read again.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from django.core.cache import cache

from claims.agreement import cache as agreement_cache
from claims.agreement.selection import AgreementFilters
from claims.models import Membership, Project
from claims.team_progress import (
    TeamProgress,
    agreement_of,
    filter_articles,
    team_progress,
    with_claims,
)

# A day, as the agreement report: a busy project moves on to new keys long before.
_CACHE_SECONDS = 24 * 60 * 60


def stored_team_progress(*, project: Project, show: str = "all") -> tuple[TeamProgress, list[int]]:
    """team_progress(), and the ids of the articles filter_articles() finds for `show`,
    in project order. Six queries when both are stored for the data as it is now (one
    reads the claims, which are never stored: they expire by the clock)."""
    members = Membership.objects.filter(project=project).order_by("user_id")
    roles = repr(list(members.values_list("user_id", "role")))
    digest = hashlib.sha256(roles.encode()).hexdigest()[:12]
    keys = agreement_cache.keys_for(
        project=project,
        filters=AgreementFilters(),
        resamples=agreement_cache.DEFAULT_RESAMPLES,
        seed=0,
    )
    # The agreement report's key names the project and the state of its labels.
    base = f"team-progress:{keys.report}:{project.annotators_per_article}:{digest}"
    ids_key = f"{base}:{show}"
    found = cache.get_many([base, ids_key, keys.report])
    team, ids, report = found.get(base), found.get(ids_key), found.get(keys.report)
    if team is None:
        team = team_progress(project=project)
        cache.set(base, team, _CACHE_SECONDS)
    elif report is not None and not team.has_agreement:
        # The agreement page computed the report since: its figures can be shown now.
        annotators = [replace(row, **agreement_of(report, row.username)) for row in team.annotators]
        team = replace(team, annotators=annotators, has_agreement=True)
    if ids is None:
        ids = list(
            filter_articles(project=project, show=show).order_by("pk").values_list("pk", flat=True)
        )
        cache.set(ids_key, ids, _CACHE_SECONDS)
    return with_claims(team, project=project), ids
