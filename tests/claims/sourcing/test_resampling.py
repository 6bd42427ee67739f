"""Article-level resampling: intervals and permutation tests."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.attributions import AttributionSpec as A
from claims.projects import DEFAULT_SOURCE_KINDS
from claims.resampling import bootstrap_articles, permutation_test
from claims.sourcing import report
from claims.sourcing.counts import Kind, LabelledSentence, article_row
from claims.sourcing.counts import rows_of as count_rows
from claims.sourcing.metrics import metric_values
from claims.sourcing.report import COMPARED, MAX_COMPARED_OUTLETS, CountedArticles, build_profile

KINDS = [Kind(spec.key, spec.source_class, spec.media) for spec in DEFAULT_SOURCE_KINDS]
KEYS = [spec.key for spec in DEFAULT_SOURCE_KINDS]


def statistic(sums, articles):
    return metric_values(sums, articles=articles, scheme_kinds=len(KINDS))


sentences = st.builds(
    lambda role, kinds: LabelledSentence(
        role,
        tuple(A(kind, entity=f"e{i}") for i, kind in enumerate(kinds))
        if role == "attribution"
        else (),
    ),
    st.sampled_from(["claim", "attribution", "opinion", "non_body"]),
    st.lists(st.sampled_from(KEYS), max_size=2),
)
articles = st.lists(st.lists(sentences, min_size=1, max_size=8), min_size=1, max_size=12)


def rows_of(articles):
    return np.vstack([article_row(sentences, kinds=KINDS) for sentences in articles])


@settings(max_examples=60, deadline=None)
@given(articles)
def test_shares_lie_between_0_and_1(articles):
    values = statistic(rows_of(articles).sum(axis=0)[None, :], len(articles))
    for key, value in values.items():
        if key != "identified_sources" and not np.isnan(value[0]):
            assert 0 <= value[0] <= 1 + 1e-12, key


@settings(max_examples=60, deadline=None)
@given(st.lists(sentences, min_size=1, max_size=10))
def test_one_article_pooled_is_its_own_value(sentences):
    row = article_row(sentences, kinds=KINDS)
    pooled = statistic(row[None, :], 1)
    own = statistic(rows_of([sentences]), 1)
    for key in pooled:
        np.testing.assert_array_equal(pooled[key], own[key])


@settings(max_examples=40, deadline=None)
@given(articles)
def test_intervals_contain_the_point_estimate(articles):
    rows = rows_of(articles)
    values = statistic(rows.sum(axis=0)[None, :], len(articles))
    # Confidence 1: the interval spans every defined resample. Resamples fall on both
    # sides of the estimate (or on it) unless 500 draws all missed, which for these
    # sizes does not happen.
    intervals = bootstrap_articles(rows, statistic, resamples=500, seed=1, confidence=1.0)
    for key, interval in intervals.items():
        if interval.bounds is None or interval.warning or np.isnan(values[key][0]):
            continue
        low, high = interval.bounds
        assert low - 1e-9 <= values[key][0] <= high + 1e-9, key


def test_the_same_seed_gives_the_same_interval_and_another_seed_another():
    rng = np.random.default_rng(5)
    rows = rows_of(
        [
            [LabelledSentence("attribution", (A(KEYS[rng.integers(9)], entity="e"),))]
            + [LabelledSentence("claim")] * int(rng.integers(1, 6))
            for _ in range(40)
        ]
    )
    first = bootstrap_articles(rows, statistic, resamples=500, seed=3)
    assert first == bootstrap_articles(rows, statistic, resamples=500, seed=3)
    assert first != bootstrap_articles(rows, statistic, resamples=500, seed=4)
    low, high = first["attribution_rate"].bounds
    estimate = statistic(rows.sum(axis=0)[None, :], 40)["attribution_rate"][0]
    assert low < estimate < high


def test_an_interval_undefined_in_some_resamples_says_so():
    # One article of ten has the only attribution sentence: about 35 % of resamples miss
    # it, and the anonymous share is undefined there.
    rows = rows_of(
        [[LabelledSentence("attribution", (A("anonymous", entity="e"),))]]
        + [[LabelledSentence("claim")]] * 9
    )
    interval = bootstrap_articles(rows, statistic, resamples=1000, seed=0)["anonymous_share"]
    assert interval.bounds == (1.0, 1.0)
    assert "where it is defined" in interval.warning


def test_the_permutation_p_value_is_uniform_under_the_null():
    # Two outlets drawn from one process, 200 times: p-values below 0.05 about 5 % of the
    # time, below 0.5 about half of it.
    rng = np.random.default_rng(11)
    p_values = []
    for trial in range(200):
        group = [
            [LabelledSentence("attribution" if rng.random() < 0.4 else "claim")]
            * int(rng.integers(1, 5))
            for _ in range(30)
        ]
        rows = rows_of(group)
        tests = permutation_test(rows[:15], rows[15:], statistic, permutations=199, seed=trial)
        p_values.append(tests["attribution_rate"].p_value)
    p_values = np.array(p_values)
    assert 0.01 <= (p_values <= 0.05).mean() <= 0.11
    assert 0.38 <= (p_values <= 0.5).mean() <= 0.62


def test_a_real_difference_gives_a_small_p_value():
    anonymous = [[LabelledSentence("attribution", (A("anonymous", entity="e"),))]] * 20
    named = [[LabelledSentence("attribution", (A("named_official", entity="e"),))]] * 20
    result = permutation_test(rows_of(anonymous), rows_of(named), statistic, permutations=999)
    assert result["anonymous_share"].difference == 1.0
    assert result["anonymous_share"].p_value < 0.01


def outlets_profile(articles_by_outlet, *, permutations, seed=0):
    names = [outlet for outlet, articles in articles_by_outlet.items() for _ in articles]
    rows = count_rows(
        [a for articles in articles_by_outlet.values() for a in articles], kinds=KINDS
    )
    counted = CountedArticles(
        external_ids=[str(n) for n in range(len(rows))], outlets=names, rows=rows
    )
    return build_profile(counted, kinds=KINDS, bootstrap=0, permutations=permutations, seed=seed)


def simulated_article(rng):
    """One to six sentences, each an attribution (anonymous or named) or a claim."""
    return [
        LabelledSentence(
            "attribution",
            (A("anonymous" if rng.random() < 0.3 else "named_official", entity=f"e{n}"),),
        )
        if rng.random() < 0.4
        else LabelledSentence("claim")
        for n in range(int(rng.integers(1, 7)))
    ]


def test_outlet_comparisons_are_uniform_under_the_null():
    # Two outlets drawn from one process, 200 times, through the profile: the share of
    # p-values at most 0.05 lies within a binomial band around 5 % (about 3 sd).
    rng = np.random.default_rng(23)
    p_values = []
    for trial in range(200):
        articles = {name: [simulated_article(rng) for _ in range(12)] for name in ("A", "B")}
        (comparison,) = outlets_profile(articles, permutations=99, seed=trial)["comparisons"]
        p_values.append(comparison["metrics"]["attribution_rate"]["p_value"])
    p_values = np.array(p_values)
    assert 2 <= (p_values <= 0.05).sum() <= 20
    assert 0.38 <= (p_values <= 0.5).mean() <= 0.62


def test_outlets_are_compared_pair_by_pair_a_before_b():
    rng = np.random.default_rng(1)
    anonymous = [[LabelledSentence("attribution", (A("anonymous", entity="e"),))]] * 10
    articles = {"Zeta": anonymous, "Alpha": [simulated_article(rng) for _ in range(10)]}
    articles["Mid"] = [simulated_article(rng) for _ in range(10)]
    profile = outlets_profile(articles, permutations=199)
    assert [(c["a"], c["b"]) for c in profile["comparisons"]] == [
        ("Alpha", "Mid"),
        ("Alpha", "Zeta"),
        ("Mid", "Zeta"),
    ]
    test = profile["comparisons"][1]["metrics"]["anonymous_share"]
    alpha = profile["outlets"]["Alpha"]["metrics"]["anonymous_share"]["value"]
    assert test["difference"] == pytest.approx(alpha - 1)
    assert test["p_value"] < 0.05 and test["permutations"] == 199
    assert set(profile["comparisons"][0]["metrics"]) == set(COMPARED)
    assert outlets_profile(articles, permutations=0)["comparisons"] == []


def test_too_many_outlets_are_not_compared_and_the_profile_says_why():
    rng = np.random.default_rng(2)
    articles = {f"O{n}": [simulated_article(rng)] for n in range(MAX_COMPARED_OUTLETS + 1)}
    profile = outlets_profile(articles, permutations=99)
    assert profile["comparisons"] == []
    assert "at most 20" in profile["undefined"]["comparisons"]


def test_more_work_than_the_bound_gets_fewer_permutations_and_says_so(monkeypatch):
    monkeypatch.setattr(report, "MAX_PERMUTED_ARTICLES", 20 * 150)
    rng = np.random.default_rng(3)
    articles = {name: [simulated_article(rng) for _ in range(10)] for name in ("A", "B")}
    profile = outlets_profile(articles, permutations=1000)
    (comparison,) = profile["comparisons"]
    assert comparison["metrics"]["attribution_rate"]["permutations"] == 150
    assert "150 permutations each, not 1,000" in profile["warnings"]["comparisons"]
