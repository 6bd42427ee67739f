"""Agreement measures against independent implementations, on random label matrices.

The references are test dependencies only: the `krippendorff` package, statsmodels and
scikit-learn. Each example is a units × annotators matrix of codes with missing labels.
"""

import itertools
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss_kappa

from claims.agreement import pairs
from claims.agreement.measures import (
    MISSING,
    count_labels,
    count_patterns,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from claims.agreement.pairs import cohen_kappa, confusion_tensor, scott_pi

bounded = settings(max_examples=150, deadline=None, derandomize=True)


@st.composite
def label_matrices(draw, *, missing: bool = True, annotators: tuple[int, int] = (1, 6)):
    categories = draw(st.integers(2, 5))
    shape = st.tuples(st.integers(1, 30), st.integers(*annotators))
    lowest = MISSING if missing else 0
    codes = draw(arrays(np.int64, shape, elements=st.integers(lowest, categories - 1)))
    return codes, categories


def _reference(function, *args, **kwargs) -> float | None:
    """The reference's value, or None where it raises or answers NaN (undefined)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = float(function(*args, **kwargs))
        except (ValueError, ZeroDivisionError):
            return None
    return None if np.isnan(value) else value


def _krippendorff(codes: np.ndarray) -> float | None:
    # The package wants annotators × units, with NaN for a missing value.
    data = np.where(codes == MISSING, np.nan, codes).T.astype(float)
    return _reference(krippendorff.alpha, reliability_data=data, level_of_measurement="nominal")


def _agrees(ours, reference: float | None) -> bool:
    if reference is None:
        return ours.value is None
    return ours.value == pytest.approx(reference, abs=1e-9)


@bounded
@given(label_matrices())
def test_alpha_matches_the_krippendorff_package(matrix):
    codes, categories = matrix
    ours = krippendorff_alpha(counts=count_labels(codes=codes, categories=categories))
    assert _agrees(ours, _krippendorff(codes))


@bounded
@given(label_matrices(missing=False, annotators=(2, 6)))
def test_fleiss_kappa_matches_statsmodels_when_every_sentence_has_every_label(matrix):
    # With equal numbers of labels per unit, Gwet's generalisation is Fleiss' formula.
    codes, categories = matrix
    counts = count_labels(codes=codes, categories=categories)
    reference = _reference(statsmodels_fleiss_kappa, counts, method="fleiss")
    assert _agrees(fleiss_kappa(counts=counts), reference)


@bounded
@given(label_matrices())
def test_percent_agreement_is_the_mean_share_of_agreeing_pairs(matrix):
    codes, categories = matrix
    shares = []
    for row in codes:
        given_labels = row[row != MISSING]
        pairs = list(itertools.permutations(given_labels, 2))
        if pairs:
            shares.append(sum(a == b for a, b in pairs) / len(pairs))
    ours = percent_agreement(counts=count_labels(codes=codes, categories=categories))
    assert _agrees(ours, float(np.mean(shares)) if shares else None)


def _shared(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    both = (codes[:, 0] != MISSING) & (codes[:, 1] != MISSING)
    return codes[both, 0], codes[both, 1]


@bounded
@given(label_matrices(annotators=(2, 2)))
def test_cohen_kappa_matches_scikit_learn(matrix):
    codes, categories = matrix
    first, second = _shared(codes)
    confusion = confusion_tensor(codes=codes, categories=categories)[0, 1]
    reference = None
    if len(first):
        labels = list(range(categories))
        reference = _reference(cohen_kappa_score, first, second, labels=labels)
    assert _agrees(cohen_kappa(confusion=confusion), reference)


@bounded
@given(label_matrices(annotators=(2, 2)))
def test_scott_pi_matches_alpha_through_the_small_sample_correction(matrix):
    # For two annotators and m shared units, alpha = 1 − (1 − pi)(2m − 1)/(2m)
    # (Krippendorff 2004), so pi follows from the package's alpha on the shared units.
    codes, categories = matrix
    first, second = _shared(codes)
    alpha = _krippendorff(np.stack([first, second], axis=1)) if len(first) else None
    m = len(first)
    reference = None if alpha is None else 1 - (1 - alpha) * 2 * m / (2 * m - 1)
    confusion = confusion_tensor(codes=codes, categories=categories)[0, 1]
    assert _agrees(scott_pi(confusion=confusion), reference)


@bounded
@given(label_matrices(annotators=(2, 6)))
def test_confusion_tensor_counts_each_pair_of_columns(matrix):
    codes, categories = matrix
    tensor = confusion_tensor(codes=codes, categories=categories)
    a, b = 0, codes.shape[1] - 1
    first, second = _shared(codes[:, [a, b]])
    expected = np.zeros((categories, categories), dtype=np.int64)
    np.add.at(expected, (first, second), 1)
    assert np.array_equal(tensor[a, b], expected)


@bounded
@given(label_matrices())
def test_count_patterns_with_weights_give_the_same_measures(matrix):
    codes, categories = matrix
    counts = count_labels(codes=codes, categories=categories)
    patterns, weights = count_patterns(counts=counts)
    for measure in (percent_agreement, krippendorff_alpha, fleiss_kappa, gwet_ac1):
        whole, compressed = measure(counts=counts), measure(counts=patterns, weights=weights)
        assert compressed.reason == whole.reason
        assert _agrees(compressed, whole.value)


def test_the_confusion_tensor_does_not_depend_on_the_block_size(monkeypatch):
    codes = np.random.default_rng(0).integers(MISSING, 4, size=(500, 5))
    whole = confusion_tensor(codes=codes, categories=4)
    monkeypatch.setattr(pairs, "_BLOCK_CELLS", 64)  # 12 units per block
    assert np.array_equal(confusion_tensor(codes=codes, categories=4), whole)
