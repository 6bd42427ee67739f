"""The sourcing profile's JSON contract, shared by the command, the API and the page.

Per scope (the project, each outlet, each article when asked), each metric comes with its
numerator and denominator (counts, not only a percentage), the mean of its article values
beside the pooled one, and an article-level bootstrap interval. Pure: no database.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from claims.resampling import Interval, Statistic, bootstrap_articles, permutation_test
from claims.sourcing.counts import COLUMN, IDENTIFIED_BINS, Kind
from claims.sourcing.metrics import (
    METRICS,
    identified_bins,
    metric_values,
    ratio_parts,
)

FORMAT_VERSION = 1
# Fewer articles than this and an interval is shown with a warning: a bootstrap over a
# handful of clusters is too narrow.
RELIABLE_ARTICLES = 30
_FLAGS = ("any_anonymous", "anonymous_only")

# Outlets are compared pair by pair, each pair a permutation test: more outlets than this
# (190 pairs) and none are, as a table of that many pairs is not read but searched.
MAX_COMPARED_OUTLETS = 20
# A permutation test's work is its permutations times the articles of the pair. Summed
# over the pairs, beyond this each pair gets fewer permutations, as many as fit, and the
# profile says so; below MIN_PERMUTATIONS the comparisons are left out. It is set so that
# 20 outlets of 500 articles (190 pairs) still get the full 10,000 each, about 40 s on a
# 2-core machine: the page computes them in the background, and a paper needs p-values
# finer than a few hundred permutations can give.
MAX_PERMUTED_ARTICLES = 2_000_000_000
MIN_PERMUTATIONS = 100
# What the comparisons test: the metric keys, and Simpson's D beside kind_diversity.
COMPARED = (*(key for key, _, _ in METRICS), "kind_diversity.simpson")

# Published figures to read ours against. Their units differ from ours (stories or
# statements, not sentences): only article-level flags and source counts compare directly.
REFERENCES: tuple[dict[str, Any], ...] = (
    {
        "short": "PEJ 2003",
        "metric": "any_anonymous",
        "value": 0.28,
        "unit": "stories",
        "sample": "US newspaper front pages, 2003",
        "source": "Project for Excellence in Journalism, State of the News Media 2004",
    },
    {
        "short": "PEJ 2004",
        "metric": "identified_sources",
        "bin": "4+",
        "value": 0.48,
        "unit": "stories",
        "sample": "US newspaper stories, 2004",
        "source": "Project for Excellence in Journalism, State of the News Media 2005",
    },
    {
        "short": "Pew 2021",
        "metric": "any_anonymous",
        "value": 0.11,
        "unit": "stories",
        "sample": "US news coverage of the Biden administration's first 60 days, 2021",
        "source": "Pew Research Center, 2021",
    },
    {
        "short": "CCJ 1998",
        "metric": "anonymous_share",
        "value": 0.35,
        "unit": "statements of fact",
        "sample": "US news media, one week of 1998",
        "source": "Committee of Concerned Journalists, 1999",
    },
    {
        "short": "CCJ 1998",
        "metric": "media_relayed_share",
        "value": 0.21,
        "unit": "statements of fact",
        "sample": "US news media, one week of 1998",
        "source": "Committee of Concerned Journalists, 1999",
    },
)


@dataclass(frozen=True)
class CountedArticles:
    """Articles as their rows of counts (counts.py), with what names them."""

    external_ids: Sequence[str]
    outlets: Sequence[str]
    rows: np.ndarray  # one per article: counts.COLUMNS, then entities per kind


def build_profile(
    articles: CountedArticles,
    *,
    kinds: Sequence[Kind],
    bootstrap: int = 2000,
    seed: int = 0,
    per_article: bool = False,
    permutations: int = 10_000,
) -> dict[str, Any]:
    """One set of labels' profile: the project's scope, each outlet's, each pair of
    outlets compared by `permutations` article-level permutations, and with
    `per_article` each article's (no interval: sentences are not resampled)."""
    rows = articles.rows
    outlets: dict[str, list[int]] = defaultdict(list)
    for index, outlet in enumerate(articles.outlets):
        outlets[outlet].append(index)
    profile: dict[str, Any] = {
        "project": _scope(rows, kinds=kinds, bootstrap=bootstrap, seed=seed),
        "outlets": {
            outlet: _scope(rows[indices], kinds=kinds, bootstrap=bootstrap, seed=seed)
            for outlet, indices in sorted(outlets.items())
        },
        **_comparisons(rows, outlets, kinds=kinds, permutations=permutations, seed=seed),
    }
    if per_article:
        profile["articles"] = {
            external_id: _article_scope(rows[index], kinds=kinds)
            for index, external_id in enumerate(articles.external_ids)
        }
    return profile


def _statistic(kinds: int) -> Statistic:
    def statistic(sums: np.ndarray, articles: float) -> dict[str, np.ndarray]:
        return metric_values(sums, articles=articles, scheme_kinds=kinds)

    return statistic


