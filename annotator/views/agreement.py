"""The agreement page: a project's coefficients, its pairs as charts, and the sentences
behind any cell. Reviewers and owners only; annotators get 404 as on the review page,
since the page names every annotator beside their agreement.

The measures are computed on each view (one query reads the labels, however many there
are); the bootstrap intervals (of the label alpha and of the source kind alpha) come
from a background job, so htmx polls the `interval` fragment, which carries both, until
the job has stored them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotator.charts import confusion_matrix, kappa_heatmap, legend
from annotator.http import HtmxRequest
from claims import queries
from claims.agreement import Interval, Intervals, Report
from claims.agreement.bootstrap import DEFAULT_RESAMPLE, Bootstrap, parse_resample
from claims.agreement.cache import DEFAULT_RESAMPLES
from claims.agreement.cells import cell_sentences
from claims.agreement.selection import AgreementFilters, FilterError, parse_filters
from claims.agreement.tasks import report_with_cached_intervals, request_intervals
from claims.models import Article, Project

_HEADLINE = {
    "percent_agreement": "Percent agreement",
    "fleiss_kappa": "Fleiss' kappa",
    "gwet_ac1": "Gwet's AC1",
}
_PAIR_MEASURES = {
    "percent_agreement": "Percent agreement",
    "cohen_kappa": "Cohen's kappa",
    "scott_pi": "Scott's pi",
}

ARTICLE_MENU = 200  # most articles offered as a menu on the filter form


@login_required
@require_GET
def agreement(request: HtmxRequest, slug: str) -> HttpResponse:
    """`?outlet=&article=&since=&until=` filter; `?resample=articles|sentences` chooses
    what the bootstrap resamples; `?a=&b=` choose the pair whose confusion matrix shows
    (default: the pair sharing most sentences); `?la=&lb=` list one cell's sentences. A
    filter that cannot be used is named on the page, which then shows the whole project
    (resampled by article), with 400."""
    project = get_object_or_404(_reviewed_projects(request), slug=slug)
    try:
        filters, problem = parse_filters(**_filter_fields(request.GET)), None
        resample = parse_resample(request.GET.get("resample"))
    except FilterError as error:
        filters, resample, problem = AgreementFilters(), DEFAULT_RESAMPLE, error
    if request.htmx:
        # The poll, every 2 s, needs only the intervals, so it skips the measures.
        intervals = request_intervals(
            project=project,
            filters=filters,
            resamples=DEFAULT_RESAMPLES,
            seed=0,
            resample=resample,
        )
        return render(request, "annotator/agreement.html#interval", _poll_context(intervals))
    report, is_ready = report_with_cached_intervals(
        project=project, filters=filters, resample=resample
    )
    context = _context(request.GET, project, filters, report) | {"resample": resample}
    context |= _poll_context(_intervals(report) if is_ready else None) | {"is_poll": False}
    context["filter_error"] = problem
    status = 400 if problem else 200
    return render(request, "annotator/agreement.html", context, status=status)


def _reviewed_projects(request: HtmxRequest) -> QuerySet[Project]:
    # Not projects_to_review(): its gold counts cost a scan that this page does not show.
    return queries.reviewed_projects(request.user)


def _filter_fields(query: QueryDict) -> dict[str, str]:
    return {name: query.get(name, "") for name in ("outlet", "article", "since", "until")}


def _context(
    query: QueryDict, project: Project, filters: AgreementFilters, report: Report
) -> dict[str, Any]:
    undefined = report["undefined"]
    names = dict(project.labels.values_list("key", "name"))
    context = {
        "project": project,
        "report": report,
        "filters": filters,
        "headline": [
            (title, _measure(report, name, undefined)) for name, title in _HEADLINE.items()
        ],
        "per_label": [
            {"key": key, "name": names.get(key, key), "prevalence": row["prevalence"]}
            | {name: _measure(row, name, undefined, f"per_label.{key}.") for name in _CODED}
            for key, row in report["per_label"].items()
        ],
        "per_annotator": [
            (
                name,
                row["units"],
                _measure(row, "agreement_with_others", undefined, f"per_annotator.{name}."),
            )
            for name, row in report["per_annotator"].items()
        ],
        "undefined_pairs": [
            (f"{pair['a']} × {pair['b']}", undefined[f"pairs.{pair['a']}.{pair['b']}.cohen_kappa"])
            for pair in report["pairs"]
            if pair["cohen_kappa"] is None
        ],
        "legend": legend(),
        "outlets": _outlets(project),
        # A menu of thousands of articles helps nobody and costs render time; past
        # ARTICLE_MENU the form asks for an article id instead.
        "articles": list(
            Article.objects.filter(project=project)
            .order_by("pk")
            .only("title", "external_id")[: ARTICLE_MENU + 1]
        ),
        "article_menu": ARTICLE_MENU,
    }
    if len(report["annotators"]) >= 2:
        context["heatmap"] = kappa_heatmap(annotators=report["annotators"], pairs=report["pairs"])
    context |= _sources_context(project, report)
    return context | _pair_context(query, project, filters, report, names)


_CODED = ("krippendorff_alpha", "fleiss_kappa")


def _pair_context(
    query: QueryDict,
    project: Project,
    filters: AgreementFilters,
    report: Report,
    names: dict[str, str],  # label key -> name
) -> dict[str, Any]:
    """The chosen pair: its measures, its confusion matrix (rows: a's labels, in the order
    asked for), and the sentences of the chosen cell."""
    pair, a, b = _chosen_pair(report, query.get("a"), query.get("b"))
    if pair is None:
        return {}
    confusion = pair["confusion"]
    if a != pair["a"]:  # asked for as b × a: transpose
        confusion = {x: {y: confusion[y][x] for y in confusion} for x in confusion}
    prefix = f"pairs.{pair['a']}.{pair['b']}."
    context = {
        "pair": pair,
        "a": a,
        "b": b,
        "pair_measures": [
            (title, _measure(pair, name, report["undefined"], prefix))
            for name, title in _PAIR_MEASURES.items()
        ],
        "confusion": confusion_matrix(labels=report["labels"], confusion=confusion, a=a, b=b),
    }
    label_a, label_b = query.get("la"), query.get("lb")
    if label_a in names and label_b in names:
        sentences, total = cell_sentences(
            project=project, filters=filters, a=a, label_a=label_a, b=b, label_b=label_b
        )
        context["cell"] = {
            "label_a": names[label_a],
            "label_b": names[label_b],
            "sentences": sentences,
            "total": total,
        }
    return context


def _chosen_pair(
    report: Report, a: str | None, b: str | None
) -> tuple[dict[str, Any] | None, str, str]:
    for pair in report["pairs"]:
        if a is not None and b is not None and {pair["a"], pair["b"]} == {a, b}:
            return pair, a, b
    if not report["pairs"]:
        return None, "", ""
    pair = max(report["pairs"], key=lambda pair: pair["units"])  # the first of equals
    return pair, pair["a"], pair["b"]


def _measure(
    values: dict[str, Any], name: str, undefined: dict[str, str], prefix: str = ""
) -> dict[str, Any]:
    """A value with the reason it is undefined (None when it is defined)."""
    return {"value": values[name], "reason": undefined.get(prefix + name)}


def _poll_context(intervals: Intervals | None) -> dict[str, Any]:
    # The poll's answer swaps the label interval in place and the kind interval out of
    # band (htmx's hx-swap-oob), so one request serves both.
    return {
        "interval": intervals.labels if intervals else None,
        "kind_interval": intervals.kinds if intervals else None,
        "bootstrap": intervals.bootstrap if intervals else None,
        "is_poll": True,
    }


def _intervals(report: Report) -> Intervals:
    def interval(bounds: list[float] | None, name: str) -> Interval:
        return Interval(
            bounds=(bounds[0], bounds[1]) if bounds is not None else None,
            reason=report["undefined"].get(name),
            warning=report["warnings"].get(name),
        )

    return Intervals(
        labels=interval(report["krippendorff_alpha_ci95"], "krippendorff_alpha_ci95"),
        kinds=interval(report["sources"]["kind_alpha_ci95"], "sources.kind_alpha_ci95"),
        bootstrap=Bootstrap(**report["bootstrap"]),
    )


def _sources_context(project: Project, report: Report) -> dict[str, Any]:
    """The "Sources" section: the kind alpha with its reason, and the span pairs."""
    undefined, section = report["undefined"], report["sources"]
    names = dict(project.source_kinds.values_list("key", "name"))
    return {
        "kind_alpha": _measure(section, "kind_alpha", undefined, "sources."),
        "kind_totals": [
            (names.get(key, key), total) for key, total in section["kind_totals"].items() if total
        ],
        "span_pairs": [
            pair
            | {
                name: _measure(pair, name, undefined, f"sources.pairs.{pair['a']}.{pair['b']}.")
                for name in ("exact_match", "token_f1")
            }
            for pair in section["pairs"]
        ],
    }


def _outlets(project: Project) -> list[str]:
    articles = Article.objects.filter(project=project).exclude(outlet="")
    return list(articles.order_by("outlet").values_list("outlet", flat=True).distinct())
