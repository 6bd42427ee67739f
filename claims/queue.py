"""The work queue: which article an annotator codes next, so that each article gets its k
annotators and no more, blind to the others.

A slot of an article is held by an annotator who has labelled all of it (done, with or
without a claim: imported labels count) or by an incomplete claim that is still active:
claimed, handed out again, or labelled in within the project's `claim_expiry`. Expiry is
decided when read, so there is no timer to run and no state in any process: an annotator
who went away stops holding their slot the moment the expiry passes, and their work stays.
Incomplete work without a claim (a reviewer labelling, or an annotator browsing a project
whose blindness is off) holds no slot until it is done.

Changing k after work started changes nothing already stored: raising it hands articles
out again until each has the new k; lowering it hands no more out where an article already
has k, and claims beyond it stay active (their work is kept and counted by agreement like
any other). Sentences already given automatic gold are not recomputed (claims/revisions.py
decides gold when a label is saved).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from . import queries
from .models import (
    Annotation,
    Article,
    ArticleClaim,
    ArticleProgress,
    Assignment,
    Membership,
    Project,
)

# Multipliers of Knuth's multiplicative hash: the queue's random order and the choice of
# double-coded articles are functions of the article id and the project's seed, the same
# in every process and stable as articles are added. Ids below 2**31 keep the products
# inside a 64-bit integer on both databases.
_ORDER_MULTIPLIER = 2654435761
_OVERLAP_MULTIPLIER = 2246822519
_WORD = 4294967296


class ClaimState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim as reviewers and the API see it."""

    claim: ArticleClaim
    state: ClaimState
    labelled: int
    sentence_count: int


def _mixed(seed: int, multiplier: int) -> F:
    # (id XOR seed) * multiplier mod 2**32, XOR written as (a | b) - (a & b): SQLite has no
    # XOR operator.
    # The constants as 64-bit values: plain ints are typed 32-bit, and bound on the server
    # (settings) 2**32 would arrive as 0. The seed is below 2**31 (project_settings).
    mixed = F("id").bitor(seed) - F("id").bitand(seed)
    return (mixed * _int8(multiplier)) % _int8(_WORD)  # type: ignore[return-value]


def _int8(value: int) -> Value:
    return Value(value, output_field=BigIntegerField())


