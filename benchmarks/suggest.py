"""How fast the rule backend suggests: seed-sized articles per second, on one core.

    .venv/bin/python benchmarks/suggest.py [--articles N] [--runs N]

The baseline in the same run is segmenting the same texts (claims/segmentation.py), which
every article goes through once on import; suggestions are measured on the sentences it
gives, as they will be in use. Target (issue 14): at least 1,000 articles a second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from environment import ROOT, seed_sized_articles

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()

    import django

    django.setup()  # the attribution values live beside the models
    from claims.segmentation import split_sentences
    from claims.suggestions.rules import RuleBackend

    texts = seed_sized_articles(arguments.articles)
    segmented = [[(s.start, s.end) for s in split_sentences(text)] for text in texts]
    backend = RuleBackend()
    sentences = sum(len(spans) for spans in segmented)

    def segment() -> None:
        for text in texts:
            split_sentences(text)

    def suggest() -> None:
        for text, spans in zip(texts, segmented, strict=True):
            backend.suggest(text=text, sentences=spans)

    timings: dict[str, list[float]] = {"segmentation (baseline)": [], "rule suggestions": []}
    for run in range(arguments.runs):
        # Alternate which goes first, so neither always meets a warm cache.
        order = [("segmentation (baseline)", segment), ("rule suggestions", suggest)]
        for name, work in order if run % 2 == 0 else order[::-1]:
            started = time.perf_counter()
            work()
            timings[name].append(time.perf_counter() - started)

    runs = arguments.runs
    print(f"{len(texts):,} seed-sized articles, {sentences:,} sentences; medians of {runs}")
    baseline = statistics.median(timings["segmentation (baseline)"])
    for name, seconds in timings.items():
        median = statistics.median(seconds)
        print(
            f"{name:<26} {median:7.3f} s  {len(texts) / median:8,.0f} articles/s  "
            f"{median / baseline:5.2f}x segmentation"
        )


if __name__ == "__main__":
    main()
