"""Agreement over units (sentences) for nominal labels, from label counts per unit.

Every measure here is a function of `counts`, the units × labels matrix n_uk of how many
annotators gave label k to unit u (Krippendorff 2011 and Gwet 2014 write it so). Who gave
which label does not matter to them, so the counts are built once (`count_labels`) and
shared. r_u = Σ_k n_uk is the number of labels unit u received; a unit is *pairable*
when r_u ≥ 2, because agreement needs a pair of labels to compare.

Units with the same counts are interchangeable, so a project of any size reduces to a
few distinct count patterns (`count_patterns`: at most 126 for 5 annotators and 4 labels).
Every measure takes optional `weights`, the number of units each row stands for.

A measure that cannot be computed (no pairable unit, a single label in use) is returned
as undefined with a reason, never as 0 or 1, and the decision is taken on integer counts
rather than by comparing floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import SupportsFloat

import numpy as np

MISSING = -1  # the code for "this annotator did not label this unit"

NO_LABELLED_UNITS = "no sentence is labelled"
NO_PAIRABLE_UNITS = "no sentence has labels from two annotators"
ONE_LABEL_PAIRED = (
    "every label on sentences with two or more labels is the same, so chance disagreement is 0"
)
ONE_LABEL_USED = "every label given is the same, so chance agreement is 1"
SCHEME_TOO_SMALL = "the label scheme has fewer than two labels"


@dataclass(frozen=True)
class Measure:
    """A coefficient or proportion, or the reason it is undefined: exactly one is set."""

    value: float | None = None
    reason: str | None = None

    @classmethod
    def of(cls, value: SupportsFloat) -> Measure:  # numpy's scalars and 0-d arrays too
        return cls(value=float(value))

    @classmethod
    def undefined(cls, reason: str) -> Measure:
        return cls(reason=reason)


def count_labels(*, codes: np.ndarray, categories: int) -> np.ndarray:
    """The units × `categories` matrix n_uk (int64) of a units × annotators code matrix.

    `codes` holds label codes 0..categories-1, or MISSING where an annotator did not label
    a unit. Raises ValueError for any other code.
    """
    codes = np.asarray(codes)
    if codes.ndim != 2:
        raise ValueError("codes must be a units × annotators matrix")
    if np.any((codes < MISSING) | (codes >= categories)):
        raise ValueError(f"codes must be {MISSING} or lie in 0..{categories - 1}")
    # Count MISSING as an extra last label, so one bincount over every cell does it all.
    width = categories + 1
    labels = np.where(codes == MISSING, categories, codes).astype(np.int64)
    cells = np.arange(len(codes))[:, None] * width + labels
    flat = np.bincount(cells.ravel(), minlength=len(codes) * width)
    return flat.reshape(len(codes), width)[:, :categories]


def count_patterns(*, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of `counts` and how many units have each (int64 weights)."""
    patterns, weights, _ = index_patterns(counts=counts)
    return patterns, weights


