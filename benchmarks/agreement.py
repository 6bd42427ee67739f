"""How long the agreement measures take for 200,000 sentences labelled by 5 annotators.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/agreement.py

Loads the sentences (across 7,000 articles) with 4 labels and 20% of labels missing into
a throwaway PostgreSQL database with COPY, then times, as medians of several runs:
every measure except the bootstrap, from the database (agreement_report with no
bootstrap; target under 3 s); the same measures from arrays, beside the `krippendorff`
package's alpha on the same data (target: faster); and the bootstrap of both alphas,
1,000 resamples of articles (the default) and of sentences (target under 10 s). Then the
agreement page through Django's test client, as a reviewer: the first view (it computes
the report, and the immediate task backend runs the bootstrap inline) and the median of
repeat views with both cached (target under 0.5 s), beside the query that fingerprints
the data for the cache keys, without and with an index that only this throwaway database
gets. `--units 20000` gives a quicker run.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import statistics
import time
from collections.abc import Callable

import numpy as np
from environment import benchmark_database

ANNOTATORS = 5
LABELS = ("claim", "attribution", "opinion", "other")
PREVALENCE = (0.4, 0.3, 0.2, 0.1)  # of the true labels; the rarest shows the paradox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=200_000, help="sentences to label")
    parser.add_argument("--articles", type=int, default=7_000)
    parser.add_argument("--runs", type=int, default=5, help="median of this many (at least 3)")
    options = parser.parse_args()
    with benchmark_database():
        run(units=options.units, articles=options.articles, runs=max(3, options.runs))


def run(*, units: int, articles: int, runs: int) -> None:
    import krippendorff
    from django.db import connection

    from claims.agreement import agreement_report, load_agreement, load_ratings
    from claims.agreement.bootstrap import Intervals
    from claims.agreement.measures import MISSING, count_labels, krippendorff_alpha
    from claims.agreement.report import build_report, compute_intervals
    from claims.agreement.sources.section import sources_section

    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark loads data with COPY: set DATABASE_URL=postgres://...")
    started = time.perf_counter()
    project, codes = build_project(units=units, articles=min(articles, units))
    ratings, sources = load_agreement(project=project)
    print(
        f"{units:,} sentences in {min(articles, units):,} articles, {ANNOTATORS} annotators, "
        f"{len(LABELS)} labels, {np.count_nonzero(codes != MISSING):,} labels given "
        f"(set up in {time.perf_counter() - started:.0f} s); median of {runs} runs"
    )
    not_run = Intervals.not_run("not run")
    # The package wants annotators × units, with NaN for a missing label.
    reliability = np.where(ratings.codes == MISSING, np.nan, ratings.codes).T.astype(float)
    domain = list(range(len(LABELS)))
    timings = measure(
        {
            "all measures but the bootstrap, from the database": lambda: agreement_report(
                project=project, bootstrap=0
            ),
            "  of which loading the labels": lambda: load_ratings(project=project),
            "all measures but the bootstrap, from arrays": lambda: build_report(
                project=project.slug, ratings=uncounted(ratings), sources=sources, intervals=not_run
            ),
            "  of which the sources section": lambda: sources_section(marks=sources),
            "alpha alone, from arrays": lambda: krippendorff_alpha(
                counts=count_labels(codes=ratings.codes, categories=len(LABELS))
            ),
            "krippendorff package's alpha": lambda: krippendorff.alpha(
                reliability_data=reliability, level_of_measurement="nominal"
            ),
            "krippendorff package's alpha, domain given": lambda: krippendorff.alpha(
                reliability_data=reliability, value_domain=domain, level_of_measurement="nominal"
            ),
            "bootstrap, 1,000 resamples of articles": lambda: compute_intervals(
                ratings=ratings, sources=sources, resamples=1000, seed=0, resample="articles"
            ),
            "bootstrap, 1,000 resamples of sentences": lambda: compute_intervals(
                ratings=ratings, sources=sources, resamples=1000, seed=0, resample="sentences"
            ),
        },
        runs=runs,
    )
    check_same_alpha(ratings, reliability)
    report(timings)
    report_page(time_page(project, runs=runs))
    report_fingerprint(time_fingerprint(project, runs=runs))


def uncounted(ratings):
    """A copy of `ratings` without its cached counts, so timings include counting."""
    return dataclasses.replace(ratings)  # a new instance: cached properties are not copied


def build_project(*, units: int, articles: int):
    """A project whose current labels are the returned units × annotators code matrix,
    written with COPY (a per-row ORM insert would take minutes)."""
    from django.contrib.auth.models import User
    from django.db import connection

    from claims.agreement.measures import MISSING
    from claims.models import Annotation, Article, Sentence
    from claims.projects import create_project

    project = create_project(name="Benchmark", slug="benchmark", labels=LABELS)
    people = np.array([User.objects.create_user(f"annotator{n}").pk for n in range(ANNOTATORS)])
    labels = np.array([label.pk for label in project.labels.all()])
    codes = simulated_codes(units=units)
    sentences = insert_sentences(project, units=units, articles=articles)
    unit, column = np.nonzero(codes != MISSING)
    copy_columns(
        Annotation,
        {
            "sentence_id": sentences[unit],
            "annotator_id": people[column],
            "label_id": labels[codes[unit, column]],
            "is_current": np.ones(len(unit), dtype=bool),
        },
    )
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would have by now on a real database.
        tables = (Article, Sentence, Annotation)
        cursor.execute(f"ANALYZE {', '.join(model._meta.db_table for model in tables)}")
    return project, codes


def insert_sentences(project, *, units: int, articles: int) -> np.ndarray:
    """`units` sentences spread evenly over `articles` minimal articles; their ids."""
    from claims.models import Article, Sentence

    Article.objects.bulk_create(
        (
            Article(project=project, external_id=f"a{n}", text="x", segmenter="benchmark")
            for n in range(articles)
        ),
        batch_size=5000,
    )
    article_ids = np.array(project.articles.order_by("pk").values_list("pk", flat=True))
    owner = np.arange(units) * articles // units  # consecutive sentences share an article
    position = np.arange(units) - np.searchsorted(owner, owner)
    columns = {"article_id": article_ids[owner], "position": position, "start": position}
    copy_columns(Sentence, {**columns, "end": position + 1})
    sentences = Sentence.objects.filter(article__project=project)
    return np.array(sentences.order_by("article_id", "position").values_list("pk", flat=True))


def simulated_codes(*, units: int, seed: int = 0) -> np.ndarray:
    """Each annotator gives the sentence's true label 75% of the time and a random one
    otherwise; 20% of the labels are missing."""
    from claims.agreement.measures import MISSING

    rng = np.random.default_rng(seed)
    truth = rng.choice(len(LABELS), size=(units, 1), p=PREVALENCE)
    guesses = rng.integers(0, len(LABELS), size=(units, ANNOTATORS))
    codes = np.where(rng.random((units, ANNOTATORS)) < 0.75, truth, guesses)
    codes[rng.random((units, ANNOTATORS)) < 0.2] = MISSING
    return codes


def copy_columns(model, columns: dict[str, np.ndarray]) -> None:
    """COPY the rows made of `columns` (arrays of equal length) into `model`'s table."""
    from django.db import connection

    names = ", ".join(f'"{name}"' for name in columns)
    statement = f"COPY {model._meta.db_table} ({names}) FROM STDIN"
    rows = zip(*(values.tolist() for values in columns.values()), strict=True)
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def measure(actions: dict[str, Callable[[], object]], *, runs: int) -> dict[str, float]:
    """Median seconds of each action, after one untimed run of each (first calls pay
    for imports and thread pools). Runs take turns, so a busy machine slows every action
    alike rather than whichever ran then."""
    for action in actions.values():
        action()
    seconds: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            seconds[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in seconds.items()}


