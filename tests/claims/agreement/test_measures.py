"""Agreement measures against published worked examples, and where they are undefined."""

import numpy as np
import pytest

from claims.agreement.measures import (
    MISSING,
    count_labels,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from claims.agreement.pairs import cohen_kappa, scott_pi

_ = MISSING
# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 observers
# (rows) value 12 units (columns) on a 1..5 scale, with missing values; nominal alpha 0.743.
# Gwet's irrCAC ships the same data as `cac.raw4raters`.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
        [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ]
)
KRIPPENDORFF_CODES = np.where(KRIPPENDORFF_2011.T > 0, KRIPPENDORFF_2011.T - 1, MISSING)

# Wikipedia, "Fleiss' kappa", worked example: 14 raters put 10 subjects in 5 categories
# (counts per subject and category); kappa 0.210.
WIKIPEDIA_FLEISS = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)

# Gwet's irrCAC vignette ("Calculating Chance-corrected Agreement Coefficients"):
# `cont3x3abstractors`, 2 abstractors classifying 100 pregnancies into 3 types.
ABSTRACTORS = np.array([[13, 0, 0], [0, 20, 7], [0, 4, 56]])


def _codes_from_table(table: np.ndarray) -> np.ndarray:
    """One unit per cell count: column 0 is the row label, column 1 the column label."""
    rows, columns = np.indices(table.shape)
    return np.repeat(np.stack([rows.ravel(), columns.ravel()], axis=1), table.ravel(), axis=0)


def _counts(codes: np.ndarray, categories: int) -> np.ndarray:
    return count_labels(codes=codes, categories=categories)


def test_krippendorff_2011_example_gives_nominal_alpha_0_743():
    alpha = krippendorff_alpha(counts=_counts(KRIPPENDORFF_CODES, 5)).value
    assert alpha == pytest.approx(0.743, abs=5e-4)


def test_wikipedia_example_gives_fleiss_kappa_0_210():
    assert fleiss_kappa(counts=WIKIPEDIA_FLEISS).value == pytest.approx(0.210, abs=5e-4)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        # irrCAC's gwet.ac1.raw and fleiss.kappa.raw on cac.raw4raters (unequal raters).
        (gwet_ac1, 0.775),
        (fleiss_kappa, 0.761),
        (percent_agreement, 0.818),
    ],
)
def test_irrcac_values_for_the_krippendorff_data(measure, expected):
    assert measure(counts=_counts(KRIPPENDORFF_CODES, 5)).value == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (krippendorff_alpha, 0.7972585),
        (gwet_ac1, 0.8493305),
        (percent_agreement, 0.89),
    ],
)
def test_irrcac_vignette_values_for_the_abstractors(measure, expected):
    counts = _counts(_codes_from_table(ABSTRACTORS), 3)
    assert measure(counts=counts).value == pytest.approx(expected, abs=5e-8)


@pytest.mark.parametrize(("measure", "expected"), [(cohen_kappa, 0.7964094), (scott_pi, 0.7962397)])
def test_irrcac_vignette_pair_values_for_the_abstractors(measure, expected):
    assert measure(confusion=ABSTRACTORS).value == pytest.approx(expected, abs=5e-8)


def test_an_unused_label_in_the_scheme_counts_for_ac1():
    # By hand: p_a = 89/100; the pooled shares are π = (26, 51, 123, 0) / 200, so
    # p_e = Σ π (1 − π) / (q − 1) = 0.53985 / 3 = 3599/20000, and
    # AC1 = (p_a − p_e) / (1 − p_e) = (17800 − 3599) / (20000 − 3599) = 1291/1491.
    counts = _counts(_codes_from_table(ABSTRACTORS), 4)
    assert gwet_ac1(counts=counts).value == pytest.approx(1291 / 1491, abs=1e-12)


ALL_CLAIM = np.array([[0, 0], [0, 0], [0, _]])
ONE_ANNOTATOR = np.array([[0], [1], [2]])
DISJOINT = np.array([[0, _], [_, 1], [2, _]])
EMPTY = np.zeros((0, 2), dtype=int)
UNDEFINED = [
    (ALL_CLAIM, krippendorff_alpha),  # chance disagreement is 0
    (ALL_CLAIM, fleiss_kappa),  # chance agreement is 1
    *(
        (codes, measure)  # nothing to pair
        for codes in (ONE_ANNOTATOR, DISJOINT, EMPTY)
        for measure in (percent_agreement, krippendorff_alpha, fleiss_kappa, gwet_ac1)
    ),
]


@pytest.mark.parametrize(("codes", "measure"), UNDEFINED)
def test_undefined_measures_are_none_with_a_reason(codes, measure):
    result = measure(counts=_counts(codes, 3))
    assert (result.value, bool(result.reason)) == (None, True)


def test_identical_labels_agree_perfectly_by_ac1_and_percent():
    counts = _counts(ALL_CLAIM, 3)
    assert (gwet_ac1(counts=counts).value, percent_agreement(counts=counts).value) == (1.0, 1.0)


def test_ac1_is_undefined_for_a_one_label_scheme():
    assert gwet_ac1(counts=_counts(np.zeros((2, 2), dtype=int), 1)).value is None


@pytest.mark.parametrize(
    "table",
    [np.zeros((3, 3), dtype=int), np.array([[5, 0], [0, 0]])],
    ids=["no shared sentence", "one label throughout"],
)
@pytest.mark.parametrize("measure", [cohen_kappa, scott_pi])
def test_pair_measures_are_undefined_without_variation(table, measure):
    result = measure(confusion=table)
    assert (result.value, bool(result.reason)) == (None, True)


def test_opposite_single_labels_give_cohen_kappa_zero_not_undefined():
    assert cohen_kappa(confusion=np.array([[0, 5], [0, 0]])).value == 0.0


def test_codes_outside_the_scheme_are_rejected():
    with pytest.raises(ValueError, match="codes must be"):
        count_labels(codes=np.array([[0, 3]]), categories=3)