def index_patterns(*, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """count_patterns, and each unit's row among the distinct rows (its pattern)."""
    counts = np.asarray(counts, dtype=np.int64)
    base = int(counts.max(initial=0)) + 1
    if base ** counts.shape[1] >= 2**62:  # keys would overflow: compare whole rows
        patterns, inverse, weights = np.unique(
            counts, axis=0, return_inverse=True, return_counts=True
        )
        return patterns, weights, inverse.reshape(-1)
    # Each row read as a number in base `base` is a key that sorts and compares fast.
    radix = base ** np.arange(counts.shape[1], dtype=np.int64)
    keys, inverse, weights = np.unique(counts @ radix, return_inverse=True, return_counts=True)
    return keys[:, None] // radix % base, weights, inverse


def percent_agreement(*, counts: np.ndarray, weights: np.ndarray | None = None) -> Measure:
    """Fleiss' P̄ in [0, 1]: the mean over pairable units of the share of agreeing label
    pairs. Undefined when no unit is pairable."""
    raters, weights = _raters_and_weights(counts, weights)
    pairable = raters >= 2
    if not weights[pairable].any():
        return Measure.undefined(NO_PAIRABLE_UNITS)
    agreement = _unit_agreement(counts[pairable], raters[pairable])
    return Measure.of(np.average(agreement, weights=weights[pairable]))


def krippendorff_alpha(*, counts: np.ndarray, weights: np.ndarray | None = None) -> Measure:
    """Krippendorff's alpha for nominal data with missing labels, in [-1, 1].

    Units with fewer than two labels contribute nothing, as Krippendorff (2011) says.
    Undefined when no unit is pairable, or when the pairable units use a single label
    (chance disagreement D_e is 0).
    """
    raters, weights = _raters_and_weights(counts, weights)
    pairable = (raters >= 2) & (weights > 0)
    if not pairable.any():
        return Measure.undefined(NO_PAIRABLE_UNITS)
    totals = weights[pairable] @ counts[pairable]
    if np.count_nonzero(totals) < 2:
        return Measure.undefined(ONE_LABEL_PAIRED)
    disagreement = weights[pairable] @ unit_disagreement(counts[pairable])
    return Measure.of(alpha_from_sums(disagreement=disagreement, totals=totals))


def unit_disagreement(counts: np.ndarray) -> np.ndarray:
    """Each pairable unit's off-diagonal mass in the coincidence matrix,
    Σ_{c≠k} n_uc n_uk / (r_u − 1) = (r_u² − Σ_k n_uk²) / (r_u − 1) (Krippendorff 2011)."""
    raters = counts.sum(axis=1)
    return (raters**2 - (counts**2).sum(axis=1)) / (raters - 1)


def alpha_from_sums(*, disagreement: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Nominal alpha = 1 − D_o / D_e from the summed unit disagreements and the label
    totals n_c of the pairable units; vectorised over leading axes (bootstrap resamples).

    With n = Σ n_c values: D_o = disagreement / n and D_e = (n² − Σ n_c²) / (n (n − 1)),
    so alpha = 1 − (n − 1) · disagreement / (n² − Σ n_c²). Callers ensure that at least
    two n_c are positive, which makes the denominator positive.
    """
    values = totals.sum(axis=-1)
    return 1 - (values - 1) * disagreement / (values**2 - (totals**2).sum(axis=-1))


def fleiss_kappa(*, counts: np.ndarray, weights: np.ndarray | None = None) -> Measure:
    """Fleiss' kappa in Gwet's generalisation to unequal numbers of labels per unit.

    p_a is P̄ (over pairable units); chance agreement p_e = Σ_k π_k², where π_k is the mean
    over labelled units of n_uk / r_u (Gwet 2014, ch. 2; irrCAC's fleiss.kappa.raw). When
    every unit has the same number of labels this is Fleiss' (1971) formula. Undefined
    when no unit is pairable or a single label is used (p_e = 1).
    """
    raters, weights = _raters_and_weights(counts, weights)
    observed = percent_agreement(counts=counts, weights=weights)
    if observed.value is None:
        return observed
    labelled = (raters >= 1) & (weights > 0)
    if np.count_nonzero(weights[labelled] @ counts[labelled]) < 2:
        return Measure.undefined(ONE_LABEL_USED)
    chance = (_label_shares(counts[labelled], raters[labelled], weights[labelled]) ** 2).sum()
    return Measure.of((observed.value - chance) / (1 - chance))


def gwet_ac1(*, counts: np.ndarray, weights: np.ndarray | None = None) -> Measure:
    """Gwet's AC1 with q = the number of columns of `counts` (the whole scheme, so a label
    nobody used still counts): p_e = Σ_k π_k (1 − π_k) / (q − 1), π_k as in fleiss_kappa
    (Gwet 2008; Gwet 2014). Undefined for q < 2 or when no unit is pairable; otherwise
    p_e ≤ 1/q < 1, so it is always defined.
    """
    categories = counts.shape[1]
    if categories < 2:
        return Measure.undefined(SCHEME_TOO_SMALL)
    raters, weights = _raters_and_weights(counts, weights)
    observed = percent_agreement(counts=counts, weights=weights)
    if observed.value is None:
        return observed
    labelled = (raters >= 1) & (weights > 0)
    shares = _label_shares(counts[labelled], raters[labelled], weights[labelled])
    chance = (shares * (1 - shares)).sum() / (categories - 1)
    return Measure.of((observed.value - chance) / (1 - chance))


def one_versus_rest(*, counts: np.ndarray, label: int) -> np.ndarray:
    """The units × 2 counts of `label` against all other labels, to measure agreement on
    one label alone (column 0: `label`, column 1: the rest). Rows keep their weights."""
    chosen = counts[:, label]
    return np.stack([chosen, counts.sum(axis=1) - chosen], axis=1)


def prevalence(*, counts: np.ndarray, label: int, weights: np.ndarray | None = None) -> Measure:
    """The share in [0, 1] of all labels given that are `label`; undefined with no labels."""
    _, weights = _raters_and_weights(counts, weights)
    totals = weights @ counts
    if totals.sum() == 0:
        return Measure.undefined(NO_LABELLED_UNITS)
    return Measure.of(totals[label] / totals.sum())


def _raters_and_weights(
    counts: np.ndarray, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    counts = np.asarray(counts)
    if weights is None:
        weights = np.ones(len(counts), dtype=np.int64)
    return counts.sum(axis=1), np.asarray(weights, dtype=np.int64)


def _unit_agreement(counts: np.ndarray, raters: np.ndarray) -> np.ndarray:
    # P_u = Σ_k n_uk (n_uk − 1) / (r_u (r_u − 1)): agreeing ordered pairs (Fleiss 1971).
    return (counts * (counts - 1)).sum(axis=1) / (raters * (raters - 1))


def _label_shares(counts: np.ndarray, raters: np.ndarray, weights: np.ndarray) -> np.ndarray:
    # π_k: each labelled unit weighs the same, however many labels it has (Gwet 2014).
    return weights @ (counts / raters[:, None]) / weights.sum()
