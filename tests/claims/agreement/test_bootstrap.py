"""The seeded bootstrap interval for Krippendorff's alpha."""

import numpy as np
import pytest

from claims import resampling
from claims.agreement.bootstrap import (
    ONE_ARTICLE,
    Bootstrap,
    bootstrap_alpha,
    parse_resample,
    resampled_interval,
)
from claims.agreement.measures import (
    MISSING,
    count_labels,
    krippendorff_alpha,
    unit_disagreement,
)
from claims.agreement.report import Ratings, compute_intervals
from claims.agreement.selection import FilterError
from claims.agreement.sources.marks import SourceMarks


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


def test_an_interval_with_a_warning_when_some_resamples_use_a_single_label():
    # Resampling the first sentence twice (probability 1/4) leaves only label 0.
    counts = count_labels(codes=np.array([[0, 0], [0, 1]]), categories=2)
    interval = bootstrap_alpha(counts=counts)
    assert interval.bounds is not None and "the others use a single label" in interval.warning


def test_articles_are_resampled_by_default_in_the_report():
    ratings = _ratings(articles=2)
    intervals = compute_intervals(
        ratings=ratings, sources=_no_sources(ratings), resamples=50, seed=0
    )
    assert intervals.bootstrap == Bootstrap(resamples=50, seed=0, unit="article")


def test_one_article_gives_no_article_interval_and_says_why():
    counts = _simulated_counts()
    interval = bootstrap_alpha(counts=counts, articles=np.zeros(len(counts), dtype=int))
    assert (interval.bounds, interval.reason) == (None, ONE_ARTICLE)


def test_few_articles_give_an_interval_with_a_warning():
    counts = _simulated_counts()
    interval = bootstrap_alpha(counts=counts, articles=np.arange(len(counts)) // 30)
    assert interval.bounds is not None
    assert interval.warning == "only 10 articles, too few for a reliable interval"


def test_the_article_interval_surrounds_alpha():
    counts = _simulated_counts(units=3000)
    low, high = bootstrap_alpha(counts=counts, articles=np.arange(3000) // 20).bounds
    assert low < krippendorff_alpha(counts=counts).value < high


def test_the_article_interval_is_wider_when_difficulty_varies_by_article():
    # Half the articles are easy (annotators agree 95% of the time), half hard (40%).
    rng = np.random.default_rng(5)
    article = np.arange(4000) // 40
    accuracy = np.where(article % 2 == 0, 0.95, 0.4)[:, None]
    truth = rng.integers(0, 4, size=(4000, 1))
    codes = np.where(rng.random((4000, 3)) < accuracy, truth, rng.integers(0, 4, (4000, 3)))
    counts = count_labels(codes=codes, categories=4)
    by_article = np.diff(bootstrap_alpha(counts=counts, articles=article).bounds)
    by_sentence = np.diff(bootstrap_alpha(counts=counts).bounds)
    assert by_article > 1.5 * by_sentence


def test_sentences_can_be_resampled_instead():
    ratings = _ratings(articles=2)
    sources = _no_sources(ratings)
    intervals = compute_intervals(
        ratings=ratings, sources=sources, resamples=50, seed=0, resample="sentences"
    )
    counts, weights = ratings.patterns
    expected = bootstrap_alpha(counts=counts, weights=weights, resamples=50, seed=0)
    assert (intervals.labels, intervals.bootstrap.unit) == (expected, "sentence")


@pytest.mark.parametrize(
    ("value", "expected"), [(None, "articles"), ("", "articles"), ("sentences", "sentences")]
)
def test_resample_is_parsed_with_articles_as_the_default(value, expected):
    assert parse_resample(value) == expected


def test_an_unknown_resample_is_refused_naming_the_field():
    with pytest.raises(FilterError) as raised:
        parse_resample("paragraphs")
    assert raised.value.field == "resample"


def _ratings(*, articles: int) -> Ratings:
    rng = np.random.default_rng(2)
    truth = rng.integers(0, 3, size=(60, 1))
    codes = np.where(rng.random((60, 2)) < 0.7, truth, rng.integers(0, 3, (60, 2)))
    return Ratings(
        codes=codes,
        labels=("a", "b", "c"),
        annotators=("alice", "bob"),
        articles=np.arange(60) % articles,
    )


def _no_sources(ratings: Ratings) -> SourceMarks:
    return SourceMarks.empty(kinds=("vague",), annotators=ratings.annotators)


@pytest.mark.parametrize("name", ["_BLOCK_CELLS", "_DRAW_CELLS"])
def test_the_interval_does_not_depend_on_the_block_size(monkeypatch, name):
    counts = _simulated_counts()
    articles = np.arange(len(counts)) // 10
    whole = [
        bootstrap_alpha(counts=counts, resamples=300, seed=2),
        bootstrap_alpha(counts=counts, articles=articles, resamples=300, seed=2),
    ]
    monkeypatch.setattr(resampling, name, 50)  # a few resamples per block
    assert [
        bootstrap_alpha(counts=counts, resamples=300, seed=2),
        bootstrap_alpha(counts=counts, articles=articles, resamples=300, seed=2),
    ] == whole


def test_the_article_interval_is_that_of_each_sentences_own_row():
    # bootstrap_alpha finds each sentence's count pattern first; the intervals agree
    # with resampling the articles' sums of the sentences' own rows.
    counts = _simulated_counts(units=2000)
    articles = np.arange(2000) // 25
    pairable = counts.sum(axis=1) >= 2
    units = counts[pairable]
    direct = resampled_interval(
        totals=units,
        disagreement=unit_disagreement(units),
        articles=articles[pairable],
        resamples=300,
        seed=9,
    )
    found = bootstrap_alpha(counts=counts, articles=articles, resamples=300, seed=9)
    assert found.bounds == pytest.approx(direct.bounds, abs=1e-12)
