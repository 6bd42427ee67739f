"""The agreement report: one JSON-ready dict that the command, the API and the page share.

The report is built from plain values (`Ratings`), so it is tested without a database;
loading.py reads them from the ORM. Its keys are exactly: project, labels, annotators,
units, percent_agreement, krippendorff_alpha, krippendorff_alpha_ci95, fleiss_kappa,
gwet_ac1, pairs, per_label, per_annotator, sources (agreement on attributions, see
claims/agreement/sources/section.py), bootstrap (how the intervals were made:
{"resamples": N, "seed": S, "unit": "article" | "sentence"}), undefined and warnings.
Numbers are plain ints and floats (never NaN); a measure that is undefined is None, and
`undefined` maps its name to the reason; `warnings` maps an interval's name to what it
rests on when that is fewer than all the resamples. Nested measures are named by their
path: `pairs.<a>.<b>.cohen_kappa`, `per_label.<key>.fleiss_kappa`,
`per_annotator.<username>.agreement_with_others`, `sources.kind_alpha`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from claims.agreement.bootstrap import (
    DEFAULT_RESAMPLE,
    NOT_RUN,
    RESAMPLE_UNITS,
    Bootstrap,
    Intervals,
    bootstrap_alpha,
)
from claims.agreement.measures import (
    Measure,
    count_labels,
    count_patterns,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    one_versus_rest,
    percent_agreement,
    prevalence,
)
from claims.agreement.pairs import (
    agreement_with_others,
    confusion_tensor,
    pair_agreements,
    units_labelled,
)
from claims.agreement.sources.kinds import bootstrap_kind_alpha
from claims.agreement.sources.marks import SourceMarks
from claims.agreement.sources.section import (
    marked_kind_values,
    sources_section,
    with_kind_interval,
)

Report = dict[str, Any]

UNUSED_LABEL = "no annotator used this label"
ONLY_LABEL = "every label given is this one"


@dataclass(frozen=True)
class Ratings:
    """Who gave which label to which unit, as codes.

    `codes` is a units × annotators integer matrix: the index into `labels` (the scheme's
    keys, in scheme order) of the label annotator j gave unit i, or MISSING.
    """

    codes: np.ndarray
    labels: tuple[str, ...]
    annotators: tuple[str, ...]  # usernames; column j is annotators[j]
    articles: np.ndarray  # unit i's article id, the cluster the bootstrap resamples

    @cached_property
    def counts(self) -> np.ndarray:
        """Units × labels: how many annotators gave each label to each unit."""
        return count_labels(codes=self.codes, categories=len(self.labels))

    @cached_property
    def patterns(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct rows of `counts` and how many units share each (see measures.py)."""
        return count_patterns(counts=self.counts)


@dataclass
class _Reasons:
    """Collects why each undefined measure is undefined while the report is built."""

    reasons: dict[str, str] = field(default_factory=dict)

    def value(self, name: str, measure: Measure) -> float | None:
        if measure.value is None:
            self.reasons[name] = measure.reason or "undefined"
        return measure.value


def build_report(
    *, project: str, ratings: Ratings, sources: SourceMarks, intervals: Intervals
) -> Report:
    """The report for `ratings` and `sources` of project `project` (its slug), with
    `intervals` (from bootstrap_alpha and bootstrap_kind_alpha) as the 95% intervals of
    the label alpha and the source kind alpha."""
    counts, weights = ratings.patterns
    raters = counts.sum(axis=1)
    reasons = _Reasons()

    def headline(name: str, measure: Callable[..., Measure]) -> float | None:
        return reasons.value(name, measure(counts=counts, weights=weights))

    confusion = confusion_tensor(codes=ratings.codes, categories=len(ratings.labels))
    section, source_reasons = sources_section(marks=sources)
    report: Report = {
        "project": project,
        "labels": list(ratings.labels),
        "annotators": list(ratings.annotators),
        "units": {
            "labelled": int(weights[raters >= 1].sum()),
            "pairable": int(weights[raters >= 2].sum()),
        },
        "percent_agreement": headline("percent_agreement", percent_agreement),
        "krippendorff_alpha": headline("krippendorff_alpha", krippendorff_alpha),
        "krippendorff_alpha_ci95": None,  # set by with_intervals below
        "fleiss_kappa": headline("fleiss_kappa", fleiss_kappa),
        "gwet_ac1": headline("gwet_ac1", gwet_ac1),
        "pairs": _pairs(ratings, confusion, reasons),
        "per_label": _per_label(ratings, reasons),
        "per_annotator": _per_annotator(ratings, confusion, reasons),
        "sources": section,
        "bootstrap": None,  # set by with_intervals below
        "undefined": reasons.reasons | source_reasons,
        "warnings": {},
    }
    return with_intervals(report, intervals=intervals)


