"""How fast import_files puts 1,000 seed-sized articles into a project, and where time goes;
how fast, and in how much memory, it reads an exported dataset of them back.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/import_articles.py
    ... benchmarks/import_articles.py --memory 250,4000

Runs against a throwaway database beside the configured one ("<name>_benchmark": created,
migrated, dropped; in memory for SQLite), so no real data is touched. Each import goes
into an empty project, several times; medians are printed. Baselines measured in the same
run: segmentation alone (split_sentences over the same texts) and a plain bulk_create of
the same rows, which show where an import's time goes. For comparison, doccano takes
about 12 s and Label Studio about 33 s for 1,000 articles.

The labelled import reads the same articles as an export writes them (JSON Lines, given
sentences): both annotators label every sentence (about 56,000 labels), the attribution
sentences with one or two attributions, and agreed sentences carry gold with the first
annotator's attributions. Its baseline is the plain .jsonl import of the same texts, in the
same run. With --memory, each size is imported once more in a fresh child process, which
reports its peak RSS (VmHWM of /proc/self/status; getrusage's ru_maxrss would carry the
parent's over) before and after the import: flat means the peak does not grow with the file.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from environment import ROOT, benchmark_database, seed_sized_articles

if TYPE_CHECKING:
    from claims.segmentation import SentenceSpan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="median of this many (at least 3)")
    parser.add_argument(
        "--memory", default="", help="article counts, comma separated, for peak RSS (250,4000)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # a file to import
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        import_in_this_process(options.child, database=options.database)
        return
    with benchmark_database():
        run(count=options.articles, runs=max(3, options.runs))
        if options.memory:
            measure_memory([int(n) for n in options.memory.split(",")])


def run(*, count: int, runs: int) -> None:
    from django.db import connection

    from claims.segmentation import SEGMENTER_NAME, split_sentences

    texts = seed_sized_articles(count)
    jsonl = "".join(json.dumps({"id": f"a{n}", "text": t}) + "\n" for n, t in enumerate(texts))
    characters = sum(len(text) for text in texts)
    spans = [split_sentences(text) for text in texts]  # also warms the segmenter up
    sentences = sum(len(article_spans) for article_spans in spans)
    labelled = "".join(labelled_lines(texts, spans))
    labels = labelled.count('"annotator"')
    print(
        f"{count:,} articles, {characters:,} characters, {sentences:,} sentences, "
        f"{labels:,} labels when labelled; "
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
            "labelled, one .jsonl": lambda: import_jsonl(labelled),
        }
        timings = measure(actions, runs=runs)
    report(timings, articles=count, sentences=sentences)
    labelled_seconds, plain = timings["labelled, one .jsonl"], timings["import_files, one .jsonl"]
    print(
        f"labelled import of {labels:,} labels: {labelled_seconds:.2f} s, "
        f"{labelled_seconds / plain:.2f}x the plain .jsonl import of the same texts "
        f"({labels / labelled_seconds:,.0f} labels/s)"
    )


def measure(actions: dict[str, Callable[[], None]], *, runs: int) -> dict[str, float]:
    """Median seconds of each action, each time into a new, empty project. Runs take turns,
    so a busy machine slows every action alike rather than whichever ran then."""
    from claims.models import Project
    from claims.projects import create_project

    seconds: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            empty_tables()
            Project.objects.filter(slug="benchmark").delete()
            add_annotators(create_project(name="Benchmark", slug="benchmark"))
            started = time.perf_counter()
            action()
            seconds[name].append(time.perf_counter() - started)
    empty_tables()
    Project.objects.filter(slug="benchmark").delete()
    return {name: statistics.median(values) for name, values in seconds.items()}


def empty_tables() -> None:
    """Remove every article and label at once: a project's labels protect its label
    scheme from deletion, and the ORM's cascade over them would take longer than the import."""
    from django.db import connection

    from claims.models import Annotation, Article, Attribution, GoldAttribution, GoldLabel, Sentence

    models = (Attribution, GoldAttribution, Annotation, GoldLabel, Sentence, Article)
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


def add_annotators(project: object) -> None:
    """The labels' annotators, as members: an import puts labels on members only."""
    from django.contrib.auth.models import User

    from claims.projects import add_member

    for name in ANNOTATORS:
        user, _ = User.objects.get_or_create(username=name)
        add_member(project=project, user=user, role="annotator")


ANNOTATORS = ("annotator1", "annotator2")
AGREEMENT = 0.8  # the chance that the second annotator gives the first one's label
# claim, attribution, opinion, other: about 13 of a seed article's 28 sentences report a source.
LABELS = {"claim": 9, "attribution": 13, "opinion": 3, "other": 3}
KINDS = ("named_official", "named_organization", "news_media", "anonymous", "vague")


