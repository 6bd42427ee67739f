"""How fast import_files puts 1,000 seed-sized articles into a project, and where time goes.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/import_articles.py

Runs against a throwaway database beside the configured one ("<name>_benchmark": created,
migrated, dropped; in memory for SQLite), so no real data is touched. Each import goes
into an empty project, several times; medians are printed. Baselines measured in the same
run: segmentation alone (split_sentences over the same texts) and a plain bulk_create of
the same rows, which show where an import's time goes. For comparison, doccano takes
about 12 s and Label Studio about 33 s for 1,000 articles.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from environment import benchmark_database, seed_sized_articles

if TYPE_CHECKING:
    from claims.segmentation import SentenceSpan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="median of this many (at least 3)")
    options = parser.parse_args()
    with benchmark_database():
        run(count=options.articles, runs=max(3, options.runs))


def run(*, count: int, runs: int) -> None:
    from django.db import connection

    from claims.segmentation import SEGMENTER_NAME, split_sentences

    texts = seed_sized_articles(count)
    jsonl = "".join(json.dumps({"id": f"a{n}", "text": t}) + "\n" for n, t in enumerate(texts))
    characters = sum(len(text) for text in texts)
    spans = [split_sentences(text) for text in texts]  # also warms the segmenter up
    sentences = sum(len(article_spans) for article_spans in spans)
    print(
        f"{count:,} articles, {characters:,} characters, {sentences:,} sentences; "
        f"{connection.vendor}; segmenter {SEGMENTER_NAME}; median of {runs} runs"
    )
    with tempfile.TemporaryDirectory() as folder:
        for number, text in enumerate(texts):
            Path(folder, f"a{number}.txt").write_text(text, encoding="utf-8")
        paths = sorted(Path(folder).glob("*.txt"))
        actions = {
            "import_files, one .jsonl": lambda: import_jsonl(jsonl),
            f"import_files, {count:,} .txt": lambda: import_txt(paths),
            "segmentation alone": lambda: segment(texts),
            "plain bulk insert": lambda: insert_plainly(texts, spans),
        }
        timings = measure(actions, runs=runs)
    report(timings, articles=count, sentences=sentences)


def measure(actions: dict[str, Callable[[], None]], *, runs: int) -> dict[str, float]:
    """Median seconds of each action, each time into a new, empty project. Runs take turns,
    so a busy machine slows every action alike rather than whichever ran then."""
    from claims.models import Project
    from claims.projects import create_project

    seconds: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            Project.objects.filter(slug="benchmark").delete()
            create_project(name="Benchmark", slug="benchmark")
            started = time.perf_counter()
            action()
            seconds[name].append(time.perf_counter() - started)
    Project.objects.filter(slug="benchmark").delete()
    return {name: statistics.median(values) for name, values in seconds.items()}


def import_jsonl(jsonl: str) -> None:
    from claims.imports.articles import import_files
    from claims.models import Project

    file = io.BytesIO(jsonl.encode())
    import_files(project=Project.objects.get(slug="benchmark"), files=[("a.jsonl", file)])


def import_txt(paths: list[Path]) -> None:
    from claims.imports.articles import import_files
    from claims.models import Project

    files = [(path.name, path.open("rb")) for path in paths]
    try:
        import_files(project=Project.objects.get(slug="benchmark"), files=files)
    finally:
        for _, file in files:
            file.close()


def segment(texts: list[str]) -> None:
    from claims.segmentation import split_sentences

    for text in texts:
        split_sentences(text)


def insert_plainly(texts: list[str], spans: list[list[SentenceSpan]]) -> None:
    """The same rows, with sentences computed beforehand and nothing checked."""
    from django.db import transaction

    from claims.models import Article, Project, Sentence
    from claims.segmentation import SEGMENTER_NAME

    project = Project.objects.get(slug="benchmark")
    with transaction.atomic():
        articles = Article.objects.bulk_create(
            Article(project=project, external_id=f"a{n}", text=t, segmenter=SEGMENTER_NAME)
            for n, t in enumerate(texts)
        )
        Sentence.objects.bulk_create(
            Sentence(article_id=article.pk, position=position, start=span.start, end=span.end)
            for article, article_spans in zip(articles, spans, strict=True)
            for position, span in enumerate(article_spans)
        )


def report(timings: dict[str, float], *, articles: int, sentences: int) -> None:
    print(f"{'':28} {'seconds':>8} {'articles/s':>11} {'sentences/s':>12}")
    for name, seconds in timings.items():
        print(f"{name:28} {seconds:8.2f} {articles / seconds:11,.0f} {sentences / seconds:12,.0f}")
    segmentation, insert = timings["segmentation alone"], timings["plain bulk insert"]
    for name, seconds in list(timings.items())[:2]:
        print(
            f"{name}: segmentation is {segmentation / seconds:.0%} of the time; reading, "
            f"checking and writing take {seconds - segmentation:.2f} s "
            f"(a plain bulk insert of the rows: {insert:.2f} s)"
        )


if __name__ == "__main__":
    main()
