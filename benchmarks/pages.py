"""How long a 10,000-article project's pages take: the project page (a page of articles,
a search, the annotator's progress filter, each alone, together and on a late page), the
link to the next article to annotate, and the sourcing profile page with its bootstrap
cached.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/pages.py

Builds the same project as sourcing_profile.py (10,000 seed-sized articles in 20 outlets,
two annotators, attributions), takes back alice's labels in the last tenth of the
articles (all of them in every other article, the second half of the sentences in the
rest: 9,000 articles done, 500 started, 500 not started), computes the full profile once
(as the background job would), then times each page: the project page and the next
article as alice sees them, and the profile page as a reviewer sees it (the
fingerprint, one cache read and the rendering of the tables and charts), the poll that
finds the results, and the CSV download. Baseline in the same run: the account page,
the smallest signed-in page. Through Django's test client: server time, no network.
"""

from __future__ import annotations

import argparse
import statistics
import time

from environment import benchmark_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="median of this many (at least 3)")
    options = parser.parse_args()
    with benchmark_database():
        run(articles=options.articles, runs=max(3, options.runs))


def run(*, articles: int, runs: int) -> None:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse
    from sourcing_profile import build_project

    from claims.agreement.selection import AgreementFilters
    from claims.projects import add_member
    from claims.sourcing import cache
    from claims.sourcing.cache import Settings

    project = build_project(articles)
    leave_unfinished(project=project, annotator=User.objects.get(username="alice"))
    reviewer = User.objects.create_user("rita")
    add_member(project=project, user=reviewer, role="reviewer")
    client = Client()
    client.force_login(reviewer)
    annotator = Client()
    annotator.force_login(User.objects.get(username="alice"))
    settings = Settings(labels="alice", filters=AgreementFilters())
    started = time.perf_counter()
    cache.compute_full(project_id=project.pk, settings=settings)
    print(
        f"{articles:,} articles; the full profile (the background job) took "
        f"{time.perf_counter() - started:.2f} s"
    )
    page = reverse("profile", args=[project.slug])
    project_page = reverse("project", args=[project.slug])
    query = {"labels": "alice"}

    next_article = reverse("next_article", args=[project.slug])

    def timed(url: str, query: dict[str, str], **headers: str) -> float:
        started = time.perf_counter()
        who = annotator if url in (project_page, next_article) else client
        response = who.get(url, query, **headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == (302 if url == next_article else 200), url
        return elapsed

    # "a9" finds the ids a9, a90-a99, a900-a999 and a9000-a9999: 1,111 articles, among
    # them all of alice's unfinished ones.
    search = {"q": "a9"}
    cases = {
        "account page (baseline)": (reverse("account"), {}, {}),
        "project page, first 50 articles": (project_page, {}, {}),
        "project page, page 100": (project_page, {"page": "100"}, {}),
        "project page, search": (project_page, search, {}),
        **{
            f"project page, {progress}{case}": (project_page, {"progress": progress} | query, {})
            for progress, late in (("todo", "10"), ("started", "10"), ("done", "100"))
            for case, query in (
                ("", {}),
                (", search", search),
                (f", page {late}", {"page": late}),
            )
        },
        "next article (alice 95 % done)": (next_article, {}, {}),
        "profile page, bootstrap cached": (page, query, {}),
        "poll finding the results": (page, query, {"HTTP_HX_REQUEST": "true"}),
        "CSV download, cached": (reverse("profile_csv", args=[project.slug]), query, {}),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for url, query_, headers in cases.values():
        timed(url, query_, **headers)  # warm
    for _ in range(runs):  # interleaved, so that noise hits every case alike
        for name, (url, query_, headers) in cases.items():
            times[name].append(timed(url, query_, **headers))
    baseline = statistics.median(times["account page (baseline)"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:40} {median * 1000:8.1f} ms  ({median / baseline:5.1f}x baseline)")


def leave_unfinished(*, project, annotator) -> None:
    """Take back the annotator's labels in the last tenth of the project's articles: all
    of them in every other article, those of the second half of its sentences in the
    rest. The annotator has then labelled almost everything, the next article to
    annotate is the first of that tenth, and every progress filter finds some."""
    from django.db import connection

    from claims.models import Annotation, Article

    articles = list(Article.objects.filter(project=project).order_by("pk"))
    tail = articles[len(articles) * 9 // 10 :]
    mine = Annotation.objects.filter(annotator=annotator)
    mine.filter(sentence__article__in=tail[::2]).delete()
    mine.filter(sentence__article__in=tail[1::2], sentence__position__gte=15).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
