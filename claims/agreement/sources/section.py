"""The report's `sources` section: agreement on the source kind and the source span of
attribution sentences, as JSON-ready values (see claims/agreement/report.py).

Its keys: kinds (the scheme's keys), units (`attributed`: sentences labelled attribution
by at least one annotator; `pairable`: those with an originating kind from two or more),
unmarked_labels (attribution labels without an originating attribution, missing for the
kind alpha), kind_totals, kind_alpha, kind_alpha_ci95 and pairs. Undefined measures are
None, named in the report's `undefined` as `sources.kind_alpha`,
`sources.kind_alpha_ci95`, `sources.pairs.<a>.<b>.exact_match` and `...token_f1`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from claims.agreement.sources.kinds import KindValues, kind_alpha, kind_totals
from claims.agreement.sources.marks import SourceMarks
from claims.agreement.sources.spans import span_agreements
from claims.resampling import Interval

Section = dict[str, Any]


def marked_kind_values(*, marks: SourceMarks) -> KindValues:
    """The kind values of every attributed sentence: each annotator who labelled it
    attribution gives the kinds of their originating attributions (none: missing). The
    same values as kind_values gives, but the work grows with the marked attributions,
    not with the attributed sentences, most of which may have none yet."""
    kinds = len(marks.kinds)
    # One entry per annotator of a unit with an originating kind: its unit, and for each
    # of its kinds the entry's index and the kind.
    units: list[int] = []
    entries: list[int] = []
    codes: list[int] = []
    for (row, column), found in marks.marks.items():
        originating = [mark.kind for mark in found if mark.is_originating]
        if originating and marks.attributed[row, column]:
            entries.extend([len(units)] * len(originating))
            units.append(row)
            codes.extend(originating)
    # Each annotator's weights: a share 1/n for each of their n originating kinds.
    weights = np.zeros((len(units), kinds))
    np.add.at(weights, (np.array(entries, dtype=np.intp), np.array(codes, dtype=np.intp)), 1)
    weights /= np.maximum(weights.sum(axis=1, keepdims=True), 1)
    unit = np.array(units, dtype=np.intp)
    count = len(marks.attributed)
    totals = np.zeros((count, kinds))
    np.add.at(totals, unit, weights)
    return KindValues(
        totals=totals,
        raters=np.bincount(unit, minlength=count).astype(np.int64),
        squares=np.bincount(unit, weights=(weights**2).sum(axis=1), minlength=count),
    )


def sources_section(*, marks: SourceMarks) -> tuple[Section, dict[str, str]]:
    """The section for `marks`, and the reasons for its undefined values, by name. The
    kind alpha's interval is left None, for report.with_intervals to set."""
    undefined: dict[str, str] = {}

    def value(name: str, measure: Any) -> float | None:
        if measure.value is None:
            undefined[name] = measure.reason or "undefined"
        return measure.value

    values = marked_kind_values(marks=marks)
    labels = int(marks.attributed.sum())
    with_value = int(values.raters.sum())
    section: Section = {
        "kinds": list(marks.kinds),
        "units": {"attributed": len(values.raters), "pairable": int(values.pairable.sum())},
        "unmarked_labels": labels - with_value,
        "kind_totals": kind_totals(values=values, kinds=marks.kinds),
        "kind_alpha": value("sources.kind_alpha", kind_alpha(values=values)),
        "kind_alpha_ci95": None,  # set by report.with_intervals
        "pairs": [],
    }
    names = marks.annotators
    for pair in span_agreements(marks=marks):
        a, b, counts = names[pair.first], names[pair.second], pair.counts
        prefix = f"sources.pairs.{a}.{b}"
        section["pairs"].append(
            {
                "a": a,
                "b": b,
                "units": counts.units,
                "attributions": {
                    "a": counts.attributions_a,
                    "b": counts.attributions_b,
                    "matched": counts.matched,
                    "exact": counts.exact,
                },
                "tokens": {"a": counts.tokens_a, "b": counts.tokens_b, "overlap": counts.overlap},
                "exact_match": value(f"{prefix}.exact_match", counts.exact_match),
                "token_f1": value(f"{prefix}.token_f1", counts.token_f1),
            }
        )
    return section, undefined


def with_kind_interval(section: Section, *, interval: Interval) -> tuple[Section, str | None]:
    """A copy of `section` with `interval` as the kind alpha's interval, and the reason
    when there is none."""
    bounds = list(interval.bounds) if interval.bounds is not None else None
    reason = None if bounds is not None else interval.reason or "undefined"
    return {**section, "kind_alpha_ci95": bounds}, reason
