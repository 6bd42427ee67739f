"""The sourcing profile page: how the selected articles rest their claims, per outlet, with
intervals; the kinds of their sources; and one article's sentences as a strip.

Reviewers and owners only (annotators get 404, as on the agreement page: `each` names
every annotator). The point estimates are computed at once; the bootstrap intervals and
outlet comparisons come from a background job, so htmx polls the results until the job
has stored them (204 meanwhile). The chart downloads as SVG and the numbers as CSV, from
the same query string, for a paper.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from annotator.http import HtmxRequest
from annotator.sourcing_charts import (
    Scope,
    composition_chart,
    composition_svg,
    interval_chart,
    interval_svg,
)
from claims import queries
from claims.agreement.selection import AgreementFilters, FilterError, parse_filters
from claims.models import Article, Project, SourceKind
from claims.sourcing import cache
from claims.sourcing.cache import Settings
from claims.sourcing.loading import EACH, GOLD, LabelsError
from claims.sourcing.metrics import METRICS
from claims.sourcing.report import RELIABLE_ARTICLES
from claims.sourcing.strip import article_strips
from claims.sourcing.summary import format_csv
from claims.sourcing.tasks import profile_for_page

ARTICLE_MENU = 200  # most articles offered as a menu on the filter form
_TITLES = {key: title for key, title, _ in METRICS}
# The metrics that are shares, in the main table; the two about sources have their own.
SHARES = tuple(key for key in _TITLES if key not in ("identified_sources", "kind_diversity"))
# Table headings; the full name is each heading's title.
_SHORT = {
    "attribution_rate": "Attributed",
    "unattributed_claim_share": "Unattributed claims",
    "opinion_share": "Opinion",
    "anonymous_share": "Anonymous",
    "vague_share": "Vague",
    "unverifiable_share": "Unverifiable",
    "media_relayed_share": "Media-relayed",
    "any_anonymous": "Articles with anonymous",
    "anonymous_only": "Articles only anonymous",
    "identified_sources": "Identified sources per article",
    "kind_diversity": "Kind diversity",
}


@login_required
@require_GET
def profile(request: HtmxRequest, slug: str) -> HttpResponse:
    """`?labels=gold|USERNAME|each&outlet=&article=&since=&until=`. A filter or labels
    that cannot be used is named on the page, which then shows the gold profile of the
    whole project, with 400."""
    project = get_object_or_404(_reviewed_projects(request), slug=slug)
    settings, problem = _settings(request.GET)
    try:
        report, is_full = profile_for_page(project=project, settings=settings)
    except LabelsError as error:
        problem = ("labels", str(error))
        settings = Settings(labels=GOLD, filters=settings.filters)
        report, is_full = profile_for_page(project=project, settings=settings)
    if request.htmx and not is_full:
        return HttpResponse(status=204)  # still computing: the poll tries again
    context = _context(request, project, settings, report, is_full=is_full)
    if request.htmx:
        return render(request, "annotator/profile.html#results", context)
    context |= _form_context(project, settings, problem)
    return render(request, "annotator/profile.html", context, status=400 if problem else 200)


@login_required
@require_GET
def profile_csv(request: HtmxRequest, slug: str) -> HttpResponse:
    """The full profile (with intervals) as CSV: one row per labels, scope and metric."""
    project, settings, report = _full_report(request, slug)
    response = HttpResponse(format_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{project.slug}-sourcing-profile.csv"
    )
    return response


@login_required
@require_GET
def profile_svg(request: HtmxRequest, slug: str) -> HttpResponse:
    """The interval chart of the first labels set, as a standalone SVG file."""
    project, settings, report = _full_report(request, slug)
    labels, profile = next(iter(report["profiles"].items()))
    chart = interval_chart(_scopes(project, profile), references=report["references"])
    title = f"Sourcing profile of {project.name}: labels {labels}"
    response = HttpResponse(
        interval_svg(chart, title=title, standalone=True), content_type="image/svg+xml"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{project.slug}-sourcing-profile.svg"
    )
    return response


def _reviewed_projects(request: HtmxRequest) -> QuerySet[Project]:
    return queries.reviewed_projects(request.user)


def _settings(query: QueryDict) -> tuple[Settings, tuple[str, str] | None]:
    labels = query.get("labels", "").strip() or GOLD
    if "\x00" in labels:
        return Settings(labels=GOLD, filters=AgreementFilters()), ("labels", "must not contain NUL")
    try:
        fields = {name: query.get(name, "") for name in ("outlet", "article", "since", "until")}
        return Settings(labels=labels, filters=parse_filters(**fields)), None
    except FilterError as error:
        return Settings(labels=labels, filters=AgreementFilters()), (error.field, error.message)


def _full_report(request: HtmxRequest, slug: str) -> tuple[Project, Settings, dict[str, Any]]:
    """For a download: the full profile from the cache, else computed now (a paper's table
    needs its intervals). Bad options fall back as on the page."""
    project = get_object_or_404(_reviewed_projects(request), slug=slug)
    settings, _ = _settings(request.GET)
    keys = cache.keys_for(project=project, settings=settings)
    report = cache.stored_full(keys)
    if report is None:
        try:
            cache.compute_full(project_id=project.pk, settings=settings)
        except LabelsError:
            settings = Settings(labels=GOLD, filters=settings.filters)
            cache.compute_full(project_id=project.pk, settings=settings)
        report = cache.stored_full(cache.keys_for(project=project, settings=settings))
        assert report is not None
    return project, settings, report


def _scopes(project: Project, profile: dict[str, Any]) -> list[Scope]:
    return [
        Scope(name, found["articles"], found.get("metrics", {}), i == 0)
        for i, (name, found) in enumerate(_found(profile))
    ]


def _found(profile: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The profile's scopes in the page's order: all articles, then each outlet."""
    return [("All articles", profile["project"])] + [
        (outlet or "(no outlet)", found) for outlet, found in profile["outlets"].items()
    ]


