"""bootstrap_intervals: resampling whole clusters (articles) or single units."""

import numpy as np
import pytest

from claims.resampling import bootstrap_intervals


def _share(sums, _drawn):
    """The pooled share: column 0 over column 1, NaN when column 1 sums to 0."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"share": sums[:, 0] / sums[:, 1]}


# Article 1: 3 of 4 sentences count; article 2: 1 of 4.
ROWS = np.array([[1, 1], [1, 1], [1, 1], [0, 1], [1, 1], [0, 1], [0, 1], [0, 1]], dtype=float)
ARTICLES = np.array([1, 1, 1, 1, 2, 2, 2, 2])


def test_two_articles_give_the_three_possible_resamples():
    # A resample is (1, 1), (1, 2), (2, 1) or (2, 2): pooled 0.75, 0.5, 0.5 or 0.25, the
    # extremes a quarter of the time each, so the 2.5th and 97.5th percentiles are them.
    interval = bootstrap_intervals(ROWS, _share, clusters=ARTICLES, resamples=2000)["share"]
    assert (interval.bounds, interval.warning) == ((0.25, 0.75), None)


def test_an_article_is_resampled_whole_however_its_sentences_are_split():
    # The same two articles, each given as one summed row: the same resamples exactly.
    summed = np.array([[3, 4], [1, 4]], dtype=float)
    by_sentence = bootstrap_intervals(ROWS, _share, clusters=ARTICLES, resamples=500, seed=4)
    by_article = bootstrap_intervals(
        summed, _share, clusters=np.array([7, 9]), resamples=500, seed=4
    )
    assert by_sentence == by_article


def test_articles_are_told_apart_by_id_not_by_order():
    order = np.array([0, 4, 1, 5, 2, 6, 3, 7])  # the two articles' sentences interleaved
    together = bootstrap_intervals(ROWS, _share, clusters=ARTICLES, resamples=500, seed=1)
    mixed = bootstrap_intervals(
        ROWS[order], _share, clusters=ARTICLES[order], resamples=500, seed=1
    )
    assert mixed == together


def test_sentences_resampled_one_by_one_can_reach_further():
    # Eight single sentences can all be drawn from article 1's three that count.
    low, high = bootstrap_intervals(ROWS, _share, resamples=2000, seed=0)["share"].bounds
    assert (low, high) == pytest.approx((0.125, 0.875))


def test_the_same_seed_gives_the_same_interval_and_another_seed_another():
    rows = np.random.default_rng(0).integers(0, 2, size=(60, 2)).astype(float) + [0, 1]
    clusters = np.arange(60) // 3
    first, again, other = (
        bootstrap_intervals(rows, _share, clusters=clusters, resamples=300, seed=seed)
        for seed in (5, 5, 6)
    )
    assert first == again != other


def test_a_value_undefined_in_some_resamples_has_an_interval_with_a_warning():
    # NaN unless article 2 is drawn: a quarter of the resamples draw article 1 twice.
    def without_one(sums, drawn):
        return {"share": np.where(sums[:, 0] < 6, sums[:, 0] / sums[:, 1], np.nan)}

    interval = bootstrap_intervals(ROWS, without_one, clusters=ARTICLES, resamples=2000)["share"]
    assert interval.bounds is not None and interval.warning.startswith("from the 7")


def test_a_value_undefined_in_most_resamples_has_a_reason_and_no_interval():
    # Defined only when all three articles are drawn: 6 of 27 resamples.
    rows = np.eye(3)

    def all_three(sums, drawn):
        return {"value": np.where((sums > 0).all(axis=1), 1.0, np.nan)}

    interval = bootstrap_intervals(rows, all_three, clusters=np.arange(3), resamples=2000)["value"]
    assert interval.bounds is None and interval.reason.startswith("undefined in 7")


def test_no_resamples_give_no_intervals():
    assert bootstrap_intervals(ROWS, _share, clusters=ARTICLES, resamples=0) == {}


def test_clusters_and_frequencies_cannot_be_combined():
    with pytest.raises(ValueError, match="not both"):
        bootstrap_intervals(ROWS, _share, clusters=ARTICLES, frequency=np.ones(8, dtype=int))
