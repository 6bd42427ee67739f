"""A confidence interval for Krippendorff's alpha by resampling sentences.

The bootstrap resamples pairable units with replacement (a cluster bootstrap: a unit's
labels stay together) and takes percentiles of the resampled alphas. Alpha depends on a
unit only through its label counts, so units with equal counts are interchangeable: drawing
P units uniformly with replacement gives each distinct count pattern a
Multinomial(P, frequency / P) number of copies. Drawing those pattern counts is exactly
the same bootstrap, but costs one draw per pattern rather than per unit. The number of
patterns depends on labels per sentence and scheme size, not on project size: at most 126
for 5 labels per sentence from 4. Only when nearly every sentence has a pattern of its
own (a dozen or more labels per sentence from a large scheme) does the cost approach one
draw per unit, about 10 s for 1,000 resamples of 200,000 sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claims.agreement.measures import (
    alpha_from_sums,
    count_patterns,
    krippendorff_alpha,
    unit_disagreement,
)

# Resamples × patterns drawn at a time, bounding memory (32 MB of int64) when nearly
# every unit has its own pattern.
_BLOCK_CELLS = 2**22
NOT_RUN = "the bootstrap was not run (0 resamples)"


@dataclass(frozen=True)
class Interval:
    """A confidence interval (low, high), or the reason there is none: exactly one is set."""

    bounds: tuple[float, float] | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Intervals:
    """The report's two bootstrap intervals, computed by one job: alpha on the labels and
    alpha on the source kinds of attribution sentences (see source_kinds.py)."""

    labels: Interval
    kinds: Interval

    @classmethod
    def not_run(cls, reason: str) -> Intervals:
        return cls(labels=Interval(reason=reason), kinds=Interval(reason=reason))


def bootstrap_alpha(
    *,
    counts: np.ndarray,
    weights: np.ndarray | None = None,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Interval:
    """Percentile bootstrap interval for nominal alpha from the units × labels `counts`
    (or distinct count patterns with their `weights`, as count_patterns gives them).

    The same counts, `resamples` and `seed` always give the same interval. None is given
    (with a reason) for 0 resamples, when alpha itself is undefined, or when some resample
    uses a single label: alpha is undefined there, and dropping such resamples would
    narrow the interval.
    """
    if resamples < 1:
        return Interval(reason=NOT_RUN)
    if weights is None:
        counts, weights = count_patterns(counts=counts)
    alpha = krippendorff_alpha(counts=counts, weights=weights)
    if alpha.value is None:
        return Interval(reason=f"alpha is undefined: {alpha.reason}")
    pairable = (counts.sum(axis=1) >= 2) & (weights > 0)
    patterns = counts[pairable].astype(np.int64)
    return resampled_interval(
        totals=patterns,
        disagreement=unit_disagreement(patterns),
        frequency=weights[pairable],
        resamples=resamples,
        seed=seed,
        confidence=confidence,
        single="label",
    )


def resampled_interval(
    *,
    totals: np.ndarray,
    disagreement: np.ndarray,
    frequency: np.ndarray,
    resamples: int,
    seed: int,
    confidence: float = 0.95,
    single: str = "label",
) -> Interval:
    """The percentile interval of nominal alpha over `resamples` cluster-bootstrap
    resamples of pairable units, given as distinct patterns: each pattern's values per
    category (`totals`, a row of the coincidence matrix's margins, whole or fractional),
    its off-diagonal coincidence mass (`disagreement`, see measures.unit_disagreement) and
    how many units share it (`frequency`). Callers check that alpha itself is defined;
    a resample that uses a single category (`single` names it) leaves the interval
    undefined."""
    alphas, singles = _resampled_alphas(
        totals, disagreement, frequency, resamples=resamples, rng=np.random.default_rng(seed)
    )
    if singles:
        return Interval(
            reason=f"{singles} of {resamples} resamples use a single {single}, where alpha is "
            "undefined"
        )
    tail = (1 - confidence) / 2
    low, high = np.quantile(alphas, [tail, 1 - tail])
    return Interval(bounds=(float(low), float(high)))


def _resampled_alphas(
    patterns: np.ndarray,
    disagreement: np.ndarray,
    frequency: np.ndarray,
    *,
    resamples: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, int]:
    """Alpha of each resample, and how many resamples use a single label (left as NaN)."""
    units = int(frequency.sum())
    shares = frequency / units
    alphas = np.full(resamples, np.nan)
    single = 0
    step = max(1, _BLOCK_CELLS // len(patterns))
    for start in range(0, resamples, step):
        copies = rng.multinomial(units, shares, size=min(step, resamples - start))
        # Whole label totals stay integers, so "a single label" is decided exactly; a
        # fractional total is a sum of positive shares, never a rounded zero.
        totals = copies @ patterns
        defined = np.count_nonzero(totals, axis=1) >= 2
        single += int((~defined).sum())
        block = alpha_from_sums(disagreement=copies[defined] @ disagreement, totals=totals[defined])
        alphas[start : start + len(copies)][defined] = block
    return alphas, single
