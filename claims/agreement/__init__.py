"""Inter-annotator agreement: citable coefficients for a project's labels.

Pure computation, no database: measures.py and pairs.py compute the coefficients with
numpy from integer label codes, bootstrap.py gives alpha's confidence interval, sources/
measures agreement on attributions (source kind and source span), report.py
assembles the JSON contract the command, the API and the page share, summary.py prints it.
From the database: selection.py is the outlet/article/date filters (parsed and applied in
one place), loading.py reads the labels and attributions, cache.py stores reports and
intervals per state of the data, tasks.py computes the intervals in the background,
and cells.py finds the sentences behind a cell of a confusion matrix. Doors call
`agreement_report`, or the cached reads in tasks.py.
"""

from __future__ import annotations

from typing import Any

from claims.agreement.bootstrap import Intervals, bootstrap_alpha
from claims.agreement.measures import (
    MISSING,
    Measure,
    count_labels,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from claims.agreement.pairs import cohen_kappa, confusion_tensor, scott_pi
from claims.agreement.report import Ratings, Report, build_report, with_intervals
from claims.agreement.sources.marks import Mark, SourceMarks
from claims.resampling import Interval

__all__ = [
    "MISSING",
    "Interval",
    "Intervals",
    "Mark",
    "Measure",
    "Ratings",
    "Report",
    "SourceMarks",
    "agreement_report",
    "bootstrap_alpha",
    "build_report",
    "cohen_kappa",
    "confusion_tensor",
    "count_labels",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "load_agreement",
    "load_ratings",
    "percent_agreement",
    "scott_pi",
    "with_intervals",
]


def __getattr__(name: str) -> Any:
    # The loader imports the models, which need Django set up; importing it lazily keeps
    # the pure measures importable on their own (notebooks, benchmarks before setup).
    if name in {"agreement_report", "load_agreement", "load_ratings"}:
        from claims.agreement import loading

        return getattr(loading, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