def with_target(articles: QuerySet[Article], *, project: Project) -> QuerySet[Article]:
    """`articles`, each with `target`: how many annotators it gets. k for the double-coded
    share (the project's `double_coded_percent`, chosen by a hash of id and seed), one for
    the rest; the bucket of an article never changes unless the seed does."""
    k = project.annotators_per_article
    percent = project.double_coded_percent
    if percent >= 100 or k == 1:
        return articles.annotate(target=Value(k, output_field=IntegerField()))
    if percent <= 0:
        return articles.annotate(target=Value(1, output_field=IntegerField()))
    bucketed = articles.annotate(
        overlap_bucket=_mixed(project.queue_seed, _OVERLAP_MULTIPLIER) % 100
    )
    return bucketed.annotate(
        target=Case(
            When(overlap_bucket__lt=percent, then=Value(k)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


def _cutoff(project: Project, now: datetime | None) -> datetime:
    return (now or timezone.now()) - project.claim_expiry


def _done_by_claimant() -> Exists:
    # In a query over claims: the claim's annotator has labelled every sentence.
    return Exists(
        ArticleProgress.objects.filter(
            article_id=OuterRef("article_id"),
            annotator_id=OuterRef("annotator_id"),
            labelled__gte=OuterRef("article__sentence_count"),
        )
    )


def _active_since(cutoff: datetime) -> Q:
    # In a query over claims: seen since the cutoff, or labelled in the article since.
    # The revisions are the activity record, so saving a label writes nothing here.
    labelled_since = Annotation.objects.filter(
        annotator_id=OuterRef("annotator_id"),
        sentence__article_id=OuterRef("article_id"),
        created_at__gte=cutoff,
    )
    return Q(last_active_at__gte=cutoff) | Q(Exists(labelled_since))


def with_states(claims: QuerySet[ArticleClaim], *, cutoff: datetime) -> QuerySet[ArticleClaim]:
    """`claims`, each with `is_complete` and `is_active` (active only matters while
    incomplete)."""
    return claims.annotate(
        is_complete=_done_by_claimant(),
        is_active=ExpressionWrapper(_active_since(cutoff), output_field=BooleanField()),
    )


def with_taken(articles: QuerySet[Article], *, cutoff: datetime) -> QuerySet[Article]:
    """`articles`, each with `taken`: the slots held, by annotators done with it and by
    incomplete claims still active."""
    done = ArticleProgress.objects.filter(
        article_id=OuterRef("pk"), labelled__gte=OuterRef("sentence_count")
    )
    holding = (
        ArticleClaim.objects.filter(article_id=OuterRef("pk"))
        .filter(~_done_by_claimant())
        .filter(_active_since(cutoff))
    )
    return articles.annotate(taken=queries.subquery_count(done) + queries.subquery_count(holding))


def _order(articles: QuerySet[Article], *, project: Project) -> QuerySet[Article]:
    if project.queue_order == Project.QueueOrder.RANDOM:
        articles = articles.annotate(queue_key=_mixed(project.queue_seed, _ORDER_MULTIPLIER))
        return articles.order_by("queue_key", "pk")
    return articles.order_by("pk")


def _untouched_by(annotator: User) -> Q:
    claimed = ArticleClaim.objects.filter(article_id=OuterRef("pk"), annotator=annotator)
    labelled = ArticleProgress.objects.filter(article_id=OuterRef("pk"), annotator=annotator)
    return ~Exists(claimed) & ~Exists(labelled)


class QueueError(Exception):
    """The user cannot take work from this project's queue."""


@transaction.atomic
def next_article(
    *, project: Project, annotator: User, now: datetime | None = None
) -> Article | None:
    """The article `annotator` should code now, claimed for them; None when the queue has
    nothing left for them. In this order: their own incomplete claim (resumed; an expired
    one only while its slot is still free), an article an owner assigned them, then the
    next article in queue order that has fewer than its target of annotators and that they
    have never touched.

    Two people pressing "Next" at once never take one slot twice: each locks the article
    it is about to claim with SKIP LOCKED (the other moves on to the next article) and
    counts the slots again under the lock, in a new snapshot, before claiming. The same
    person's two requests are serialised on their membership row, so a double click does
    not claim two articles."""
    locked = (
        Membership.objects.select_for_update()
        .filter(project=project, user=annotator)
        .values_list("pk", flat=True)
    )
    if not list(locked):
        raise QueueError(f"{annotator} is not a member of {project}")
    cutoff = _cutoff(project, now)
    stamp = now or Now()  # `now` is given by tests that move the clock
    articles = Article.objects.filter(project=project)

    mine = with_states(
        ArticleClaim.objects.filter(annotator=annotator, article__project=project), cutoff=cutoff
    ).filter(is_complete=False)  # type: ignore[misc]
    for claim in mine.order_by("claimed_at", "pk"):
        if (
            claim.is_active  # type: ignore[attr-defined]
            or claim.assigned
            or _has_free_slot(article_id=claim.article_id, project=project, cutoff=cutoff)
        ):
            _touch(claim.pk, stamp)
            return articles.get(pk=claim.article_id)

    done_by_me = ArticleProgress.objects.filter(
        article_id=OuterRef("article_id"),
        annotator=annotator,
        labelled__gte=OuterRef("article__sentence_count"),
    )
    assigned = (
        Assignment.objects.filter(annotator=annotator, article__project=project)
        .filter(~Exists(done_by_me))
        .exclude(article__sentence_count=0)
        .order_by("pk")
        .values_list("article_id", flat=True)
    )
    for article_id in assigned:
        claim, created = ArticleClaim.objects.get_or_create(
            article_id=article_id,
            annotator=annotator,
            defaults={"assigned": True, "claimed_at": stamp, "last_active_at": stamp},
        )
        if created or claim.assigned:
            if not created:
                _touch(claim.pk, stamp)
            return articles.get(pk=article_id)

    open_to_me = articles.filter(sentence_count__gt=0).filter(_untouched_by(annotator))
    counted = with_taken(with_target(open_to_me, project=project), cutoff=cutoff)
    candidates = counted.filter(taken__lt=F("target"))  # type: ignore[misc]
    candidates = _order(candidates, project=project)
    tried: list[int] = []
    while True:
        # FOR UPDATE OF the article alone: the subqueries lock nothing. Articles others
        # are claiming right now are skipped; only when every candidate is being claimed
        # do we wait for one, because it may still have a slot left when they are done.
        remaining = candidates.exclude(pk__in=tried)
        chosen = list(
            remaining.select_for_update(skip_locked=True, of=("self",)).values_list(
                "pk", flat=True
            )[:1]
        ) or list(remaining.select_for_update(of=("self",)).values_list("pk", flat=True)[:1])
        if not chosen:
            return None
        article_id = chosen[0]
        if _has_free_slot(article_id=article_id, project=project, cutoff=cutoff):
            ArticleClaim.objects.create(
                article_id=article_id, annotator=annotator, claimed_at=stamp, last_active_at=stamp
            )
            return articles.get(pk=article_id)
        tried.append(article_id)  # filled between our snapshot and our lock


def _has_free_slot(*, article_id: int, project: Project, cutoff: datetime) -> bool:
    # A statement of its own: under READ COMMITTED it sees every claim committed before
    # it started, including one made while we waited for, or after we took, the lock.
    counted = with_taken(
        with_target(Article.objects.filter(pk=article_id), project=project), cutoff=cutoff
    )
    return counted.filter(taken__lt=F("target")).exists()  # type: ignore[misc]


def _touch(claim_id: int, stamp: datetime | Now) -> None:
    ArticleClaim.objects.filter(pk=claim_id).update(last_active_at=stamp)


def state_of(claim: ArticleClaim) -> ClaimState:
    """The state of a claim read through with_states()."""
    if claim.is_complete:  # type: ignore[attr-defined]
        return ClaimState.COMPLETE
    return ClaimState.ACTIVE if claim.is_active else ClaimState.EXPIRED  # type: ignore[attr-defined]


def claims_of(
    *, project: Project, annotator: User | None = None, now: datetime | None = None
) -> QuerySet[ArticleClaim]:
    """The project's claims (one annotator's, when given), each with its state's parts,
    `labelled` (the claimant's labelled sentences) and the article and annotator: one
    query. Read with state_of()."""
    claims = ArticleClaim.objects.filter(article__project=project)
    if annotator is not None:
        claims = claims.filter(annotator=annotator)
    progress = ArticleProgress.objects.filter(
        article_id=OuterRef("article_id"), annotator_id=OuterRef("annotator_id")
    ).values("labelled")[:1]
    return (
        with_states(claims, cutoff=_cutoff(project, now))
        .annotate(labelled=Coalesce(Subquery(progress), 0))
        .select_related("article", "annotator")
        .defer("article__text", "article__metadata")
        .order_by("article_id", "claimed_at", "pk")
    )


def claim_rows(
    *, project: Project, annotator: User | None = None, now: datetime | None = None
) -> list[ClaimRow]:
    """claims_of() as rows with their state: what progress pages and the API show."""
    return [
        ClaimRow(
            claim=claim,
            state=state_of(claim),
            labelled=claim.labelled,  # type: ignore[attr-defined]
            sentence_count=claim.article.sentence_count,
        )
        for claim in claims_of(project=project, annotator=annotator, now=now)
    ]


def claim_counts(
    *, project: Project, annotator: User | None = None, now: datetime | None = None
) -> dict[str, dict[ClaimState, int]]:
    """Per annotator's username: how many of their claims are active, expired and
    complete. One query."""
    counts: dict[str, dict[ClaimState, int]] = {}
    for claim in claims_of(project=project, annotator=annotator, now=now):
        per = counts.setdefault(claim.annotator.username, dict.fromkeys(ClaimState, 0))
        per[state_of(claim)] += 1
    return counts


def article_claim_counts(
    *, project: Project, article_ids: Sequence[int], now: datetime | None = None
) -> dict[int, dict[ClaimState, int]]:
    """Per article of `article_ids`: how many claims on it are active, expired, complete.
    One query."""
    claims = ArticleClaim.objects.filter(article__project=project, article_id__in=article_ids)
    counts: dict[int, dict[ClaimState, int]] = {}
    for claim in with_states(claims, cutoff=_cutoff(project, now)).select_related("article"):
        per = counts.setdefault(claim.article_id, dict.fromkeys(ClaimState, 0))
        per[state_of(claim)] += 1
    return counts


def is_queue_bound(*, project: Project, role: str | None) -> bool:
    """Whether the user works only from the queue in this project: annotators of a blind
    project. They see, open and read only articles they claimed, were assigned or labelled
    in; reviewers and owners see every article, and so does everyone when blindness is
    off for a calibration phase."""
    return project.blind and role == Membership.Role.ANNOTATOR


# Assignments -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssignmentError(Exception):
    """A line of an assignment list that cannot be taken: nothing was assigned."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


def parse_assignments(
    *, project: Project, rows: Iterable[tuple[int, str, str]]
) -> list[tuple[int, User]]:
    """(line, article id, username or e-mail) rows checked against the project: each
    article must be the project's (by its id or its external id), each person a member.
    Raises AssignmentError naming the first bad line."""
    members = {
        m.user.username.lower(): m.user
        for m in Membership.objects.filter(project=project).select_related("user")
    }
    by_email = {user.email.lower(): user for user in members.values() if user.email}
    pairs: list[tuple[int, User]] = []
    wanted: list[tuple[int, str, User]] = []
    for line, article, person in rows:
        article, person = article.strip(), person.strip()
        if not article:
            raise AssignmentError(line, "article", "is empty")
        user = members.get(person.lower()) or by_email.get(person.lower())
        if user is None:
            raise AssignmentError(line, "annotator", f"{person!r} is not a member of this project")
        wanted.append((line, article, user))
    keys = {article for _, article, _ in wanted}
    numeric = {int(key) for key in keys if key.isascii() and key.isdigit() and len(key) < 18}
    found = Article.objects.filter(project=project).filter(
        Q(pk__in=numeric) | Q(external_id__in=keys)
    )
    ids: dict[str, int] = {}
    for pk, external_id in found.values_list("pk", "external_id"):
        ids.setdefault(external_id, pk)
        ids.setdefault(str(pk), pk)
    for line, article, user in wanted:
        if article not in ids:
            raise AssignmentError(line, "article", f"{article!r} is no article of this project")
        pairs.append((ids[article], user))
    return pairs


def parse_assignment_csv(*, project: Project, text: str) -> list[tuple[int, User]]:
    """A CSV of `article,annotator` rows (a header row naming them is skipped): article by
    id or external id, annotator by username or e-mail."""
    rows: list[tuple[int, str, str]] = []
    for line, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not any(field.strip() for field in fields):
            continue
        if line == 1 and [f.strip().lower() for f in fields[:2]] in (
            ["article", "annotator"],
            ["article_id", "username"],
            ["article", "username"],
            ["article_id", "annotator"],
        ):
            continue
        if len(fields) != 2:
            raise AssignmentError(
                line, "row", f"has {len(fields)} fields; expected article,annotator"
            )
        rows.append((line, fields[0], fields[1]))
    if not rows:
        raise AssignmentError(1, "file", "holds no assignments")
    return parse_assignments(project=project, rows=rows)


@transaction.atomic
def assign(*, project: Project, pairs: Sequence[tuple[int, User]], by: User) -> int:
    """Record the assignments (repeats are kept once); returns how many are new."""
    before = Assignment.objects.filter(article__project=project).count()
    Assignment.objects.bulk_create(
        [
            Assignment(article_id=article_id, annotator=user, assigned_by=by)
            for article_id, user in pairs
        ],
        ignore_conflicts=True,
    )
    return Assignment.objects.filter(article__project=project).count() - before


def unassign(*, project: Project, assignment_id: int) -> bool:
    """Remove an assignment; a claim it already made stays, with its work."""
    deleted, _ = Assignment.objects.filter(article__project=project, pk=assignment_id).delete()
    return bool(deleted)
