"""How far a project's team has got: per annotator, per article, and overall.

Counts come from ArticleProgress, which database triggers keep (migration 0009), so no read
here walks the annotations except the median time per sentence. Agreement is read from
the agreement report (claims/agreement/), never computed here in another way: taken
from the cache when the agreement page has stored it for the data as it is now, and
computed inline only for projects small enough that doing so is cheap. Every read is a
fixed number of queries, however many annotators and articles.

Claims (an article the queue handed to an annotator, claims/queue.py) are counted by
with_claims() on every read: a claim expires by the clock, with no write to notice.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TypedDict

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Q, QuerySet, Sum

from claims import queue
from claims.agreement import cache as agreement_cache
from claims.agreement.selection import AgreementFilters
from claims.models import Annotation, Article, ArticleProgress, GoldLabel, Membership, Project

# Above this many current labels, agreement is shown only once the agreement page has
# computed it for the data as it is: reading the labels grows with them (about a second
# at 200,000 sentences), and this page is meant to stay cheap.
AGREEMENT_INLINE_LIMIT = 50_000

ARTICLE_FILTERS = {"all": "All", "incomplete": "Not done by k", "done": "Done by k"}


class Agreement(TypedDict, total=False):
    agreement_with_others: float | None
    mean_cohen_kappa: float | None


@dataclass(frozen=True)
class AnnotatorProgress:
    """One annotator's work in a project. `median_seconds` is None without timed labels;
    the agreement figures are None when not available (see the module's docstring)."""

    username: str
    role: str  # their Membership.Role, or "" for a former member whose work stays
    articles_started: int  # at least one sentence labelled
    articles_done: int  # every sentence labelled
    sentences_labelled: int
    median_seconds: float | None
    agreement_with_others: float | None = None  # share of shared sentences agreeing, [0, 1]
    mean_cohen_kappa: float | None = None  # mean over the others they share sentences with
    # Claims: articles handed out to them and not yet done, and claims that lapsed.
    claimed: int = 0
    expired: int = 0


@dataclass(frozen=True)
class AnnotatorInArticle:
    username: str
    labelled: int
    is_done: bool


@dataclass(frozen=True)
class ArticleTeamProgress:
    """One article: how many of the k annotators finished it, and who is on it."""

    article_id: int
    title: str
    sentence_count: int
    done: int  # annotators who labelled every sentence
    k: int
    annotators: tuple[AnnotatorInArticle, ...] = ()  # by username
    # Claims: open and lapsed claims on the article.
    claimed: int = 0
    expired: int = 0

    @property
    def is_done(self) -> bool:
        return self.done >= self.k

    @property
    def done_names(self) -> list[str]:
        return [a.username for a in self.annotators if a.is_done]

    @property
    def in_progress_names(self) -> list[str]:
        return [a.username for a in self.annotators if not a.is_done and a.labelled]


@dataclass(frozen=True)
class ProjectProgress:
    """The project overall. An article is done when k annotators labelled all of it, in
    progress when someone labelled any of it but it is not done, else not started."""

    k: int
    articles: int
    articles_done: int
    articles_in_progress: int
    articles_not_started: int
    sentences: int
    sentences_labelled: int  # labels, summed over annotators
    gold_decided: int  # sentences with a current gold label
    # Claims open and lapsed, over all annotators.
    claimed: int = 0
    expired: int = 0


@dataclass(frozen=True)
class TeamProgress:
    overall: ProjectProgress
    annotators: list[AnnotatorProgress] = field(default_factory=list)
    has_agreement: bool = False  # whether agreement figures could be read


def _articles_with_counts(project: Project) -> QuerySet[Article]:
    # One LEFT JOIN over the project's progress rows, grouped per article: `done` counts
    # annotators with every sentence labelled, `started` those with any. A row exists only
    # after a first label, so an article with no sentences is never "done" by anyone.
    return (
        Article.objects.filter(project=project)
        .order_by()
        .annotate(
            done=Count("progress", filter=Q(progress__labelled=F("sentence_count"))),
            started=Count("progress", filter=Q(progress__labelled__gt=0)),
        )
    )


def project_progress(*, project: Project) -> ProjectProgress:
    """The project overall; two queries."""
    k = project.annotators_per_article
    # Counts over per-article counts: the ORM cannot aggregate an aggregate, so plain SQL,
    # as claims.queries.article_progress reads the same rows.
    sql = (
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN done >= %s THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN started > 0 AND done < %s THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(sentence_count), 0), COALESCE(SUM(labelled), 0) FROM ("
        "SELECT a.sentence_count, "
        "SUM(CASE WHEN p.labelled = a.sentence_count THEN 1 ELSE 0 END) AS done, "
        "SUM(CASE WHEN p.labelled > 0 THEN 1 ELSE 0 END) AS started, "
        "COALESCE(SUM(p.labelled), 0) AS labelled "
        f"FROM {Article._meta.db_table} a LEFT JOIN {ArticleProgress._meta.db_table} p "
        "ON p.article_id = a.id WHERE a.project_id = %s GROUP BY a.id, a.sentence_count"
        ") per_article"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [k, k, project.pk])
        # int(): PostgreSQL sums bigints as numeric, which psycopg reads as Decimal.
        articles, done, in_progress, sentences, labelled = map(int, cursor.fetchone())
    gold = GoldLabel.objects.filter(sentence__article__project=project, is_current=True)
    return ProjectProgress(
        k=k,
        articles=articles,
        articles_done=done,
        articles_in_progress=in_progress,
        articles_not_started=articles - done - in_progress,
        sentences=sentences,
        sentences_labelled=labelled,
        gold_decided=gold.count(),
    )


def annotator_progress(
    *, project: Project, only: User | None = None, with_agreement: bool = True
) -> tuple[list[AnnotatorProgress], bool]:
    """Every annotator of the project (members with the annotator role, and anyone who
    labelled in it, former members included), by username; with `only`, just that user's
    row (an annotator may see no one else's). Also whether agreement figures were read.
    Four queries, and the agreement report's reads when `with_agreement`."""
    rows = ArticleProgress.objects.filter(article__project=project)
    if only is not None:
        rows = rows.filter(annotator=only)
    counted: dict[int, tuple[int, int, int]] = {
        pk: (started, done, labelled or 0)
        for pk, started, done, labelled in rows.order_by()
        .values("annotator_id")
        .annotate(
            started=Count("pk", filter=Q(labelled__gt=0)),
            done=Count("pk", filter=Q(labelled=F("article__sentence_count"))),
            total=Sum("labelled"),
        )
        .values_list("annotator_id", "started", "done", "total")
    }
    members = Membership.objects.filter(project=project)
    if only is not None:
        members = members.filter(user=only)
    roles = dict(members.values_list("user_id", "role"))
    people = User.objects.filter(
        Q(pk__in=list(counted))
        | Q(pk__in=[pk for pk, role in roles.items() if role == "annotator"])
    )
    medians = _median_seconds(project=project, only=only)
    report = _agreement_report(project=project) if with_agreement else None
    found = []
    for pk, username in people.order_by("username").values_list("pk", "username"):
        started, done, labelled = counted.get(pk, (0, 0, 0))
        found.append(
            AnnotatorProgress(
                username=username,
                role=roles.get(pk, ""),
                articles_started=started,
                articles_done=done,
                sentences_labelled=labelled,
                median_seconds=medians.get(pk),
                **agreement_of(report, username),
            )
        )
    return found, report is not None


def team_progress(*, project: Project) -> TeamProgress:
    """The overall figures and every annotator's row, as reviewers and owners see them."""
    annotators, has_agreement = annotator_progress(project=project)
    return TeamProgress(
        overall=project_progress(project=project),
        annotators=annotators,
        has_agreement=has_agreement,
    )


def own_progress(*, project: Project, user: User) -> TeamProgress:
    """What an annotator may see in a blind project: their own row only, without
    agreement (it would tell them how the others labelled) or the overall counts."""
    annotators, _ = annotator_progress(project=project, only=user, with_agreement=False)
    empty = ProjectProgress(
        k=project.annotators_per_article,
        articles=0,
        articles_done=0,
        articles_in_progress=0,
        articles_not_started=0,
        sentences=0,
        sentences_labelled=0,
        gold_decided=0,
    )
    return with_claims(
        TeamProgress(overall=empty, annotators=annotators), project=project, only=user
    )


def filter_articles(*, project: Project, show: str) -> QuerySet[Article]:
    """The project's articles with `done` and `started` counts, narrowed by `show`:
    "all", "incomplete" (fewer than k annotators done) or "done" (k or more)."""
    k = project.annotators_per_article
    articles = _articles_with_counts(project)
    if show == "incomplete":
        return articles.filter(done__lt=k)  # type: ignore[misc]
    if show == "done":
        return articles.filter(done__gte=k)  # type: ignore[misc]
    return articles


def article_rows(*, project: Project, article_ids: list[int]) -> list[ArticleTeamProgress]:
    """The articles of `article_ids`, in that order, each with who labelled how much of
    it. Two queries, however many articles and annotators."""
    articles = Article.objects.filter(project=project, pk__in=article_ids).only(
        "pk", "title", "external_id", "sentence_count"
    )
    by_id = {article.pk: article for article in articles}
    people: dict[int, list[AnnotatorInArticle]] = defaultdict(list)
    progress = (
        ArticleProgress.objects.filter(article_id__in=list(by_id), labelled__gt=0)
        .order_by("annotator__username")
        .values_list("article_id", "annotator__username", "labelled")
    )
    for article_id, username, labelled in progress:
        total = by_id[article_id].sentence_count
        people[article_id].append(AnnotatorInArticle(username, labelled, labelled == total))
    claims = queue.article_claim_counts(project=project, article_ids=list(by_id))
    rows = []
    for pk in article_ids:
        if pk not in by_id:
            continue
        article = by_id[pk]
        on_it = tuple(people[pk])
        claimed = claims.get(pk, {})
        rows.append(
            ArticleTeamProgress(
                article_id=pk,
                title=str(article),
                sentence_count=article.sentence_count,
                done=sum(1 for a in on_it if a.is_done),
                k=project.annotators_per_article,
                annotators=on_it,
                claimed=claimed.get(queue.ClaimState.ACTIVE, 0),
                expired=claimed.get(queue.ClaimState.EXPIRED, 0),
            )
        )
    return rows


def with_claims(team: TeamProgress, *, project: Project, only: User | None = None) -> TeamProgress:
    """`team` with its claim counts (claims/queue.py): read on every view rather than
    stored with the rest, because a claim expires by the clock alone. One query."""
    counts = queue.claim_counts(project=project, annotator=only)
    annotators = [
        replace(
            row,
            claimed=counts.get(row.username, {}).get(queue.ClaimState.ACTIVE, 0),
            expired=counts.get(row.username, {}).get(queue.ClaimState.EXPIRED, 0),
        )
        for row in team.annotators
    ]
    overall = replace(
        team.overall,
        claimed=sum(per[queue.ClaimState.ACTIVE] for per in counts.values()),
        expired=sum(per[queue.ClaimState.EXPIRED] for per in counts.values()),
    )
    return replace(team, annotators=annotators, overall=overall if only is None else team.overall)


def team_done_counts(*, project: Project, article_ids: list[int]) -> dict[int, int]:
    """How many annotators labelled every sentence of each of `article_ids` (absent: none).
    One query; the project page shows it to reviewers in place of their own progress."""
    rows = (
        ArticleProgress.objects.filter(
            article__project=project,
            article_id__in=article_ids,
            labelled=F("article__sentence_count"),
        )
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    return dict(rows)


class _Median(Aggregate):
    """PostgreSQL's exact median (an ordered-set aggregate Django does not provide)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _median_seconds(*, project: Project, only: User | None) -> dict[int, float]:
    """Each annotator's median time per sentence, over their current labels that were
    timed (imported labels are not). One query."""
    timed = Annotation.objects.filter(
        sentence__article__project=project,
        is_current=True,
        label__isnull=False,
        seconds__isnull=False,
    )
    if only is not None:
        timed = timed.filter(annotator=only)
    if connection.vendor == "postgresql":
        # The median in the database: only one number per annotator crosses the wire.
        return dict(
            timed.order_by()
            .values("annotator_id")
            .annotate(median=_Median("seconds"))
            .values_list("annotator_id", "median")
        )
    # SQLite has no percentile function: the demo's sizes are small enough to read.
    seconds: dict[int, list[float]] = defaultdict(list)
    for annotator_id, value in timed.order_by().values_list("annotator_id", "seconds"):
        seconds[annotator_id].append(float(value or 0))  # never None: filtered above
    return {pk: statistics.median(values) for pk, values in seconds.items()}


def _agreement_report(*, project: Project) -> dict | None:
    """The agreement report of the whole project for the data as it is now, if the cache
    has it, or if the project is small enough to compute it now (then it is stored, as
    the agreement page would)."""
    filters = AgreementFilters()
    keys = agreement_cache.keys_for(
        project=project, filters=filters, resamples=agreement_cache.DEFAULT_RESAMPLES, seed=0
    )
    report, _ = agreement_cache.stored(keys)
    if report is not None:
        return report
    labels = ArticleProgress.objects.filter(article__project=project).aggregate(n=Sum("labelled"))
    if (labels["n"] or 0) > AGREEMENT_INLINE_LIMIT:
        return None
    return agreement_cache.fill_report(keys=keys, project=project, filters=filters)


def agreement_of(report: dict | None, username: str) -> Agreement:
    """The annotator's pooled agreement with the others (report.per_annotator) and the
    mean of their pairwise Cohen's kappas (report.pairs, those defined), as the keyword
    arguments of AnnotatorProgress; none without a report."""
    if report is None:
        return {}
    own = report["per_annotator"].get(username, {})
    kappas = [
        pair["cohen_kappa"]
        for pair in report["pairs"]
        if username in (pair["a"], pair["b"]) and pair["cohen_kappa"] is not None
    ]
    return {
        "agreement_with_others": own.get("agreement_with_others"),
        "mean_cohen_kappa": statistics.fmean(kappas) if kappas else None,
    }
