"""How long a sourcing profile takes, from PostgreSQL, in a project of realistic size.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/sourcing_profile.py

Builds 10,000 seed-sized articles (about 280,000 sentences) in 20 outlets, with two
annotators' labels on every sentence and attributions on the attribution sentences (one
in five relayed), then times: the profile without the bootstrap (loading included), the
loading alone, the bootstrap of 2,000 article resamples for the project scope alone, and
the whole report with bootstraps for the project and every outlet. Baseline measured in the
same run: one `SELECT count(*)` over the annotations, the least any profile must read.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time

from environment import benchmark_database, seed_sized_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="median of this many (at least 3)")
    options = parser.parse_args()
    with benchmark_database():
        run(articles=options.articles, runs=max(3, options.runs))


def run(*, articles: int, runs: int) -> None:
    from claims.models import Annotation, Attribution
    from claims.resampling import bootstrap_articles
    from claims.sourcing.counts import Kind, article_row
    from claims.sourcing.loading import load_labels, profile_report
    from claims.sourcing.metrics import metric_values

    project = build_project(articles)
    print(
        f"{articles:,} articles, {Annotation.objects.count():,} annotations, "
        f"{Attribution.objects.count():,} attributions; medians of {runs} runs"
    )
    kinds = [
        Kind(key, source_class, media)
        for key, source_class, media in project.source_kinds.values_list(
            "key", "source_class", "media"
        )
    ]
    loaded = load_labels(project=project, labels="alice")[0]

    import numpy as np

    rows = np.vstack([article_row(a.sentences, kinds=kinds) for a in loaded.articles])

    def statistic(sums, n):
        return metric_values(sums, articles=n, scheme_kinds=len(kinds))

    def count_baseline() -> None:
        Annotation.objects.filter(sentence__article__project=project).count()

    measures = {
        "SELECT count(*) baseline": count_baseline,
        "load one annotator's labels": lambda: load_labels(project=project, labels="alice"),
        "profile, no bootstrap": lambda: profile_report(
            project=project, labels="alice", bootstrap=0
        ),
        "bootstrap 2,000 (project)": lambda: bootstrap_articles(rows, statistic, resamples=2000),
        "profile + all bootstraps": lambda: profile_report(
            project=project, labels="alice", bootstrap=2000
        ),
    }
    timings: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            started = time.perf_counter()
            measure()
            timings[name].append(time.perf_counter() - started)
    for name, values in timings.items():
        print(f"{name:30} {statistics.median(values):8.3f} s")


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
        json.dumps({"id": f"a{n}", "text": text, "outlet": f"Outlet {n % 20}"}) + "\n"
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