def _context(
    request: HtmxRequest,
    project: Project,
    settings: Settings,
    report: dict[str, Any],
    *,
    is_full: bool,
) -> dict[str, Any]:
    colours = dict(SourceKind.objects.filter(project=project).values_list("key", "colour"))
    sections = []
    for labels, profile in report["profiles"].items():
        scopes = _scopes(project, profile)
        sections.append(
            {
                "labels": labels,
                "profile": profile,
                "rows": [
                    _row(scope, found)
                    for scope, (_, found) in zip(scopes, _found(profile), strict=True)
                ],
                "chart": interval_svg(interval_chart(scopes, references=report["references"])),
                "composition": composition_svg(
                    composition_chart(scopes, kinds=report["kinds"], colours=colours)
                ),
                "unreliable": any(
                    "interval" in found.get("warnings", {}) for _, found in _found(profile)
                ),
                "comparisons": [_comparison(found) for found in profile.get("comparisons", [])],
            }
        )
    query = request.GET.urlencode()
    return {
        "project": project,
        "report": report,
        "settings": settings,
        "sections": sections,
        "is_full": is_full,
        "columns": [(key, _TITLES[key], _SHORT[key]) for key in SHARES],
        "all_columns": [(key, title, _SHORT[key]) for key, title, _ in METRICS],
        "reliable_articles": RELIABLE_ARTICLES,
        "query": f"?{query}" if query else "",
        "strips": article_strips(article_id=settings.filters.article, labels=settings.labels)
        if settings.filters.article is not None
        else [],
    }


def _row(scope: Scope, found: dict[str, Any]) -> dict[str, Any]:
    """One table row: each metric's value, counts and interval, ready to print, and the
    scope's notes (undefined values, unreliable intervals)."""
    warnings = found.get("warnings", {})
    return {
        "scope": scope,
        "cells": [_cell(key, scope.metrics.get(key) or {}) for key in SHARES],
        "sources": _sources(scope.metrics),
        "unreliable": "interval" in warnings,
        # Other warnings name the metric whose interval rests on part of the resamples.
        "other_notes": [
            f"{_TITLES.get(key, key)}: interval {warning}"
            for key, warning in warnings.items()
            if key != "interval"
        ],
    }


def _cell(key: str, entry: dict[str, Any]) -> dict[str, Any]:
    value, interval = entry.get("value"), entry.get("interval")
    return {
        "key": key,
        "text": None if value is None else f"{value:.1%}",
        "counts": f"{_count(entry.get('numerator'))} / {_count(entry.get('denominator'))}",
        "interval": f"{interval[0]:.1%}–{interval[1]:.1%}" if interval else "",
    }


def _sources(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """Identified sources per article (with the articles in each bin) and the diversity of
    the sources' kinds, with their intervals."""
    identified = metrics.get("identified_sources") or {}
    diversity = metrics.get("kind_diversity") or {}

    def interval(bounds: list[float] | None, digits: int) -> str:
        return f"{bounds[0]:.{digits}f}–{bounds[1]:.{digits}f}" if bounds else ""

    def number(value: float | None, digits: int) -> str | None:
        return None if value is None else f"{value:.{digits}f}"

    return {
        "identified": number(identified.get("value"), 2),
        "identified_interval": interval(identified.get("interval"), 2),
        "identified_count": identified.get("numerator"),
        "all_sources": identified.get("all_sources"),
        "bins": list((identified.get("bins") or {}).items()),
        "entropy": number(diversity.get("value"), 3),
        "entropy_interval": interval(diversity.get("interval"), 3),
        "simpson": number(diversity.get("simpson"), 3),
        "simpson_interval": interval(diversity.get("simpson_interval"), 3),
    }


def _comparison(found: dict[str, Any]) -> dict[str, Any]:
    """One outlet pair's permutation tests, a cell per metric in the table's order."""
    cells = []
    for key, _, _ in METRICS:
        test = found["metrics"].get(key) or {}
        difference, p_value = test.get("difference"), test.get("p_value")
        cells.append(
            {
                "difference": None if difference is None else f"{difference:+.3f}",
                "p_value": None if p_value is None else f"{p_value:.4f}",
                "significant": p_value is not None and p_value < 0.05,
                "reason": "undefined in one of the outlets" if difference is None else "",
            }
        )
    return {"a": found["a"], "b": found["b"], "cells": cells}


def _count(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _form_context(
    project: Project, settings: Settings, problem: tuple[str, str] | None
) -> dict[str, Any]:
    members = project.memberships.select_related("user").order_by("user__username")
    return {
        "label_choices": [(GOLD, "Gold"), (EACH, "Each annotator apart")]
        + [(m.user.username, m.user.username) for m in members],
        "outlets": list(
            Article.objects.filter(project=project)
            .exclude(outlet="")
            .order_by("outlet")
            .values_list("outlet", flat=True)
            .distinct()
        ),
        "articles": list(
            Article.objects.filter(project=project)
            .order_by("pk")
            .only("title", "external_id")[: ARTICLE_MENU + 1]
        ),
        "article_menu": ARTICLE_MENU,
        "filters": settings.filters,
        "problem": problem,
    }
