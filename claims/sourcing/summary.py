"""The sourcing profile as a table to read and as CSV rows for a paper's tables.

CSV has a row per scope and metric; comparisons of two outlets follow, a row per pair and
metric, scope "comparison", `name` the first outlet and `compared_with` the second, the
difference (first minus second) as `value`, with its p-value and permutations in the
last columns, which other rows leave empty."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from claims.sourcing.metrics import METRICS
from claims.sourcing.report import COMPARED

CSV_COLUMNS = (
    "labels",
    "scope",
    "name",
    "articles",
    "metric",
    "value",
    "numerator",
    "denominator",
    "interval_low",
    "interval_high",
    "article_mean",
    "compared_with",
    "p_value",
    "permutations",
)


def scopes(report: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(labels, scope kind, scope name, scope) for every scope of the report."""
    for labels, profile in report["profiles"].items():
        yield labels, "project", report["project"], profile["project"]
        for outlet, scope in profile["outlets"].items():
            yield labels, "outlet", outlet, scope
        for article, scope in profile.get("articles", {}).items():
            yield labels, "article", article, scope


def csv_rows(report: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    for labels, kind, name, scope in scopes(report):
        for key, _, _ in METRICS:
            entry = scope["metrics"].get(key)
            if entry is None:
                continue
            interval = entry.get("interval") or (None, None)
            yield (
                labels,
                kind,
                name,
                scope["articles"],
                key,
                entry["value"],
                entry.get("numerator", entry.get("sources")),
                entry.get("denominator", entry.get("scheme_kinds")),
                interval[0],
                interval[1],
                entry.get("article_mean"),
                None,
                None,
                None,
            )
    for labels, profile in report["profiles"].items():
        for comparison in profile.get("comparisons", ()):
            articles = (
                profile["outlets"][comparison["a"]]["articles"]
                + profile["outlets"][comparison["b"]]["articles"]
            )
            for key in COMPARED:
                test = comparison["metrics"][key]
                yield (
                    labels,
                    "comparison",
                    comparison["a"],
                    articles,
                    key,
                    test["difference"],
                    *(None,) * 5,
                    comparison["b"],
                    test["p_value"],
                    test["permutations"],
                )


def format_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(report))
    return out.getvalue()


def format_table(report: dict[str, Any]) -> str:
    """One block per scope: each metric with its counts and interval."""
    lines = [
        f"Sourcing profile of {report['project']}, labels: {report['labels']}; intervals: "
        f"{report['bootstrap']['resamples']} article resamples, seed {report['bootstrap']['seed']}"
    ]
    for labels, kind, name, scope in scopes(report):
        lines += ["", f"[{labels}] {kind} {name or '(no outlet)'}: {scope['articles']} articles"]
        for key, title, _ in METRICS:
            entry = scope["metrics"].get(key)
            if entry is None:
                continue
            lines.append(f"  {title:44} {_describe(key, entry)}")
        for key, reason in scope.get("undefined", {}).items():
            lines.append(f"  undefined {key}: {reason}")
        for key, warning in scope.get("warnings", {}).items():
            lines.append(f"  note {key}: {warning}")
    for labels, profile in report["profiles"].items():
        lines += _comparison_lines(labels, profile, report.get("permutations", {}))
    return "\n".join(lines)


def _comparison_lines(
    labels: str, profile: dict[str, Any], permutations: dict[str, Any]
) -> list[str]:
    comparisons = profile.get("comparisons", [])
    notes = [
        f"  {kind} comparisons: {text}"
        for kind, notes in (
            ("undefined", profile.get("undefined", {})),
            ("note", profile.get("warnings", {})),
        )
        for key, text in notes.items()
        if key == "comparisons"
    ]
    if not comparisons and not notes:
        return []
    lines = [
        "",
        f"[{labels}] outlets compared: difference a - b of pooled values, two-sided "
        f"permutation p ({permutations.get('count')} article permutations, seed "
        f"{permutations.get('seed')})",
        *notes,
    ]
    titles = {key: title for key, title, _ in METRICS} | {"kind_diversity.simpson": "Simpson's D"}
    for comparison in comparisons:
        lines.append(f"  {comparison['a'] or '(no outlet)'} vs {comparison['b'] or '(no outlet)'}")
        for key in COMPARED:
            test = comparison["metrics"][key]
            if test["difference"] is None:
                text = "undefined"
            else:
                p = "undefined" if test["p_value"] is None else f"{test['p_value']:.4f}"
                text = f"{test['difference']:+.3f}  p {p}"
            lines.append(f"    {titles[key]:42} {text}")
    return lines


def _describe(key: str, entry: dict[str, Any]) -> str:
    value = entry["value"]
    if value is None:
        return "undefined"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key == "kind_diversity":
        simpson = "undefined" if entry["simpson"] is None else f"{entry['simpson']:.3f}"
        text = f"{value:.3f} (Simpson {simpson}; {entry['sources']} sources)"
    elif key == "identified_sources":
        text = (
            f"{value:.2f} per article ({entry['numerator']} of {entry['all_sources']} sources; "
            + ", ".join(f"{n}: {count}" for n, count in entry["bins"].items())
            + ")"
        )
    else:
        text = f"{value:6.1%} ({_count(entry['numerator'])} / {_count(entry['denominator'])})"
    interval = entry.get("interval")
    if interval:
        low, high = interval
        text += f"  95% [{low:.3f}, {high:.3f}]"
    return text


def _count(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
