"""How fast, and in how much memory, a project with 1,000,000 annotations exports as a dataset.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/export_dataset.py
    ... benchmarks/export_dataset.py --annotations 100000 --runs 3

Needs PostgreSQL. Builds, in a throwaway database beside the configured one, seed-sized
articles (28 sentences each, imported and segmented as usual), every sentence labelled by
seven annotators (bulk-loaded with COPY, with earlier revisions for one label in ten) and
gold where a majority agrees. Each format is then exported in a fresh child process, as the
download view streams it (chunks counted, not stored); the child reports the export's time,
its bytes and its peak RSS (VmHWM of /proc/self/status: the whole process, interpreter,
Django and pyarrow included; not getrusage's ru_maxrss, which Linux carries over from the
parent across fork and exec, so it would count the builder's memory). Baseline, measured
the same way in the same run: PostgreSQL's own `COPY (SELECT the CSV's rows) TO STDOUT`
read by psycopg. Medians of --runs (at least 3).
Targets: peak RSS under 200 MB; JSON Lines within 4x of the COPY time.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from environment import ROOT, benchmark_database, seed_sized_articles

ANNOTATORS = [f"annotator{n}" for n in range(1, 8)]
MEASURES = ("COPY baseline", "jsonl", "csv", "parquet")
SENTENCES_PER_ARTICLE = 28  # of the seed article; the build reports the real count
# The rows of the CSV export, in its order, as the database alone would produce them.
COPY_QUERY = """
COPY (
  SELECT a.external_id, s.position, s.start, s."end", substr(a.text, s.start + 1,
         s."end" - s.start), u.username, l.key, g.key, n.created_at
  FROM claims_article a
  JOIN claims_sentence s ON s.article_id = a.id
  LEFT JOIN claims_annotation n
    ON n.sentence_id = s.id AND n.is_current AND n.label_id IS NOT NULL
  LEFT JOIN auth_user u ON u.id = n.annotator_id
  LEFT JOIN claims_label l ON l.id = n.label_id
  LEFT JOIN claims_goldlabel gl ON gl.sentence_id = s.id AND gl.is_current
  LEFT JOIN claims_label g ON g.id = gl.label_id
  WHERE a.project_id = %s
  ORDER BY a.id, s.position, u.username
) TO STDOUT (FORMAT csv, HEADER)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--annotations", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="median of this many (at least 3)")
    parser.add_argument("--child", choices=MEASURES, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        measure_in_this_process(options.child, database=options.database)
        return
    with benchmark_database():
        run(annotations=options.annotations, runs=max(3, options.runs))


def run(*, annotations: int, runs: int) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
    started = time.perf_counter()
    counts = build_project(annotations=annotations)
    print(
        f"{counts['articles']:,} articles, {counts['sentences']:,} sentences, "
        f"{counts['annotations']:,} current annotations by {len(ANNOTATORS)} annotators, "
        f"{counts['gold']:,} gold labels; built in {time.perf_counter() - started:.0f} s; "
        f"median of {runs} runs, each in a new process"
    )
    connection.close()  # the children connect themselves
    results: dict[str, list[dict[str, float]]] = {name: [] for name in MEASURES}
    for _ in range(runs):
        for name in MEASURES:  # taking turns, so a busy moment slows all alike
            results[name].append(measure_in_child(name, database=connection.settings_dict["NAME"]))
    report(results)


def build_project(*, annotations: int) -> dict[str, int]:
    import io

    from django.contrib.auth.models import User

    from claims.imports.articles import import_files
    from claims.models import Annotation, Article, GoldLabel, Sentence
    from claims.projects import add_member, create_project

    project = create_project(name="Benchmark", slug="benchmark")
    people = [User.objects.create_user(name) for name in ANNOTATORS]
    for person in people:
        add_member(project=project, user=person, role="annotator")
    articles = math.ceil(annotations / (SENTENCES_PER_ARTICLE * len(ANNOTATORS)))
    texts = seed_sized_articles(articles)
    for start in range(0, articles, 1000):  # a file per thousand, as a newsroom exports
        lines = "".join(
            json.dumps({"id": f"a{start + n}", "text": text, "outlet": "Press TV"}) + "\n"
            for n, text in enumerate(texts[start : start + 1000])
        )
        import_files(project=project, files=[("a.jsonl", io.BytesIO(lines.encode()))])
    labels = [label.pk for label in project.labels.all()]
    sentences = Sentence.objects.filter(article__project=project).values_list("pk", "start", "end")
    copy_labels(list(sentences), people=[p.pk for p in people], labels=labels)
    return {
        "articles": Article.objects.filter(project=project).count(),
        "sentences": len(sentences),
        "annotations": Annotation.objects.filter(is_current=True).count(),
        "gold": GoldLabel.objects.count(),
    }


def copy_labels(sentences: list[tuple[int, int, int]], *, people: list[int], labels: list[int]):
    """COPY annotations and gold: labels skewed as in real projects (most sentences are
    claims or attributions), one annotation in ten with an earlier revision, sources on
    attributions, seconds spent, times over a month."""
    from django.db import connection

    chooser = random.Random(1)
    weights = [5, 3, 1, 1]
    epoch = datetime(2025, 1, 1, tzinfo=UTC)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = "(sentence_id, annotator_id, label_id, is_current, seconds, source_start, "
        columns += "source_end, source_kind, created_at)"
        gold_rows = []
        with raw.copy(f"COPY claims_annotation {columns} FROM STDIN") as copy:
            for pk, start, _ in sentences:
                given = chooser.choices(labels, weights=weights, k=len(people))
                for person, label in zip(people, given, strict=True):
                    moment = epoch + timedelta(seconds=chooser.randrange(30 * 86400))
                    if chooser.random() < 0.1:
                        copy.write_row((pk, person, labels[3], False, 2.0, None, None, "", moment))
                    source = (start, start + 5, "named_person") if label == labels[1] else None
                    seconds = round(chooser.uniform(0.5, 20), 2)
                    copy.write_row(
                        (pk, person, label, True, seconds, *(source or (None, None, "")), moment)
                    )
                top = max(set(given), key=given.count)
                if 2 * given.count(top) > len(given):
                    method = "unanimous" if given.count(top) == len(given) else "majority"
                    gold_rows.append((pk, top, method, "", True))
        with raw.copy(
            "COPY claims_goldlabel (sentence_id, label_id, method, note, is_current) FROM STDIN"
        ) as copy:
            for row in gold_rows:
                copy.write_row(row)
        cursor.execute("ANALYZE")


def measure_in_child(name: str, *, database: str) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", name, "--database", database]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"{name} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def measure_in_this_process(name: str, *, database: str) -> None:
    """One export in a fresh process; prints seconds, bytes and RSS figures as JSON."""
    import os

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    connection.settings_dict["NAME"] = database
    from claims.datasets.export import export_dataset
    from claims.models import Project

    project = Project.objects.get(slug="benchmark")
    if name == "parquet":
        # A server has pyarrow loaded: its first array pulls ~50 MB of library code in.
        import pyarrow

        pyarrow.array(["warm"])
    before = peak_rss_mb()
    started = time.perf_counter()
    if name == "COPY baseline":
        size = copy_out(project.pk)
    else:
        size = sum(len(chunk) for chunk in export_dataset(project=project, format=name))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "bytes": size, "rss": peak_rss_mb(), "base": before}))


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024  # kB


def copy_out(project_id: int) -> int:
    from django.db import connection

    size = 0
    with connection.cursor() as cursor, cursor.cursor.copy(COPY_QUERY, (project_id,)) as copy:
        for block in copy:
            size += len(block)
    return size


def report(results: dict[str, list[dict[str, float]]]) -> None:
    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in results[name])

    baseline = median("COPY baseline", "seconds")
    print(f"{'':14} {'seconds':>8} {'x COPY':>7} {'MB':>8} {'peak RSS MB':>12} {'before MB':>10}")
    for name in MEASURES:
        seconds = median(name, "seconds")
        print(
            f"{name:14} {seconds:8.2f} {seconds / baseline:7.2f} "
            f"{median(name, 'bytes') / 1e6:8.1f} {median(name, 'rss'):12.0f} "
            f"{median(name, 'base'):10.0f}"
        )
    jsonl, rss = median("jsonl", "seconds") / baseline, max(median(n, "rss") for n in MEASURES)
    print(
        f"targets: JSON Lines {jsonl:.2f}x COPY (at most 4x: {'met' if jsonl <= 4 else 'MISSED'}); "
        f"peak RSS {rss:.0f} MB (under 200 MB: {'met' if rss < 200 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