def _scope(rows: np.ndarray, *, kinds: Sequence[Kind], bootstrap: int, seed: int) -> dict[str, Any]:
    articles = len(rows)
    if articles == 0:
        return {"articles": 0, "metrics": {}, "undefined": {"all": "no labelled articles"}}
    sums = rows.sum(axis=0)[None, :]
    values = metric_values(sums, articles=articles, scheme_kinds=len(kinds))
    means = metric_values(rows, articles=1, scheme_kinds=len(kinds))
    intervals = bootstrap_articles(rows, _statistic(len(kinds)), resamples=bootstrap, seed=seed)
    scope = _metrics(sums, values, kinds=kinds, articles=articles)
    warnings: dict[str, str] = {}
    for key, _, _ in METRICS:
        entry = scope["metrics"][key]
        column = means[key]
        defined = column[~np.isnan(column)]
        entry["article_mean"] = _number(defined.mean()) if len(defined) else None
        interval = intervals.get(key)
        entry["interval"] = _bounds(interval)
        if interval is not None and interval.warning:
            warnings[key] = interval.warning
    diversity = scope["metrics"]["kind_diversity"]
    diversity["simpson_interval"] = _bounds(intervals.get("simpson"))
    if bootstrap and articles < RELIABLE_ARTICLES:
        warnings["interval"] = (
            f"{articles} article{'s' if articles != 1 else ''}: intervals from fewer than "
            f"{RELIABLE_ARTICLES} articles are unreliable"
        )
    scope["warnings"] = warnings
    return scope


def _comparisons(
    rows: np.ndarray,
    outlets: dict[str, list[int]],
    *,
    kinds: Sequence[Kind],
    permutations: int,
    seed: int,
) -> dict[str, Any]:
    """Each pair of outlets (a before b), every metric's difference of pooled values
    a - b and its two-sided permutation p-value; `undefined` and `warnings` say when
    there are none or fewer permutations than asked."""
    result: dict[str, Any] = {"comparisons": [], "undefined": {}, "warnings": {}}
    pairs = list(itertools.combinations(sorted(outlets), 2))
    if permutations < 1 or not pairs:
        return result
    if len(outlets) > MAX_COMPARED_OUTLETS:
        result["undefined"]["comparisons"] = (
            f"{len(outlets)} outlets: pairs are compared for at most {MAX_COMPARED_OUTLETS}"
        )
        return result
    permuted = sum(len(outlets[a]) + len(outlets[b]) for a, b in pairs)
    used = min(permutations, MAX_PERMUTED_ARTICLES // permuted)
    work = f"{len(pairs)} pairs of outlets over {len(rows):,} articles"
    if used < min(permutations, MIN_PERMUTATIONS):
        result["undefined"]["comparisons"] = (
            f"{work}: fewer than {MIN_PERMUTATIONS} permutations each would fit the bound on "
            "the work"
        )
        return result
    if used < permutations:
        result["warnings"]["comparisons"] = (
            f"{work}: {used:,} permutations each, not {permutations:,}, to bound the work"
        )
    statistic = _statistic(len(kinds))
    for a, b in pairs:
        tests = permutation_test(
            rows[outlets[a]], rows[outlets[b]], statistic, permutations=used, seed=seed
        )
        tests["kind_diversity.simpson"] = tests.pop("simpson")
        result["comparisons"].append(
            {
                "a": a,
                "b": b,
                "metrics": {
                    key: {
                        "difference": _rounded(tests[key].difference),
                        "p_value": _rounded(tests[key].p_value),
                        "permutations": tests[key].permutations,
                    }
                    for key in COMPARED
                },
            }
        )
    return result


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _article_scope(row: np.ndarray, *, kinds: Sequence[Kind]) -> dict[str, Any]:
    sums = row[None, :]
    values = metric_values(sums, articles=1, scheme_kinds=len(kinds))
    scope = _metrics(sums, values, kinds=kinds, articles=1)
    for key in _FLAGS:  # per article, a flag is a yes or a no
        scope["metrics"][key]["value"] = bool(values[key][0])
    return scope


def _metrics(
    sums: np.ndarray, values: dict[str, np.ndarray], *, kinds: Sequence[Kind], articles: int
) -> dict[str, Any]:
    metrics: dict[str, dict[str, Any]] = {}
    undefined: dict[str, str] = {}
    for key, (numerator, denominator) in ratio_parts(sums, articles=articles).items():
        metrics[key] = {
            "value": _number(values[key][0]),
            "numerator": _number(numerator[0]),
            "denominator": _number(denominator[0]),
        }
    for key, _, counted in METRICS:
        if key in metrics and metrics[key]["value"] is None:
            undefined[key] = f"no {counted}"
    row = sums[0]
    metrics["identified_sources"]["all_sources"] = _number(row[COLUMN["entities"]])
    metrics["identified_sources"]["bins"] = {
        name: _number(count[0]) for name, count in identified_bins(sums).items()
    }
    by_kind = {kind.key: int(row[len(row) - len(kinds) + i]) for i, kind in enumerate(kinds)}
    sources = sum(by_kind.values())
    metrics["kind_diversity"] = {
        "value": _number(values["kind_diversity"][0]),
        "simpson": _number(values["simpson"][0]),
        "sources": sources,
        "by_kind": by_kind,
        "scheme_kinds": len(kinds),
    }
    if sources == 0:
        undefined["kind_diversity"] = "no sources marked"
    elif sources == 1:
        undefined["kind_diversity.simpson"] = "one source: Simpson's D needs two"
    return {"articles": articles, "metrics": metrics, "undefined": undefined}


def _bounds(interval: Interval | None) -> list[float] | None:
    if interval is None or interval.bounds is None:
        return None
    return [round(bound, 6) for bound in interval.bounds]


def _number(value: float) -> float | int | None:
    """JSON's number: None for NaN, an int for a whole count, else rounded to 6 places."""
    if np.isnan(value):
        return None
    if float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return round(float(value), 6)


__all__ = ["FORMAT_VERSION", "IDENTIFIED_BINS", "REFERENCES", "CountedArticles", "build_profile"]