def compute_intervals(
    *,
    ratings: Ratings,
    sources: SourceMarks,
    resamples: int,
    seed: int,
    resample: str = DEFAULT_RESAMPLE,
) -> Intervals:
    """Both alphas' seeded bootstrap intervals (bootstrap.py): `resamples` (0 skips them)
    of whole articles or of single sentences (`resample`, "articles" or "sentences"),
    with `seed`; the same data and seed always give the same intervals."""
    bootstrap = Bootstrap(resamples=resamples, seed=seed, unit=RESAMPLE_UNITS[resample])
    if resamples < 1:
        return Intervals.not_run(NOT_RUN, bootstrap)
    by_article = resample == "articles"
    if by_article:
        counts, weights = ratings.counts, None
    else:
        counts, weights = ratings.patterns
    labels = bootstrap_alpha(
        counts=counts,
        weights=weights,
        articles=ratings.articles if by_article else None,
        resamples=resamples,
        seed=seed,
    )
    kinds = bootstrap_kind_alpha(
        values=marked_kind_values(marks=sources),
        articles=sources.articles if by_article else None,
        resamples=resamples,
        seed=seed,
    )
    return Intervals(labels=labels, kinds=kinds, bootstrap=bootstrap)


_INTERVALS = ("krippendorff_alpha_ci95", "sources.kind_alpha_ci95")


def with_intervals(report: Report, *, intervals: Intervals) -> Report:
    """A copy of `report` with `intervals` as the two alphas' 95% intervals (and how they
    were made, under `bootstrap`), for intervals that a background job computed after the
    rest of the report."""
    undefined = {k: v for k, v in report["undefined"].items() if k not in _INTERVALS}
    warnings = {k: v for k, v in report["warnings"].items() if k not in _INTERVALS}
    labels = intervals.labels
    if labels.bounds is None:
        undefined["krippendorff_alpha_ci95"] = labels.reason or "undefined"
    section, reason = with_kind_interval(report["sources"], interval=intervals.kinds)
    if reason is not None:
        undefined["sources.kind_alpha_ci95"] = reason
    for name, interval in zip(_INTERVALS, (labels, intervals.kinds), strict=True):
        if interval.warning is not None:
            warnings[name] = interval.warning
    bounds = list(labels.bounds) if labels.bounds is not None else None
    return {
        **report,
        "krippendorff_alpha_ci95": bounds,
        "sources": section,
        "bootstrap": intervals.bootstrap.as_json(),
        "undefined": undefined,
        "warnings": warnings,
    }


def _pairs(ratings: Ratings, confusion: np.ndarray, reasons: _Reasons) -> list[Report]:
    names, labels = ratings.annotators, ratings.labels
    rows = []
    for pair in pair_agreements(confusion=confusion):
        a, b = names[pair.first], names[pair.second]
        measures = {
            "percent_agreement": pair.percent_agreement,
            "cohen_kappa": pair.cohen_kappa,
            "scott_pi": pair.scott_pi,
        }
        row: Report = {"a": a, "b": b, "units": pair.units}
        for name, measure in measures.items():
            row[name] = reasons.value(f"pairs.{a}.{b}.{name}", measure)
        row["confusion"] = {
            label_a: {label_b: int(pair.confusion[i, j]) for j, label_b in enumerate(labels)}
            for i, label_a in enumerate(labels)
        }
        rows.append(row)
    return rows


def _per_label(ratings: Ratings, reasons: _Reasons) -> Report:
    counts, weights = ratings.patterns
    total = int(weights @ counts.sum(axis=1))
    table: Report = {}
    for code, key in enumerate(ratings.labels):
        binary = one_versus_rest(counts=counts, label=code)
        alpha = krippendorff_alpha(counts=binary, weights=weights)
        kappa = fleiss_kappa(counts=binary, weights=weights)
        used = int(weights @ binary[:, 0])
        if total and used in (0, total):  # say why in this label's terms
            alpha = kappa = Measure.undefined(UNUSED_LABEL if used == 0 else ONLY_LABEL)
        measures = {
            "prevalence": prevalence(counts=counts, label=code, weights=weights),
            "krippendorff_alpha": alpha,
            "fleiss_kappa": kappa,
        }
        table[key] = {
            name: reasons.value(f"per_label.{key}.{name}", measure)
            for name, measure in measures.items()
        }
    return table


def _per_annotator(ratings: Ratings, confusion: np.ndarray, reasons: _Reasons) -> Report:
    units = units_labelled(confusion=confusion)
    agreement = agreement_with_others(confusion=confusion)
    return {
        name: {
            "units": units[column],
            "agreement_with_others": reasons.value(
                f"per_annotator.{name}.agreement_with_others", agreement[column]
            ),
        }
        for column, name in enumerate(ratings.annotators)
    }
