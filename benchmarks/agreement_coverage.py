"""How often the 95 % bootstrap interval of Krippendorff's alpha covers the true alpha,
resampling articles or sentences, when annotation difficulty varies by article.

    .venv/bin/python benchmarks/agreement_coverage.py

A seeded simulation, no database. Each data set has 40 articles of 25 sentences, labelled
by 3 annotators from 4 labels. In each article the annotators give the true label with
probability logistic(logit(0.7) + spread * z), z standard normal per article, and a
uniformly random label otherwise. `spread` 0 is the textbook case (sentences
independent); larger spreads make some articles easy and others hard. The true alpha
for a spread is the alpha of one very large data set (20,000 articles) drawn the same
way. For each spread the script draws `--datasets` data sets, bootstraps each both ways
(`--resamples` each) and prints how many intervals contain the true alpha, with the
Monte Carlo standard error of that share. An interval that covers less often than 95 %
is too narrow: it claims a precision the data do not have.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ARTICLES, SENTENCES, ANNOTATORS, LABELS = 40, 25, 3, 4
SPREADS = (0.0, 0.25, 0.5, 1.0, 1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=400, help="data sets per spread")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    print(
        f"{ARTICLES} articles x {SENTENCES} sentences, {ANNOTATORS} annotators, {LABELS} "
        f"labels; {options.datasets} data sets per spread, {options.resamples} resamples"
    )
    print(f"{'spread':>6} {'true alpha':>10} {'articles':>16} {'sentences':>16}")
    rng = np.random.default_rng(options.seed)
    for spread in SPREADS:
        truth = true_alpha(spread=spread, rng=rng)
        covered = coverage(
            spread=spread,
            truth=truth,
            datasets=options.datasets,
            resamples=options.resamples,
            rng=rng,
        )
        error = {
            unit: np.sqrt(share * (1 - share) / options.datasets) for unit, share in covered.items()
        }
        print(
            f"{spread:6.2f} {truth:10.3f} "
            + " ".join(
                f"{covered[unit]:9.1%} ± {error[unit]:4.1%}" for unit in ("articles", "sentences")
            )
        )


def simulated(*, spread: float, articles: int, rng: np.random.Generator):
    """Label counts (sentences x labels) and each sentence's article."""
    from claims.agreement.measures import count_labels

    article = np.repeat(np.arange(articles), SENTENCES)
    logit = np.log(0.7 / 0.3) + spread * rng.standard_normal(articles)
    accuracy = (1 / (1 + np.exp(-logit)))[article][:, None]
    units = len(article)
    truth = rng.integers(0, LABELS, size=(units, 1))
    guesses = rng.integers(0, LABELS, size=(units, ANNOTATORS))
    codes = np.where(rng.random((units, ANNOTATORS)) < accuracy, truth, guesses)
    return count_labels(codes=codes, categories=LABELS), article


def true_alpha(*, spread: float, rng: np.random.Generator) -> float:
    from claims.agreement.measures import krippendorff_alpha

    counts, _ = simulated(spread=spread, articles=20_000, rng=rng)
    value = krippendorff_alpha(counts=counts).value
    assert value is not None
    return value


def coverage(
    *, spread: float, truth: float, datasets: int, resamples: int, rng: np.random.Generator
) -> dict[str, float]:
    from claims.agreement.bootstrap import bootstrap_alpha
    from claims.agreement.measures import count_patterns

    hits = {"articles": 0, "sentences": 0}
    for _ in range(datasets):
        counts, article = simulated(spread=spread, articles=ARTICLES, rng=rng)
        seed = int(rng.integers(2**32))
        patterns, weights = count_patterns(counts=counts)
        intervals = {
            "articles": bootstrap_alpha(
                counts=counts, articles=article, resamples=resamples, seed=seed
            ),
            "sentences": bootstrap_alpha(
                counts=patterns, weights=weights, resamples=resamples, seed=seed
            ),
        }
        for unit, interval in intervals.items():
            assert interval.bounds is not None, interval.reason
            low, high = interval.bounds
            hits[unit] += low <= truth <= high
    return {unit: count / datasets for unit, count in hits.items()}


if __name__ == "__main__":
    main()
