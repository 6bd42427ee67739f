"""Confidence intervals for Krippendorff's alpha by resampling articles or sentences.

Sentences of one article are not independent: an article's difficulty (its topic, its
writing) moves all its sentences' agreement together, so by default the bootstrap
resamples whole articles with replacement, each carrying its pairable sentences
(benchmarks/agreement_coverage.py shows the sentence-level bootstrap's 95 % interval
covering far less often than 95 % once difficulty varies by article). Resampling single
sentences remains an option, for data where that variation is known to be absent.

Either way alpha is a function of summed rows, one per unit: its label totals and its
off-diagonal coincidence mass (measures.unit_disagreement), so claims/resampling.py draws
every resample as a weighted sum of rows. Sentences with equal label counts are
interchangeable, so the sentence-level bootstrap draws copies of each distinct count
pattern (at most 126 for 5 labels per sentence from 4), not of each sentence.

A resample where alpha is undefined (it uses a single label) is left out: the interval
comes from the others with a warning while they are at least resampling.MIN_DEFINED of
them, since leaving them out narrows the interval somewhat; below that there is none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claims.agreement.measures import (
    alpha_from_sums,
    index_patterns,
    krippendorff_alpha,
    unit_disagreement,
)
from claims.agreement.selection import FilterError
from claims.resampling import Interval, bootstrap_intervals

NOT_RUN = "the bootstrap was not run (0 resamples)"
ONE_ARTICLE = (
    "every pairable sentence is in one article, so resampling articles cannot vary; "
    "resample sentences instead"
)
# Below this many articles a cluster bootstrap's percentiles are rough (the sourcing
# profile draws the line at the same place).
FEW_ARTICLES = 30
# What a door may ask to resample, and the unit the report names for each.
RESAMPLE_UNITS = {"articles": "article", "sentences": "sentence"}
DEFAULT_RESAMPLE = "articles"


@dataclass(frozen=True)
class Bootstrap:
    """How the intervals were made: `resamples` (0: not run) of `unit`s with `seed`."""

    resamples: int = 0
    seed: int = 0
    unit: str = RESAMPLE_UNITS[DEFAULT_RESAMPLE]

    def as_json(self) -> dict[str, int | str]:
        return {"resamples": self.resamples, "seed": self.seed, "unit": self.unit}


@dataclass(frozen=True)
class Intervals:
    """The report's two bootstrap intervals, computed by one job: alpha on the labels and
    alpha on the source kinds of attribution sentences (see sources/kinds.py)."""

    labels: Interval
    kinds: Interval
    bootstrap: Bootstrap = Bootstrap()

    @classmethod
    def not_run(cls, reason: str, bootstrap: Bootstrap = Bootstrap()) -> Intervals:
        return cls(
            labels=Interval(reason=reason), kinds=Interval(reason=reason), bootstrap=bootstrap
        )


def parse_resample(value: str | None) -> str:
    """What to resample, from a query string, a form or a command line: "articles" (also
    for blank or None) or "sentences". Raises FilterError naming the field."""
    if value is None or not value.strip():
        return DEFAULT_RESAMPLE
    if value.strip() not in RESAMPLE_UNITS:
        raise FilterError("resample", f"must be articles or sentences, not {value!r}")
    return value.strip()


def bootstrap_alpha(
    *,
    counts: np.ndarray,
    weights: np.ndarray | None = None,
    articles: np.ndarray | None = None,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Interval:
    """Percentile bootstrap interval for nominal alpha from the units x labels `counts`.

    With `articles` (each unit's article), whole articles are resampled; without, single
    units, which `counts` may give as distinct count patterns with their `weights` (as
    count_patterns gives them). The same counts, `resamples` and `seed` always give the
    same interval. None is given (with a reason) for 0 resamples, when alpha itself is
    undefined, or when it is undefined in too many resamples (see above).
    """
    if resamples < 1:
        return Interval(reason=NOT_RUN)
    pattern = None
    if articles is not None:
        # The work per sentence is finding its pattern; the rest is per pattern.
        counts, weights, pattern = index_patterns(counts=counts)
    alpha = krippendorff_alpha(counts=counts, weights=weights)
    if alpha.value is None:
        return Interval(reason=f"alpha is undefined: {alpha.reason}")
    pairable = counts.sum(axis=1) >= 2
    if weights is not None:
        pairable &= weights > 0
    patterns = counts[pairable].astype(np.int64)
    rows = np.column_stack([patterns, unit_disagreement(patterns)])
    if pattern is not None and articles is not None:
        # Back to one row per pairable sentence, for the articles to sum.
        row_of = np.cumsum(pairable) - 1
        kept = pairable[pattern]
        rows, articles = rows[row_of[pattern[kept]]], articles[kept]
    return resampled_interval(
        totals=rows[:, :-1],
        disagreement=rows[:, -1],
        frequency=None if weights is None or articles is not None else weights[pairable],
        articles=articles,
        resamples=resamples,
        seed=seed,
        confidence=confidence,
        single="label",
    )


def resampled_interval(
    *,
    totals: np.ndarray,
    disagreement: np.ndarray,
    frequency: np.ndarray | None = None,
    articles: np.ndarray | None = None,
    resamples: int,
    seed: int,
    confidence: float = 0.95,
    single: str = "label",
) -> Interval:
    """The percentile interval of nominal alpha over `resamples` bootstrap resamples of
    pairable units: each unit's values per category (`totals`, a row of the coincidence
    matrix's margins, whole or fractional) and its off-diagonal coincidence mass
    (`disagreement`, see measures.unit_disagreement). Whole articles are resampled when
    `articles` gives each unit's; otherwise units, each row standing for `frequency` of
    them (default 1). Callers check that alpha itself is defined; a resample that uses a
    single category (`single` names it) has no alpha."""
    categories = totals.shape[1]
    warnings = []
    if articles is not None:
        count = len(np.unique(articles))
        if count < 2:
            return Interval(reason=ONE_ARTICLE)
        if count < FEW_ARTICLES:
            warnings.append(f"only {count} articles, too few for a reliable interval")

    def alphas(sums: np.ndarray, _drawn: float) -> dict[str, np.ndarray]:
        # Whole label totals summed in float64 stay exact integers, and a fractional
        # total is a sum of positive shares: "a single label" is decided exactly.
        margins, mass = sums[:, :categories], sums[:, categories]
        defined = np.count_nonzero(margins, axis=1) >= 2
        values = np.full(len(sums), np.nan)
        values[defined] = alpha_from_sums(disagreement=mass[defined], totals=margins[defined])
        return {"alpha": values}

    rows = np.column_stack([totals.astype(float), disagreement])
    found = bootstrap_intervals(
        rows,
        alphas,
        clusters=articles,
        frequency=frequency,
        resamples=resamples,
        seed=seed,
        confidence=confidence,
    )["alpha"]
    if found.reason is not None:
        return Interval(reason=f"alpha is {found.reason}: they use a single {single}")
    if found.warning is not None:
        warnings.append(
            f"{found.warning}; the others use a single {single}, where alpha is undefined"
        )
    return Interval(bounds=found.bounds, warning="; ".join(warnings) or None)
