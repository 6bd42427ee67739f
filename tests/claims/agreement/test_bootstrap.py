"""The seeded bootstrap interval for Krippendorff's alpha."""

import numpy as np
import pytest

from claims.agreement import bootstrap
from claims.agreement.bootstrap import bootstrap_alpha
from claims.agreement.measures import MISSING, count_labels, krippendorff_alpha


def _simulated_counts(*, units: int = 300, seed: int = 1) -> np.ndarray:
    """Three annotators who give the true label 70% of the time; 20% of labels missing."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 4, size=(units, 1))
    guesses = rng.integers(0, 4, size=(units, 3))
    codes = np.where(rng.random((units, 3)) < 0.7, truth, guesses)
    codes[rng.random((units, 3)) < 0.2] = MISSING
    return count_labels(codes=codes, categories=4)


def _unit_bootstrap(counts: np.ndarray, *, resamples: int, seed: int) -> tuple[float, float]:
    """The textbook bootstrap: resample pairable units one by one, recompute alpha."""
    pairable = counts[counts.sum(axis=1) >= 2]
    rng = np.random.default_rng(seed)
    alphas = [
        krippendorff_alpha(counts=pairable[rng.integers(0, len(pairable), len(pairable))]).value
        for _ in range(resamples)
    ]
    low, high = np.quantile(alphas, [0.025, 0.975])
    return float(low), float(high)


def test_the_same_seed_gives_the_same_interval():
    counts = _simulated_counts()
    assert bootstrap_alpha(counts=counts, seed=7) == bootstrap_alpha(counts=counts, seed=7)


def test_another_seed_gives_another_interval():
    counts = _simulated_counts()
    assert bootstrap_alpha(counts=counts, seed=7) != bootstrap_alpha(counts=counts, seed=8)


def test_the_interval_surrounds_alpha():
    counts = _simulated_counts()
    low, high = bootstrap_alpha(counts=counts).bounds
    assert low < krippendorff_alpha(counts=counts).value < high


def test_resampling_count_patterns_matches_resampling_units():
    # Drawing how often each distinct count pattern recurs is the same bootstrap as
    # drawing units; with 4,000 resamples both percentiles agree to Monte Carlo error.
    counts = _simulated_counts()
    ours = bootstrap_alpha(counts=counts, resamples=4000, seed=3).bounds
    textbook = _unit_bootstrap(counts, resamples=4000, seed=4)
    assert ours == pytest.approx(textbook, abs=0.01)


def test_no_resamples_means_no_interval_and_says_so():
    interval = bootstrap_alpha(counts=_simulated_counts(), resamples=0)
    assert (interval.bounds, interval.reason) == (None, "the bootstrap was not run (0 resamples)")


def test_no_interval_when_alpha_is_undefined():
    counts = count_labels(codes=np.array([[0, 0], [0, 0]]), categories=2)
    assert bootstrap_alpha(counts=counts).reason.startswith("alpha is undefined")


def test_no_interval_when_some_resample_uses_a_single_label():
    # Resampling the first sentence twice (probability 1/4) leaves only label 0.
    counts = count_labels(codes=np.array([[0, 0], [0, 1]]), categories=2)
    assert "resamples use a single label" in bootstrap_alpha(counts=counts).reason


def test_the_interval_does_not_depend_on_the_block_size(monkeypatch):
    counts = _simulated_counts()
    whole = bootstrap_alpha(counts=counts, resamples=300, seed=2)
    monkeypatch.setattr(bootstrap, "_BLOCK_CELLS", 50)  # a few resamples per block
    assert bootstrap_alpha(counts=counts, resamples=300, seed=2) == whole
