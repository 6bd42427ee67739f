"""How long the team progress page and its API take on a 10,000-article, 20-annotator
project.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/progress.py

Builds 10,000 seed-sized articles (about 300,000 sentences), 20 annotators and a reviewer
(k = 2): each article is labelled through by two annotators in turn, with a time per
sentence, except the last tenth, where the second stopped half way (9,000 articles done
by k, 1,000 in progress): about 600,000 labels. The agreement page's report is computed
once (as the agreement page would store it), then the progress page (first page, the
"incomplete" filter, a late page) and the API are timed as the reviewer sees them, and
the page as an annotator sees it. Baseline in the same run: the account page, the
smallest signed-in page. Through Django's test client: server time, no network.
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
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7, help="median of this many (at least 3)")
    options = parser.parse_args()
    with benchmark_database():
        run(articles=options.articles, annotators=options.annotators, runs=max(3, options.runs))


def build_team_project(*, articles: int, annotators: int):
    from django.contrib.auth.models import User
    from django.db import connection

    from claims.imports.articles import import_files
    from claims.models import Annotation, Article
    from claims.projects import add_member, create_project

    project = create_project(name="Benchmark", slug="benchmark")
    people = [User.objects.create_user(f"annotator{n:02}") for n in range(annotators)]
    for person in people:
        add_member(project=project, user=person, role="annotator")
    lines = "".join(
        json.dumps({"id": f"a{n}", "text": text}) + "\n"
        for n, text in enumerate(seed_sized_articles(articles))
    )
    import_files(project=project, files=[("a.jsonl", io.BytesIO(lines.encode()))])
    labels = list(project.labels.all())
    ordered = Article.objects.filter(project=project).order_by("pk").prefetch_related("sentences")
    tail = articles * 9 // 10

    def rows():
        for index, article in enumerate(ordered.iterator(chunk_size=500)):
            sentences = list(article.sentences.all())
            pair = (people[index % annotators], people[(index + 1) % annotators])
            for turn, person in enumerate(pair):
                upto = len(sentences) // 2 if index >= tail and turn == 1 else len(sentences)
                for sentence in sentences[:upto]:
                    yield Annotation(
                        sentence=sentence,
                        annotator=person,
                        label=labels[(sentence.pk + turn * (sentence.pk % 7 == 0)) % len(labels)],
                        seconds=2.0 + (sentence.pk * 7 + turn) % 13,
                    )

    Annotation.objects.bulk_create(rows(), batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return project, people


def run(*, articles: int, annotators: int, runs: int) -> None:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from claims.agreement import cache
    from claims.agreement.selection import AgreementFilters
    from claims.models import Annotation
    from claims.projects import add_member

    started = time.perf_counter()
    project, people = build_team_project(articles=articles, annotators=annotators)
    reviewer = User.objects.create_user("rita")
    add_member(project=project, user=reviewer, role="reviewer")
    print(
        f"{articles:,} articles, {annotators} annotators, "
        f"{Annotation.objects.count():,} labels; built in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    filters = AgreementFilters()
    keys = cache.keys_for(
        project=project, filters=filters, resamples=cache.DEFAULT_RESAMPLES, seed=0
    )
    cache.fill_report(keys=keys, project=project, filters=filters)
    print(
        f"the agreement report (stored as the agreement page does) took "
        f"{time.perf_counter() - started:.2f} s"
    )
    as_reviewer, as_annotator = Client(), Client()
    as_reviewer.force_login(reviewer)
    as_annotator.force_login(people[0])
    page = reverse("progress", args=[project.slug])
    api = f"/api/v1/projects/{project.slug}/progress/"
    cases = {
        "account page (baseline)": (as_reviewer, reverse("account"), {}),
        "progress page, reviewer": (as_reviewer, page, {}),
        "progress page, incomplete": (as_reviewer, page, {"show": "incomplete"}),
        "progress page, page 150": (as_reviewer, page, {"page": "150"}),
        "progress page, annotator (own row)": (as_annotator, page, {}),
        "progress API, reviewer": (as_reviewer, api, {}),
        "project page, reviewer": (as_reviewer, reverse("project", args=[project.slug]), {}),
    }

    def timed(client, url, query) -> float:
        started = time.perf_counter()
        response = client.get(url, query)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, url
        return elapsed

    times: dict[str, list[float]] = {name: [] for name in cases}
    for client, url, query in cases.values():
        timed(client, url, query)  # warm
    for _ in range(runs):  # interleaved, so that noise hits every case alike
        for name, (client, url, query) in cases.items():
            times[name].append(timed(client, url, query))
    baseline = statistics.median(times["account page (baseline)"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:40} {median * 1000:8.1f} ms  ({median / baseline:5.1f}x baseline)")


if __name__ == "__main__":
    main()
