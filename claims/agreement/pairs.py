"""Agreement between two annotators at a time, and of each annotator with the others.

Everything derives from one tensor of confusion matrices, `confusion[a, b, k, l]`: the
number of units annotator a labelled k and annotator b labelled l. It is built with one
bincount per annotator over all later annotators at once, so the work is vectorised over
units and pairs. (A one-hot matrix product is faster when idle, but BLAS threads stall
for seconds when other processes hold the cores, as on a busy web server.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claims.agreement.measures import MISSING, Measure

NO_SHARED_UNITS = "the two annotators labelled no sentence in common"
ONE_LABEL_BOTH = (
    "both annotators gave one and the same label to every shared sentence, so chance agreement is 1"
)
ONE_LABEL_PAIR = "the pair used a single label throughout, so chance agreement is 1"
NO_OTHERS = "no sentence this annotator labelled has another annotator's label"

# Cells of the label matrix keyed at a time: bounds memory to a few tens of MB.
_BLOCK_CELLS = 2**22


@dataclass(frozen=True)
class PairAgreement:
    """Agreement of annotators `first` < `second` (column indexes of the code matrix)."""

    first: int
    second: int
    units: int  # units both labelled
    percent_agreement: Measure
    cohen_kappa: Measure
    scott_pi: Measure
    confusion: np.ndarray  # labels × labels: rows are `first`'s label, columns `second`'s


def confusion_tensor(*, codes: np.ndarray, categories: int) -> np.ndarray:
    """The annotators × annotators × labels × labels int64 tensor described above.

    `confusion[a, a]` is diagonal, with the number of units a gave each label.
    """
    codes = np.asarray(codes)
    units, annotators = codes.shape
    width = categories + 1  # MISSING counts as one more label, dropped at the end
    labels = np.where(codes == MISSING, categories, codes).astype(np.intp)
    tensor = np.zeros((annotators, annotators, width, width), dtype=np.int64)
    step = max(1, _BLOCK_CELLS // max(annotators, 1))
    for start in range(0, units, step):
        block = labels[start : start + step]
        for first in range(annotators):
            # Pair `first` with itself and every later annotator; each pair's keys get
            # a range of their own, so one bincount counts all of them.
            later = annotators - first
            offsets = np.arange(later) * width**2
            keys = block[:, first, None] * width + block[:, first:] + offsets
            found = np.bincount(keys.ravel(), minlength=later * width**2)
            tensor[first, first:] += found.reshape(later, width, width)
    lower = np.tril_indices(annotators, k=-1)
    tensor[lower] = tensor.transpose(1, 0, 3, 2)[lower]
    return tensor[:, :, :categories, :categories]


def pair_agreements(*, confusion: np.ndarray) -> list[PairAgreement]:
    """Every pair of distinct annotators, in column order (0-1, 0-2, ..., 1-2, ...)."""
    pairs = []
    for first, second in zip(*np.triu_indices(confusion.shape[0], k=1), strict=True):
        table = confusion[first, second]
        pairs.append(
            PairAgreement(
                first=int(first),
                second=int(second),
                units=int(table.sum()),
                percent_agreement=_observed_agreement(table),
                cohen_kappa=cohen_kappa(confusion=table),
                scott_pi=scott_pi(confusion=table),
                confusion=table,
            )
        )
    return pairs


def cohen_kappa(*, confusion: np.ndarray) -> Measure:
    """Cohen's (1960) kappa of one labels × labels table, in [-1, 1].

    With m units, t agreements and margins r (rows) and c (columns):
    kappa = (m t − Σ r_k c_k) / (m² − Σ r_k c_k), all integers until the last division.
    Undefined with no shared unit, or when both gave the same single label (p_e = 1).
    """
    units, agreements, rows, columns = _table_sums(confusion)
    if units == 0:
        return Measure.undefined(NO_SHARED_UNITS)
    chance = int((rows * columns).sum())
    if chance == units**2:
        return Measure.undefined(ONE_LABEL_BOTH)
    return Measure.of((units * agreements - chance) / (units**2 - chance))


def scott_pi(*, confusion: np.ndarray) -> Measure:
    """Scott's (1955) pi of one labels × labels table, in [-1, 1]: chance agreement from
    the pooled margins, p_e = Σ ((r_k + c_k) / 2m)², so with T = Σ (r_k + c_k)²:
    pi = (4 m t − T) / (4 m² − T). Undefined with no shared unit or a single label used.
    """
    units, agreements, rows, columns = _table_sums(confusion)
    if units == 0:
        return Measure.undefined(NO_SHARED_UNITS)
    pooled = int(((rows + columns) ** 2).sum())
    if pooled == 4 * units**2:
        return Measure.undefined(ONE_LABEL_PAIR)
    return Measure.of((4 * units * agreements - pooled) / (4 * units**2 - pooled))


def agreement_with_others(*, confusion: np.ndarray) -> list[Measure]:
    """For each annotator, the share in [0, 1] of their pairings with another annotator
    on the same unit that agree, pooled over all others: Σ_b agreements(a, b) /
    Σ_b shared units(a, b). A low value marks the outlier. Undefined for an annotator
    who shares no unit with anyone."""
    shared = confusion.sum(axis=(2, 3))
    agreements = np.trace(confusion, axis1=2, axis2=3)
    np.fill_diagonal(shared, 0)
    np.fill_diagonal(agreements, 0)
    return [
        Measure.of(agree / total) if total else Measure.undefined(NO_OTHERS)
        for agree, total in zip(agreements.sum(axis=1), shared.sum(axis=1), strict=True)
    ]


def units_labelled(*, confusion: np.ndarray) -> list[int]:
    """How many units each annotator labelled (the diagonal blocks' totals)."""
    return [int(confusion[a, a].sum()) for a in range(confusion.shape[0])]


def _observed_agreement(table: np.ndarray) -> Measure:
    units = int(table.sum())
    if units == 0:
        return Measure.undefined(NO_SHARED_UNITS)
    return Measure.of(int(np.trace(table)) / units)


def _table_sums(table: np.ndarray) -> tuple[int, int, np.ndarray, np.ndarray]:
    table = table.astype(np.int64)
    return int(table.sum()), int(np.trace(table)), table.sum(axis=1), table.sum(axis=0)