def check_same_alpha(ratings, reliability: np.ndarray) -> None:
    import krippendorff

    from claims.agreement.measures import krippendorff_alpha

    ours = krippendorff_alpha(counts=ratings.counts).value
    theirs = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
    assert abs(ours - theirs) < 1e-9, (ours, theirs)
    print(f"alpha {ours:.6f}, the same as the krippendorff package's")


def time_page(project, *, runs: int) -> dict[str, float]:
    """Seconds for the first view of the agreement page (empty cache) and the median of
    `runs` repeat views (report and interval cached)."""
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from claims.projects import add_member

    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # a line per task run
    reviewer = User.objects.create_user("reviewer")
    add_member(project=project, user=reviewer, role="reviewer")
    client = Client()
    client.force_login(reviewer)
    page = reverse("agreement", args=[project.slug])
    cache.clear()
    first = timed(lambda: client.get(page))
    repeats = [timed(lambda: client.get(page)) for _ in range(runs)]
    return {"first view": first, "repeat view": statistics.median(repeats)}


def time_fingerprint(project, *, runs: int) -> dict[str, float]:
    """Median seconds of the fingerprint query, then again with an index on
    (sentence_id, id), from which PostgreSQL could read the rows it counts. The index is made
    here only, in the throwaway database; claims/models/ does not declare it. At 200,000
    sentences it changes nothing: every annotation row is in the project, so PostgreSQL
    still joins them all to their sentences and articles (a parallel hash join)."""
    from django.db import connection

    from claims.agreement.cache import data_fingerprint
    from claims.agreement.selection import AgreementFilters
    from claims.models import Annotation

    def fingerprint() -> None:
        data_fingerprint(project=project, filters=AgreementFilters())

    def median() -> float:
        fingerprint()
        return statistics.median(timed(fingerprint) for _ in range(runs))

    table = Annotation._meta.db_table
    with connection.cursor() as cursor:
        # As autovacuum would have by now; an index-only scan needs the visibility map.
        cursor.execute(f"VACUUM ANALYZE {table}")
    timings = {"fingerprint query": median()}
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX benchmark_fingerprint ON {table} (sentence_id, id)")
        cursor.execute(f"VACUUM ANALYZE {table}")
    timings["fingerprint query, index on (sentence_id, id)"] = median()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX benchmark_fingerprint")
    return timings


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def report_page(timings: dict[str, float]) -> None:
    for name, seconds in timings.items():
        print(f"agreement page, {name:38} {seconds:8.3f} s")
    repeat = timings["repeat view"]
    print(f"agreement page, repeat view: {repeat:.3f} s of the 0.5 s target")