def labelled_lines(texts: list[str], spans: list[list[SentenceSpan]]) -> Iterator[str]:
    """The articles as an export writes them (claims/datasets/rows.py), one line each."""
    epoch = datetime(2025, 1, 1, tzinfo=UTC)
    for number, (text, article_spans) in enumerate(zip(texts, spans, strict=True)):
        chooser = random.Random(number)
        sentences = []
        for index, span in enumerate(article_spans):
            first = chooser.choices(list(LABELS), weights=list(LABELS.values()))[0]
            second = first if chooser.random() < AGREEMENT else chooser.choice(list(LABELS))
            attributions = attributions_in(chooser, text, span) if first == "attribution" else []
            annotations = [
                {
                    "annotator": name,
                    "label": label,
                    "attributions": attributions if label == "attribution" else [],
                    "seconds": round(chooser.uniform(0.5, 20), 2),
                    "updated_at": (
                        epoch + timedelta(seconds=chooser.randrange(2_000_000))
                    ).isoformat(),
                }
                for name, label in zip(ANNOTATORS, (first, second), strict=True)
            ]
            agreed = first == second
            sentences.append(
                {
                    "index": index,
                    "start": span.start,
                    "end": span.end,
                    "text": text[span.start : span.end],
                    "annotations": annotations,
                    "gold": first if agreed else None,
                    "gold_method": "unanimous" if agreed else None,
                    "gold_reviewer": None,
                    "gold_attributions": annotations[0]["attributions"] if agreed else [],
                }
            )
        article = {"id": f"a{number}", "title": f"Report {number}", "outlet": "Press TV"}
        article |= {"text": text, "segmenter": "given", "sentences": sentences}
        yield json.dumps(article) + "\n"


def attributions_in(chooser: random.Random, text: str, span: SentenceSpan) -> list[dict]:
    """One or two attributions with source and cue spans inside the sentence; the second
    of two is relayed by the first one time in three (an outlet citing someone)."""
    count = chooser.choice((1, 1, 2))
    listed = []
    for position in range(count):
        start = span.start + chooser.randrange(max(1, span.end - span.start - 4))
        end = min(span.end, start + chooser.randint(4, 30))
        relayed = position == 1 and chooser.random() < 1 / 3
        listed.append(
            {
                "source": {"start": start, "end": end, "text": text[start:end]},
                "cue": None,
                "kind": chooser.choice(KINDS),
                "entity": f"e{chooser.randint(1, 5)}",
                "via": 0 if relayed else None,
                "embedded": False,
            }
        )
    return listed


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


def measure_memory(counts: list[int]) -> None:
    """Peak RSS of a labelled import of each count of articles, each in a fresh process."""
    from django.db import connection

    from claims.segmentation import split_sentences

    database = connection.settings_dict["NAME"]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            texts = seed_sized_articles(count)
            path = Path(folder, f"labelled-{count}.jsonl")
            with path.open("w", encoding="utf-8") as file:
                for line in labelled_lines(texts, [split_sentences(text) for text in texts]):
                    file.write(line)
            del texts
            connection.close()  # the child connects itself
            command = [sys.executable, __file__, "--child", str(path), "--database", database]
            done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
            if done.returncode != 0:
                sys.exit(f"the import of {count:,} articles failed:\n{done.stderr}")
            results.append((count, path.stat().st_size, json.loads(done.stdout)))
    print(
        f"{'labelled import':16} {'file MB':>8} {'seconds':>8} {'RSS before MB':>14} "
        f"{'peak RSS MB':>12} {'growth MB':>10}"
    )
    for count, size, result in results:
        print(
            f"{count:>7,} articles {size / 2**20:8.1f} {result['seconds']:8.2f} "
            f"{result['base']:14.0f} {result['rss']:12.0f} {result['rss'] - result['base']:10.0f}"
        )


def import_in_this_process(path: Path, *, database: str) -> None:
    """Import one labelled file into a new project; print seconds and RSS figures as JSON."""
    import os

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from claims.imports.articles import import_files
    from claims.projects import create_project

    setup_test_environment(debug=False)
    connection.settings_dict["NAME"] = database
    # A project of its own; the database is dropped at the end.
    project = create_project(name="Memory", slug=f"memory-{path.stem}")
    add_annotators(project)
    before = peak_rss_mb()
    started = time.perf_counter()
    with path.open("rb") as file:
        import_files(project=project, files=[(path.name, file)])
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rss": peak_rss_mb(), "base": before}))


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024  # kB


if __name__ == "__main__":
    main()
