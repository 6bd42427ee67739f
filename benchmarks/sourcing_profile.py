"""How long a sourcing profile takes, from PostgreSQL, in a project of realistic size.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/sourcing_profile.py

Builds 10,000 seed-sized articles of 30 sentences (300,000 sentences) in 20 outlets, with
two annotators' labels on every sentence and attributions on the attribution sentences
(one in five relayed), then times: the profile of one annotator's labels without the
bootstrap (loading included), the bootstrap of 2,000 article resamples for the project
scope alone, and the whole report with bootstraps for the project and every outlet.
Baselines measured in the same run: COPY of the rows a profile of one annotator's labels
reads (each labelled sentence's article and label, and each attribution with its
sentence), the least any profile must bring out of PostgreSQL, and `SELECT count(*)` of
that annotator's annotations.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time

from environment import benchmark_database, seed_sized_articles

# Two more sentences to each seed-sized article, which has 28: 30 in all, as the issue's
# 10,000 articles of 300,000 sentences.
EXTRA = "\n\nThe talks resumed on Monday. Officials did not say when they would end."

SENTENCES = """
    SELECT s.article_id, a.label_id FROM claims_annotation a
    JOIN claims_sentence s ON s.id = a.sentence_id
    JOIN claims_article r ON r.id = s.article_id
    WHERE r.project_id = %(project)s AND a.annotator_id = %(annotator)s AND a.is_current
"""
ATTRIBUTIONS = """
    SELECT s.article_id, t.annotation_id, a.label_id, t.kind_id, t.via, t.embedded, t.entity
    FROM claims_attribution t
    JOIN claims_annotation a ON a.id = t.annotation_id
    JOIN claims_sentence s ON s.id = a.sentence_id
    JOIN claims_article r ON r.id = s.article_id
    WHERE r.project_id = %(project)s AND a.annotator_id = %(annotator)s AND a.is_current
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="median of this many (at least 3)")
    options = parser.parse_args()
    with benchmark_database():
        run(articles=options.articles, runs=max(3, options.runs))


def run(*, articles: int, runs: int) -> None:
    import numpy as np
    from django.contrib.auth.models import User
    from django.db import connection

    from claims.models import Annotation, Attribution, Sentence
    from claims.resampling import bootstrap_articles, permutation_test
    from claims.sourcing.loading import load_labels, profile_report
    from claims.sourcing.metrics import metric_values

    project = build_project(articles)
    print(
        f"{articles:,} articles, {Sentence.objects.count():,} sentences, "
        f"{Annotation.objects.count():,} annotations, {Attribution.objects.count():,} "
        f"attributions; medians of {runs} runs"
    )
    alice = User.objects.get(username="alice")
    loaded = load_labels(project=project, labels="alice")[0]
    rows = loaded.articles.rows
    outlets = np.array(loaded.articles.outlets)
    first, second = rows[outlets == "Outlet 0"], rows[outlets == "Outlet 1"]
    half = len(rows) // 2
    kinds = project.source_kinds.count()

    def statistic(sums, n):
        return metric_values(sums, articles=n, scheme_kinds=kinds)

    parameters = {"project": project.pk, "annotator": alice.pk}

    def copy_baseline() -> None:
        with connection.cursor() as cursor:
            for query in (SENTENCES, ATTRIBUTIONS):
                sql = cursor.mogrify(f"COPY ({query}) TO STDOUT", parameters)
                with cursor.copy(sql) as copy:
                    for _ in copy:
                        pass

    def count_baseline() -> None:
        Annotation.objects.filter(
            sentence__article__project=project, annotator=alice, is_current=True
        ).count()

    measures = {
        "baseline: COPY of the rows read": copy_baseline,
        "baseline: SELECT count(*)": count_baseline,
        "profile, no bootstrap": lambda: profile_report(
            project=project, labels="alice", bootstrap=0, permutations=0
        ),
        "bootstrap 2,000 (project)": lambda: bootstrap_articles(rows, statistic, resamples=2000),
        "profile + all bootstraps": lambda: profile_report(
            project=project, labels="alice", bootstrap=2000, permutations=0
        ),
        "profile + comparisons (190 pairs)": lambda: profile_report(
            project=project, labels="alice", bootstrap=0, permutations=10_000
        ),
        "permutation test, 2 outlets": lambda: permutation_test(
            first, second, statistic, permutations=10_000
        ),
        "permutation test, 2 x 5,000 articles": lambda: permutation_test(
            rows[:half], rows[half:], statistic, permutations=10_000
        ),
        "default: bootstraps + comparisons": lambda: profile_report(
            project=project, labels="alice"
        ),
    }
    timings: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            started = time.perf_counter()
            measure()
            timings[name].append(time.perf_counter() - started)
    for name, values in timings.items():
        print(f"{name:38} {statistics.median(values):8.3f} s")
    comparisons = profile_report(project=project, labels="alice", bootstrap=0)
    print("comparisons:", comparisons["profiles"]["alice"]["warnings"].get("comparisons"))


def build_project(articles: int):
    from django.contrib.auth.models import User

    from claims.imports.articles import import_files
    from claims.models import Annotation, Attribution, Sentence
    from claims.projects import add_member, create_project

    people = [User.objects.create_user(name) for name in ("alice", "bob")]
    project = create_project(name="Benchmark", slug="benchmark")
    for user in people:
        add_member(project=project, user=user, role="annotator")
    lines = "".join(
        json.dumps({"id": f"a{n}", "text": text + EXTRA, "outlet": f"Outlet {n % 20}"}) + "\n"
        for n, text in enumerate(seed_sized_articles(articles))
    )
    import_files(project=project, files=[("a.jsonl", io.BytesIO(lines.encode()))])
    labels = {label.role: label for label in project.labels.all()}
    roles = ["claim", "attribution", "attribution", "opinion", "non_body", "claim"]
    kinds = list(project.source_kinds.values_list("pk", flat=True))
    sentences = Sentence.objects.filter(article__project=project).values_list("pk", "start")
    annotations = Annotation.objects.bulk_create(
        (
            Annotation(sentence_id=pk, annotator=user, label=labels[roles[(pk + i) % len(roles)]])
            for pk, _ in sentences
            for i, user in enumerate(people)
        ),
        batch_size=5000,
    )
    starts = dict(sentences)
    attributions = []
    for annotation in annotations:
        if annotation.label.role != "attribution":
            continue
        pk = annotation.sentence_id
        start = starts[pk]
        attributions.append(
            Attribution(
                annotation=annotation,
                position=0,
                source_start=start,
                source_end=start + 4,
                kind_id=kinds[pk % len(kinds)],
                entity=f"e{pk % 7}",
            )
        )
        if pk % 5 == 0:  # relayed: an outlet citing the source above
            attributions.append(
                Attribution(
                    annotation=annotation,
                    position=1,
                    kind_id=kinds[4],
                    entity="agency",
                    via=None,
                )
            )
            attributions[-2].via = 1
    Attribution.objects.bulk_create(attributions, batch_size=5000)
    # As after a bulk load in production: PostgreSQL plans with fresh statistics.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return project


if __name__ == "__main__":
    main()