def report_fingerprint(timings: dict[str, float]) -> None:
    for name, seconds in timings.items():
        print(f"{name:52} {seconds:8.3f} s")


def report(timings: dict[str, float]) -> None:
    for name, seconds in timings.items():
        print(f"{name:52} {seconds:8.3f} s")
    database = timings["all measures but the bootstrap, from the database"]
    arrays = timings["all measures but the bootstrap, from arrays"]
    alone = timings["alpha alone, from arrays"]
    package = timings["krippendorff package's alpha"]
    package_domain = timings["krippendorff package's alpha, domain given"]
    bootstrap = max(
        timings["bootstrap, 1,000 resamples of articles"],
        timings["bootstrap, 1,000 resamples of sentences"],
    )
    print(
        f"from the database: {database:.2f} s of the 3 s target ({3 / database:.1f}x under)\n"
        f"all our measures vs the package's alpha alone: {package / arrays:.1f}x faster "
        f"({package_domain / arrays:.1f}x when the package is given the domain)\n"
        f"our alpha vs the package's alpha: {package / alone:.0f}x faster "
        f"({package_domain / alone:.0f}x when the package is given the domain)\n"
        f"bootstrap: {bootstrap:.2f} s of the 10 s target ({10 / bootstrap:.0f}x under)"
    )


if __name__ == "__main__":
    main()
