"""How fast, and in how much memory, a project with 1,000,000 annotations exports as a dataset.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/export_dataset.py
    ... benchmarks/export_dataset.py --annotations 100000 --runs 3

Needs PostgreSQL. Builds, in a throwaway database beside the configured one, seed-sized
articles (28 sentences each, imported and segmented as usual), every sentence labelled by
seven annotators, bulk-loaded with COPY: about 13 sentences of 28 are attributions, with
one or two attributions each (source and cue spans inside the sentence, kinds among the
default source kinds, entity ids linking an article's sources, one pair in three relayed
by an outlet), one claim in four has an embedded attribution, one label in ten an earlier
revision; gold where a majority agrees, with the attributions of its earliest agreeing
annotation. Each format is then exported in a fresh child process, as the download view
streams it (chunks counted, not stored); the child reports the export's time, its bytes
and its peak RSS (VmHWM of /proc/self/status: the whole process, interpreter, Django and
pyarrow included; not getrusage's ru_maxrss, which Linux carries over from the parent
across fork and exec, so it would count the builder's memory). Baseline, measured the same
way in the same run: PostgreSQL's own `COPY (SELECT the CSV's rows) TO STDOUT` read by
psycopg, one row per sentence, annotator and attribution with the source and cue texts cut
out of the article, as the CSV has them, with JIT compilation off as the export has it.
Medians of --runs (at least 3).
Targets, for every format: within 1.3x of the COPY time, and peak RSS under 150 MB.
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
# What a sentence is, in the default scheme's order (claim, attribution, opinion, other):
# about 13 of a seed article's 28 sentences report a source.
LABEL_WEIGHTS = (9, 13, 3, 3)
AGREEMENT = 0.8  # the chance that an annotator gives the sentence's label
# How often each default source kind is met, in DEFAULT_SOURCE_KINDS order.
KIND_WEIGHTS = {
    "named_official": 30,
    "named_individual": 10,
    "named_organization": 15,
    "document": 5,
    "news_media": 15,
    "outlet_self": 2,
    "anonymous": 10,
    "vague": 10,
    "other": 3,
}
SOURCES_PER_ARTICLE = 5  # entities e1..e5; e0 is the outlet that relays others
TARGET_RATIO, TARGET_MB = 1.3, 150
# The rows of the CSV export, in its order, as the database alone would produce them: one
# per sentence, annotator and attribution (an annotation without attributions takes one
# row), then the gold attributions' rows. The export also gives a sentence without
# annotations one row; every sentence here has annotations, so this query need not.
# Each sentence's text is cut from its article once, and source and cue texts from the
# sentence's text when they lie inside it: substr() on the article for every row detoasts
# the article again and walks its multibyte text from the start, which measured 4-5x
# slower and would flatter the export's ratio.
COPY_QUERY = """
COPY (
  WITH sentences AS MATERIALIZED (
    SELECT a.id AS article_id, a.external_id, a.text AS article_text, s.id, s.position,
           s.start, s."end", substr(a.text, s.start + 1, s."end" - s.start) AS text
    FROM claims_article a
    JOIN claims_sentence s ON s.article_id = a.id
    WHERE a.project_id = %s
  ),
  labelled AS (
    SELECT n.sentence_id, false AS is_gold, u.username, l.key AS label, n.created_at,
           t.position, t.source_start, t.source_end, t.kind_id, t.cue_start, t.cue_end,
           t.entity, t.via, t.embedded
    FROM claims_annotation n
    JOIN auth_user u ON u.id = n.annotator_id
    JOIN claims_label l ON l.id = n.label_id
    LEFT JOIN claims_attribution t ON t.annotation_id = n.id
    WHERE n.is_current
    UNION ALL
    SELECT gl.sentence_id, true, NULL, NULL, NULL, t.position, t.source_start,
           t.source_end, t.kind_id, t.cue_start, t.cue_end, t.entity, t.via, t.embedded
    FROM claims_goldlabel gl
    JOIN claims_goldattribution t ON t.gold_id = gl.id
    WHERE gl.is_current
  )
  SELECT s.external_id, s.position, s.start, s."end", s.text, r.username,
         CASE WHEN r.is_gold THEN g.key ELSE r.label END, g.key, r.created_at,
         coalesce(r.is_gold, false), r.position, r.source_start, r.source_end,
         CASE WHEN r.source_start >= s.start AND r.source_end <= s."end"
              THEN substr(s.text, r.source_start - s.start + 1, r.source_end - r.source_start)
              ELSE substr(s.article_text, r.source_start + 1, r.source_end - r.source_start)
         END,
         k.key, r.cue_start, r.cue_end,
         CASE WHEN r.cue_start >= s.start AND r.cue_end <= s."end"
              THEN substr(s.text, r.cue_start - s.start + 1, r.cue_end - r.cue_start)
              ELSE substr(s.article_text, r.cue_start + 1, r.cue_end - r.cue_start)
         END,
         r.entity, r.via, r.embedded
  FROM sentences s
  LEFT JOIN labelled r ON r.sentence_id = s.id
  LEFT JOIN claims_sourcekind k ON k.id = r.kind_id
  LEFT JOIN claims_goldlabel gl ON gl.sentence_id = s.id AND gl.is_current
  LEFT JOIN claims_label g ON g.id = gl.label_id
  ORDER BY s.article_id, s.position, r.is_gold, r.username, r.position
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
        f"{counts['annotations']:,} current annotations by {len(ANNOTATORS)} annotators "
        f"with {counts['attributions']:,} attributions, {counts['gold']:,} gold labels with "
        f"{counts['gold attributions']:,} attributions; "
        f"built in {time.perf_counter() - started:.0f} s; "
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
    from claims.models import Annotation, Article, Attribution, GoldAttribution, GoldLabel, Sentence
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
    sentences = list(
        Sentence.objects.filter(article__project=project)
        .order_by("article_id", "position")
        .values_list("pk", "article_id", "start", "end")
    )
    kinds = dict(project.source_kinds.values_list("key", "pk"))
    labels = list(project.labels.order_by("position").values_list("pk", flat=True))
    copy_labels(sentences, people=[p.pk for p in people], labels=labels, kinds=kinds)
    return {
        "articles": Article.objects.filter(project=project).count(),
        "sentences": len(sentences),
        "annotations": Annotation.objects.filter(is_current=True).count(),
        "attributions": Attribution.objects.filter(annotation__is_current=True).count(),
        "gold": GoldLabel.objects.count(),
        "gold attributions": GoldAttribution.objects.count(),
    }


type AttributionRow = tuple[
    int | None, int | None, int | None, int | None, int, str, int | None, bool
]


def copy_labels(
    sentences: list[tuple[int, int, int, int]],
    *,
    people: list[int],
    labels: list[int],
    kinds: dict[str, int],
) -> None:
    """COPY annotations, attributions, gold and gold attributions. Each sentence has a
    label most annotators give (LABEL_WEIGHTS); an attribution sentence has one or two
    attributions, and one claim in four an embedded one. One annotation in ten has an
    earlier revision; seconds spent; times over a month."""
    from django.db import connection

    chooser = random.Random(1)
    epoch = datetime(2025, 1, 1, tzinfo=UTC)
    attribution_label = labels[1]
    attribution_rows, gold_rows, gold_attribution_rows = [], [], []
    entities: dict[str, int] = {}
    article = None
    annotation_id = gold_id = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = "(id, sentence_id, annotator_id, label_id, is_current, seconds, created_at)"
        with raw.copy(f"COPY claims_annotation {columns} FROM STDIN") as copy:
            for pk, article_id, start, end in sentences:
                if article_id != article:  # each article quotes a handful of sources
                    article, entities = article_id, article_sources(chooser, kinds)
                truth = chooser.choices(labels, weights=LABEL_WEIGHTS)[0]
                # What the sentence reports, and what a careful annotator marks of it.
                sources = sentence_attributions(chooser, start, end, entities)
                embedded = truth == labels[0] and chooser.random() < 0.25  # in a claim's clause
                marked = [(*sources[0][:7], True)] if embedded else []
                given, attributed = [], []
                for person in people:
                    label = truth
                    if chooser.random() > AGREEMENT:
                        label = chooser.choices(labels, weights=LABEL_WEIGHTS)[0]
                    moment = epoch + timedelta(seconds=chooser.randrange(30 * 86400))
                    if chooser.random() < 0.1:
                        annotation_id += 1
                        copy.write_row((annotation_id, pk, person, labels[3], False, 2.0, moment))
                    annotation_id += 1
                    seconds = round(chooser.uniform(0.5, 20), 2)
                    copy.write_row((annotation_id, pk, person, label, True, seconds, moment))
                    own = annotator_attributions(
                        chooser, sources if label == attribution_label else marked, kinds
                    )
                    attribution_rows += [(annotation_id, n, *a) for n, a in enumerate(own)]
                    given.append(label)
                    attributed.append(own)
                top = max(set(given), key=given.count)
                if 2 * given.count(top) > len(given):
                    gold_id += 1
                    method = "unanimous" if given.count(top) == len(given) else "majority"
                    gold_rows.append((gold_id, pk, top, method, "", True))
                    # As automatic gold does: the earliest agreeing annotation's attributions.
                    earliest = attributed[given.index(top)]
                    gold_attribution_rows += [(gold_id, n, *a) for n, a in enumerate(earliest)]
        copy_rows(
            raw, "claims_goldlabel (id, sentence_id, label_id, method, note, is_current)", gold_rows
        )
        fields = (
            "position, source_start, source_end, cue_start, cue_end, kind_id, entity, via, embedded"
        )
        copy_rows(raw, f"claims_attribution (annotation_id, {fields})", attribution_rows)
        copy_rows(raw, f"claims_goldattribution (gold_id, {fields})", gold_attribution_rows)
        for table in ("claims_annotation", "claims_goldlabel"):  # ids were given above
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        cursor.execute("ANALYZE")


def article_sources(chooser: random.Random, kinds: dict[str, int]) -> dict[str, int]:
    """An article's sources: entity id to kind; e0 is another outlet, which relays."""
    keys = chooser.choices(
        list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=SOURCES_PER_ARTICLE
    )
    return {"e0": kinds["news_media"]} | {f"e{n}": kinds[key] for n, key in enumerate(keys, 1)}


def sentence_attributions(
    chooser: random.Random, start: int, end: int, entities: dict[str, int]
) -> list[AttributionRow]:
    """One or two attributions, spans inside the sentence [start, end); the second one
    of two is either a source of its own or, one time in three, relayed by the first (an
    outlet citing someone)."""
    count = chooser.choice((1, 1, 2))
    relayed = count == 2 and chooser.random() < 1 / 3
    marked: list[AttributionRow] = []
    for position in range(count):
        entity = (
            "e0" if relayed and position == 0 else f"e{chooser.randint(1, SOURCES_PER_ARTICLE)}"
        )
        source = span(chooser, start, end, 4, 30) if chooser.random() < 0.95 else (None, None)
        cue = span(chooser, start, end, 4, 12) if chooser.random() < 0.9 else (None, None)
        via = 0 if relayed and position == 1 else None
        marked.append((*source, *cue, entities[entity], entity, via, False))
    return marked


def annotator_attributions(
    chooser: random.Random, marked: list[AttributionRow], kinds: dict[str, int]
) -> list[AttributionRow]:
    """What one annotator marks of `marked`: the same, one time in ten with another kind."""
    own = list(marked)
    if own and chooser.random() < 0.1:
        other = chooser.choice(list(kinds.values()))
        own[0] = (*own[0][:4], other, *own[0][5:])
    return own


def span(
    chooser: random.Random, start: int, end: int, shortest: int, longest: int
) -> tuple[int, int]:
    """A non-empty span of [start, end), shortest to longest characters where it fits."""
    first = start + chooser.randrange(max(1, end - start - shortest))
    return first, min(end, first + chooser.randint(shortest, longest))


def copy_rows(raw, table: str, rows: list[tuple]) -> None:
    with raw.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


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
        # A server has pyarrow loaded (~40 MB of library code), so "before" counts it.
        import pyarrow.parquet  # noqa: F401
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
    with connection.cursor() as cursor:
        # As the export does (claims/datasets/postgres.py): compiling this query with LLVM
        # would put seconds of JIT into the baseline, flattering every ratio.
        cursor.execute("SET jit = off")
        with cursor.cursor.copy(COPY_QUERY, (project_id,)) as copy:
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
    for name in MEASURES[1:]:
        ratio, rss = median(name, "seconds") / baseline, median(name, "rss")
        print(
            f"target {name}: {ratio:.2f}x COPY (at most {TARGET_RATIO}x: "
            f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}); peak RSS {rss:.0f} MB "
            f"(under {TARGET_MB} MB: {'met' if rss < TARGET_MB else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
