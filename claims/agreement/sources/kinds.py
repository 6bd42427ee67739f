"""Krippendorff's alpha on the source kind of attribution sentences.

The units are sentences that two or more annotators labelled with a label whose role is
attribution. An annotator's value for such a sentence is the kind of its originating
attribution (claims/attributions.py defines it once); where they marked n originating
attributions, each of their kinds weighs 1/n, so every annotator still contributes one
value, spread over kinds.

**Fractional values in the coincidence matrix.** With w_ic the weight annotator i gives
kind c in unit u (Σ_c w_ic = 1) and m_u the annotators with a value there, the unit adds

    o_ck(u) = Σ_{i≠j} w_ic w_jk / (m_u − 1)

to the coincidence matrix: the expected coincidence if each annotator's value were drawn
from their own weights. When every annotator has one kind, w is 0 or 1 and this is
Krippendorff's (2011) o_ck exactly, so the coefficient reduces to the usual nominal
alpha. Its margins are n_uc = Σ_i w_ic, and its off-diagonal mass is

    Σ_{c≠k} o_ck(u) = (m_u² − Σ_c n_uc² − Σ_i (1 − Σ_c w_ic²)) / (m_u − 1),

the last sum being what the pairs of an annotator's value with itself would have added.
D_e comes from the margins as usual: alpha = 1 − (n − 1) D / (n² − Σ_c n_c²).

**An annotator who labelled the sentence attribution but marked no originating
attribution** (none at all yet, or only embedded ones) is missing for that sentence, as
an unlabelled sentence is for the label alpha: no kind is not a kind, and counting it as
one would score unfinished work as disagreement. The report counts such labels
(`unmarked_labels`), so a reader sees how much is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from claims.agreement.bootstrap import NOT_RUN, resampled_interval
from claims.agreement.measures import Measure, alpha_from_sums
from claims.resampling import Interval

NO_ATTRIBUTED_PAIRS = (
    "no sentence has an originating source kind from two annotators who labelled it attribution"
)
ONE_KIND_PAIRED = (
    "every originating source kind on sentences marked by two or more annotators is the same, "
    "so chance disagreement is 0"
)


@dataclass(frozen=True)
class KindValues:
    """Per attributed unit (rows), the sums alpha needs: `totals` (units × kinds, float)
    n_uc = Σ_i w_ic, `raters` m_u, and `squares` Σ_i Σ_c w_ic² (m_u when every annotator
    has a single kind)."""

    totals: np.ndarray
    raters: np.ndarray
    squares: np.ndarray

    @property
    def pairable(self) -> np.ndarray:
        return self.raters >= 2

    def disagreement(self) -> np.ndarray:
        """Each pairable unit's off-diagonal coincidence mass (see the module's docstring)."""
        totals, raters = self.totals[self.pairable], self.raters[self.pairable]
        self_pairs = raters - self.squares[self.pairable]
        return (raters**2 - (totals**2).sum(axis=1) - self_pairs) / (raters - 1)


def kind_values(*, units: Iterable[Sequence[Sequence[int]]], kinds: int) -> KindValues:
    """KindValues of `units`: per unit, per annotator with a value, the kind codes
    (0..kinds-1) of their originating attributions. An annotator with an empty list is
    missing and may as well be left out."""
    rows_totals, rows_raters, rows_squares = [], [], []
    for unit in units:
        totals = np.zeros(kinds)
        raters, squares = 0, 0.0
        for codes in unit:
            if not codes:
                continue
            weights = np.bincount(np.asarray(codes, dtype=np.intp), minlength=kinds) / len(codes)
            totals += weights
            raters += 1
            squares += float(weights @ weights)
        rows_totals.append(totals)
        rows_raters.append(raters)
        rows_squares.append(squares)
    return KindValues(
        totals=np.array(rows_totals, dtype=float).reshape(-1, kinds),
        raters=np.array(rows_raters, dtype=np.int64),
        squares=np.array(rows_squares, dtype=float),
    )


def kind_alpha(*, values: KindValues) -> Measure:
    """Nominal alpha over the pairable units of `values`, in [-1, 1]; undefined when no
    unit is pairable or a single kind is used on them."""
    pairable = values.pairable
    if not pairable.any():
        return Measure.undefined(NO_ATTRIBUTED_PAIRS)
    totals = values.totals[pairable].sum(axis=0)
    if np.count_nonzero(totals) < 2:  # a sum of positive shares is never a rounded 0
        return Measure.undefined(ONE_KIND_PAIRED)
    disagreement = values.disagreement().sum()
    return Measure.of(alpha_from_sums(disagreement=disagreement, totals=totals))


def kind_totals(*, values: KindValues, kinds: Sequence[str]) -> Mapping[str, float]:
    """The coincidence matrix's margins n_c over the pairable units: how much of the
    kind values paired each kind holds (fractional where a sentence has several)."""
    totals = values.totals[values.pairable].sum(axis=0)
    return {key: float(totals[code]) for code, key in enumerate(kinds)}


def bootstrap_kind_alpha(
    *,
    values: KindValues,
    articles: np.ndarray | None = None,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Interval:
    """The seeded percentile bootstrap interval of kind_alpha, resampling as
    bootstrap_alpha does for labels (bootstrap.py): whole articles when `articles` gives
    each unit's (the articles with a pairable attribution sentence), else sentences."""
    if resamples < 1:
        return Interval(reason=NOT_RUN)
    alpha = kind_alpha(values=values)
    if alpha.value is None:
        return Interval(reason=f"alpha is undefined: {alpha.reason}")
    pairable = values.pairable
    rows = np.column_stack([values.totals[pairable], values.disagreement()])
    frequency = None
    if articles is None:
        # Sentences with the same values are interchangeable: draw copies of each pattern.
        rows, frequency = np.unique(rows, axis=0, return_counts=True)
    return resampled_interval(
        totals=rows[:, :-1],
        disagreement=rows[:, -1],
        frequency=frequency,
        articles=None if articles is None else articles[pairable],
        resamples=resamples,
        seed=seed,
        confidence=confidence,
        single="kind",
    )
