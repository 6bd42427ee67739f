"""Reads shared by the pages and the API.

Every query here starts from the user: a project, article or sentence is only reachable
through a membership, so a door that looks objects up through these querysets answers 404
to outsiders without an `if` of its own. Annotators only ever read their own labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from claims.attribution_text import Mark, Piece, cut_into_pieces
from claims.attribution_values import values_of
from claims.attributions import AttributionSpec, Span
from claims.flags import own_flag_comment, own_sent_back
from claims.models import (
    Annotation,
    Article,
    ArticleClaim,
    ArticleProgress,
    Assignment,
    Attribution,
    Label,
    Membership,
    Project,
    Sentence,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Role(TypedDict):
    role: str  # the user's Membership.Role in the project
    is_reviewer: bool  # whether that role reviews it


class _Progress(TypedDict):
    total: int  # sentences
    labelled: int  # of them, by the user


class _RoleAndProgress(_Role, _Progress):
    pass


class _OwnLabel(TypedDict):
    own_current: list[Annotation]  # the annotator's current revision, if any


# The rows of the querysets below, with what they are annotated with (for the checker).
type ProjectWithRole = WithAnnotations[Project, _Role]
type ProjectWithProgress = WithAnnotations[Project, _RoleAndProgress]
type ArticleWithProgress = WithAnnotations[Article, _Progress]
type SentenceWithOwnLabel = WithAnnotations[Sentence, _OwnLabel]


@dataclass(frozen=True)
class Progress:
    labelled: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.labelled / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        """Every sentence labelled; an article without sentences is never complete."""
        return self.total > 0 and self.labelled >= self.total


@dataclass(frozen=True)
class SentenceRow:
    """A sentence as the annotate page shows it, with the article text around it."""

    sentence: Sentence
    annotation: Annotation | None  # the annotator's current revision, if any
    gap_before: str = ""  # article text between the previous sentence and this one
    gap_after: str = ""  # text after the last sentence; empty for all others
    # The annotator's attributions of this sentence, and the marks drawn in its text: the
    # sources and cues of any of the annotator's attributions in the article that lie here.
    attributions: tuple[AttributionSpec, ...] = ()
    marks: tuple[Mark, ...] = ()
    # The annotator's open flag's comment ('' for none written; None: not flagged), and
    # the note of a reviewer's send-back they have not answered (claims/flags.py).
    flag: str | None = None
    sent_back: str | None = None

    @property
    def text(self) -> str:
        return self.sentence.article.text[self.sentence.start : self.sentence.end]

    @property
    def attributions_json(self) -> str:
        """The attributions in the contract's JSON shape, for the page's script to edit."""
        return json.dumps(values_of(self.attributions), separators=(",", ":"))

    @property
    def pieces(self) -> list[Piece]:
        sentence = self.sentence
        return cut_into_pieces(
            text=sentence.article.text, start=sentence.start, end=sentence.end, marks=self.marks
        )

    @property
    def is_labelled(self) -> bool:
        return self.annotation is not None and self.annotation.label_id is not None


def subquery_count(queryset: QuerySet) -> Coalesce:
    # COUNT(*) in a correlated subquery: unlike Count() over joins, several of these on one
    # queryset do not multiply each other's rows.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _labelled_by(user: User) -> QuerySet[Annotation]:
    return Annotation.objects.filter(annotator=user, is_current=True, label__isnull=False)


def projects_for(user: User) -> QuerySet[ProjectWithRole]:
    """The user's projects, each with the user's `role` in it and `is_reviewer`, whether
    that role reviews the project (Membership.REVIEW_ROLES)."""
    role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    reviews = ExpressionWrapper(Q(role__in=Membership.REVIEW_ROLES), output_field=BooleanField())
    projects = Project.objects.filter(memberships__user=user).annotate(role=Subquery(role))
    return projects.annotate(is_reviewer=reviews)


def projects_with_progress(user: User) -> QuerySet[ProjectWithProgress]:
    """projects_for(), each with `total` sentences and the user's `labelled` count."""
    sentences = Sentence.objects.filter(article__project=OuterRef("pk"))
    return projects_for(user).annotate(
        total=subquery_count(sentences),
        labelled=subquery_count(
            _labelled_by(user).filter(sentence__article__project=OuterRef("pk"))
        ),
    )


def reviewed_projects(user: User) -> QuerySet[ProjectWithRole]:
    """projects_for(), limited to those the user reviews or owns."""
    return projects_for(user).filter(is_reviewer=True)


def owned_projects(user: User) -> QuerySet[Project]:
    """Projects the user owns: only owners may add articles."""
    return Project.objects.filter(memberships__user=user, memberships__role=Membership.Role.OWNER)


def visible_to(articles: QuerySet[Article], *, user: User) -> QuerySet[Article]:
    """`articles` narrowed, in projects where the user is queue-bound (queue.is_queue_bound),
    to
    the ones the queue gave them: claimed, assigned or labelled in. One condition on the
    query, so any list or lookup of articles can take it."""
    bound = Membership.objects.filter(
        project_id=OuterRef("project_id"),
        user=user,
        role=Membership.Role.ANNOTATOR,
        project__blind=True,
    )
    given = (
        Exists(ArticleClaim.objects.filter(article_id=OuterRef("pk"), annotator=user))
        | Exists(Assignment.objects.filter(article_id=OuterRef("pk"), annotator=user))
        | Exists(ArticleProgress.objects.filter(article_id=OuterRef("pk"), annotator=user))
    )
    return articles.filter(~Exists(bound) | given)


def articles_for(*, user: User, project: Project | None = None) -> QuerySet[Article]:
    """Articles in the user's projects (or in one of them), with their project."""
    articles = visible_to(Article.objects.filter(project__memberships__user=user), user=user)
    if project is not None:
        articles = articles.filter(project=project)
    return articles.select_related("project")


def articles_with_progress(*, user: User, project: Project) -> QuerySet[ArticleWithProgress]:
    """articles_for(), each with `total` sentences and the user's `labelled` count."""
    return articles_for(user=user, project=project).annotate(
        total=subquery_count(Sentence.objects.filter(article=OuterRef("pk"))),
        labelled=subquery_count(_labelled_by(user).filter(sentence__article=OuterRef("pk"))),
    )


def _with_own_labelled(articles: QuerySet[Article], *, user: User) -> QuerySet[Article]:
    # `own_labelled`: how many of the article's sentences the user has labelled, from their
    # progress row (kept by the database; none before their first label there). A LEFT
    # JOIN: PostgreSQL hashes the user's rows once rather than looking up each article's.
    own = FilteredRelation("progress", condition=Q(progress__annotator=user))
    return articles.annotate(own=own).annotate(own_labelled=Coalesce("own__labelled", 0))


def filter_by_progress(
    articles: QuerySet[Article], *, user: User, progress: str
) -> QuerySet[Article]:
    """`articles` narrowed to the user's own progress in them: "todo" (none of an article's
    sentences labelled), "started" (some), "done" (all; so an article without sentences
    is both "todo" and "done"). Cleared sentences are not labelled."""
    conditions = {
        "todo": Q(own_labelled=0),
        "started": Q(own_labelled__gt=0, own_labelled__lt=F("sentence_count")),
        "done": Q(own_labelled=F("sentence_count")),
    }
    return _with_own_labelled(articles, user=user).filter(conditions[progress])


def next_article_id(*, user: User, project: Project) -> int | None:
    """The first article, in project order, with a sentence the user has not labelled."""
    articles = _with_own_labelled(Article.objects.filter(project=project), user=user)
    unfinished = articles.filter(sentence_count__gt=F("own_labelled"))
    return unfinished.order_by("pk").values_list("pk", flat=True).first()


@dataclass(frozen=True, slots=True)
class LabelTarget:
    """What a label save reads before it writes: the sentence with its article and
    project, the project's label of the key asked for (None: no key, or no label of that
    key), and how many of the article's sentences the annotator has labelled."""

    sentence: Sentence
    label: Label | None
    labelled: int
    # Whether a source or cue of the annotator's attributions on another sentence lies in
    # this one: only then must the answer read them to draw its marks.
    marked_from_elsewhere: bool = True
    flag: str | None = None  # as SentenceRow has them, read in the same query
    sent_back: str | None = None


def label_target(
    *,
    user: User,
    sentence_id: int,
    label_key: str | None,
    article_id: int | None = None,
    project_slug: str | None = None,
) -> LabelTarget | None:
    """The sentence, in one of the user's projects (and in that article and project, when
    given), with the label of `label_key` and the user's progress in the article: one
    query, where a save used to read them one by one. None when there is no such sentence."""
    labels = FilteredRelation(
        "article__project__labels", condition=Q(article__project__labels__key=label_key or "")
    )
    progress = FilteredRelation("article__progress", condition=Q(article__progress__annotator=user))
    sentences = sentences_for(user).filter(pk=sentence_id)
    if article_id is not None:
        sentences = sentences.filter(article_id=article_id)
    if project_slug is not None:
        sentences = sentences.filter(article__project__slug=project_slug)
    elsewhere = Attribution.objects.filter(
        annotation__sentence__article_id=OuterRef("article_id"),
        annotation__annotator=user,
        annotation__is_current=True,
    ).exclude(annotation__sentence_id=OuterRef("pk"))
    inside = Q(source_start__lt=OuterRef("end"), source_end__gt=OuterRef("start")) | Q(
        cue_start__lt=OuterRef("end"), cue_end__gt=OuterRef("start")
    )
    found = list(
        sentences.annotate(chosen=labels, own=progress)  # type: ignore[misc]
        .annotate(
            own_labelled=Coalesce("own__labelled", 0),
            marked_from_elsewhere=Exists(elsewhere.filter(inside)),
            own_flag=own_flag_comment(user),
            own_sent_back=own_sent_back(user),
        )
        .select_related("chosen")
        .order_by()[:1]
    )
    if not found:
        return None
    sentence = found[0]
    # Django sets `chosen` only where the join found a label.
    label = getattr(sentence, "chosen", None) if label_key else None
    return LabelTarget(
        sentence=sentence,
        label=label,
        labelled=sentence.own_labelled,
        marked_from_elsewhere=sentence.marked_from_elsewhere,
        flag=sentence.own_flag,
        sent_back=sentence.own_sent_back,
    )


def sentences_for(user: User) -> QuerySet[Sentence]:
    """Sentences in the user's projects, of the articles they may open (visible_to)."""
    sentences = Sentence.objects.filter(
        article__project__memberships__user=user,
        article__in=visible_to(Article.objects.all(), user=user),
    )
    return sentences.select_related("article__project")


def sentence_rows(
    *, article: Article, annotator: User, positions: set[int] | None = None
) -> list[SentenceRow]:
    """Every sentence of `article` in order with the annotator's label, attributions and
    marks, and the text between sentences, so that the rows joined together reproduce
    `article.text` exactly. Two queries, however long the article. With `positions`,
    only those sentences (gaps are then not meaningful)."""
    # Every keystroke's answer runs this: each sentence comes with the annotator's current
    # revision and its label joined in, rather than a second query for them.
    mine = FilteredRelation(
        "annotations",
        condition=Q(annotations__annotator=annotator, annotations__is_current=True),
    )
    # The stubs do not know select_related through a FilteredRelation.
    joined = article.sentences.annotate(
        mine=mine, own_flag=own_flag_comment(annotator), own_sent_back=own_sent_back(annotator)
    ).select_related("mine__label")  # type: ignore[misc]
    sentences = joined.order_by("position")
    if positions is not None:
        sentences = sentences.filter(position__in=positions)
    attributions = own_attributions(article=article, annotator=annotator)
    marks = marks_of(attributions.values())
    rows = []
    previous_end = 0
    sentence_list = list(sentences)
    for index, sentence in enumerate(sentence_list):
        is_last = index == len(sentence_list) - 1
        rows.append(
            SentenceRow(
                sentence=sentence,
                # Django sets it only where the join found a revision.
                annotation=getattr(sentence, "mine", None),
                gap_before=article.text[previous_end : sentence.start],
                gap_after=article.text[sentence.end :] if is_last else "",
                attributions=attributions.get(sentence.pk, ()),
                marks=_marks_in(marks, sentence),
                flag=sentence.own_flag,
                sent_back=sentence.own_sent_back,
            )
        )
        previous_end = sentence.end
    return rows


def changed_row(
    *,
    sentence: Sentence,
    annotation: Annotation | None,
    annotator: User,
    attributions: tuple[AttributionSpec, ...],
    marked_from_elsewhere: bool = True,
    flag: str | None = None,
) -> SentenceRow:
    """The row of a sentence a save just changed, from what the save returned (the
    revision and its `attributions`). The marks drawn in it are its own attributions'
    sources and cues, and, when `marked_from_elsewhere`, those of the annotator's
    attributions on other sentences that lie in it, which only then are read (one query).
    `flag` is the annotator's open flag's comment; the save answered any send-back."""
    marks: Iterable[Sequence[AttributionSpec]] = [attributions]
    if marked_from_elsewhere:
        in_article = own_attributions(article=sentence.article, annotator=annotator)
        marks = [attributions, *(a for pk, a in in_article.items() if pk != sentence.pk)]
    return SentenceRow(
        sentence=sentence,
        annotation=annotation,
        attributions=attributions,
        marks=_marks_in(marks_of(marks), sentence),
        flag=flag,
    )


def _marks_in(marks: Sequence[Mark], sentence: Sentence) -> tuple[Mark, ...]:
    return tuple(m for m in marks if m.start < sentence.end and m.end > sentence.start)


def own_attributions(
    *, article: Article, annotator: User
) -> dict[int, tuple[AttributionSpec, ...]]:
    """The annotator's current attributions in `article`, by sentence id, in list order;
    one query."""
    rows = (
        Attribution.objects.filter(
            annotation__sentence__article=article,
            annotation__annotator=annotator,
            annotation__is_current=True,
        )
        .order_by("annotation__sentence_id", "position")
        .values_list(
            "annotation__sentence_id",
            "kind__key",
            "source_start",
            "source_end",
            "cue_start",
            "cue_end",
            "entity",
            "via",
            "embedded",
        )
    )
    found: dict[int, list[AttributionSpec]] = {}
    for sentence_id, kind, s_start, s_end, c_start, c_end, entity, via, embedded in rows:
        found.setdefault(sentence_id, []).append(
            AttributionSpec(
                kind=kind,
                source=_span(s_start, s_end),
                cue=_span(c_start, c_end),
                entity=entity,
                via=via,
                embedded=embedded,
            )
        )
    return {sentence_id: tuple(specs) for sentence_id, specs in found.items()}


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else Span(start, end)


def marks_of(attributions: Iterable[Sequence[AttributionSpec]]) -> list[Mark]:
    """The sources and cues of sentences' attributions, as marks to draw."""
    marks = []
    for specs in attributions:
        for spec in specs:
            for span, is_cue in ((spec.source, False), (spec.cue, True)):
                if span is not None:
                    marks.append(Mark(span.start, span.end, is_cue, spec.kind, spec.entity))
    return marks


def article_progress(*, article: Article, annotator: User) -> Progress:
    """How many of `article`'s sentences the annotator has labelled (cleared ones are not)."""
    # Every keystroke's response runs this: two numbers the database's triggers keep, read
    # in plain SQL (compiling the ORM's equivalent took longer than running it).
    sql = (
        f"SELECT a.sentence_count, p.labelled FROM {Article._meta.db_table} a "
        f"LEFT JOIN {ArticleProgress._meta.db_table} p "
        "ON p.article_id = a.id AND p.annotator_id = %s WHERE a.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [annotator.pk, article.pk])
        total, labelled = cursor.fetchone()
    return Progress(labelled=labelled or 0, total=total)


def labelled_flags(*, article: Article, annotator: User) -> list[tuple[int, bool]]:
    """(position, is labelled by the annotator) for every sentence of `article`, in order."""
    labelled = _labelled_by(annotator).filter(sentence=OuterRef("pk"))
    sentences = article.sentences.order_by("position").annotate(is_labelled=Exists(labelled))
    return list(sentences.values_list("position", "is_labelled"))


def next_position(flags: Sequence[tuple[int, bool]], *, after: int | None) -> int | None:
    """Where to go after `after` (None: at the start): the next unlabelled sentence, else
    the first unlabelled one from the top, else simply the next sentence (or `after` itself
    at the end). None when the article has no sentences."""
    unlabelled = [position for position, is_labelled in flags if not is_labelled]
    if unlabelled:
        later = [position for position in unlabelled if after is None or position > after]
        return (later or unlabelled)[0]
    following = [position for position, _ in flags if after is None or position > after]
    return following[0] if following else after


# Reads for the REST API (claims/api/). Each returns what its serializer shows, joined or
# prefetched, so a page of results costs a fixed number of queries.


def projects_with_scheme(user: User) -> QuerySet[ProjectWithProgress]:
    """projects_with_progress(), with each project's labels, source kinds and members (and
    their users) prefetched."""
    members = Membership.objects.select_related("user").order_by("user__username")
    return projects_with_progress(user).prefetch_related(
        "labels", "source_kinds", Prefetch("memberships", queryset=members)
    )


def article_summaries(*, user: User, project: Project) -> QuerySet[ArticleWithProgress]:
    """articles_with_progress() without the text, which may run to megabytes per article."""
    return articles_with_progress(user=user, project=project).defer("text")


def articles_with_counts(user: User) -> QuerySet[ArticleWithProgress]:
    """articles_for() in all the user's projects, each with `total` sentences and the user's
    `labelled` count."""
    return articles_for(user=user).annotate(
        total=subquery_count(Sentence.objects.filter(article=OuterRef("pk"))),
        labelled=subquery_count(_labelled_by(user).filter(sentence__article=OuterRef("pk"))),
    )


def sentences_with_own_label(
    *, article: Article, annotator: User
) -> QuerySet[SentenceWithOwnLabel]:
    """`article`'s sentences, each with `own_current`: a list holding the annotator's current
    revision, if any. The text is sliced from `article`, so it is not fetched per row."""
    own = Annotation.objects.filter(annotator=annotator, is_current=True)
    return article.sentences.prefetch_related(
        Prefetch("annotations", queryset=_with_context(own), to_attr="own_current")
    )


def annotations_for(user: User) -> QuerySet[Annotation]:
    """Every revision the user may read: their own in their projects, and everyone's in the
    projects they review or own. An annotator never reads another annotator's labels."""
    member_of = Membership.objects.filter(user=user).values("project")
    reviews = member_of.filter(role__in=Membership.REVIEW_ROLES)
    visible = Q(annotator=user, sentence__article__project__in=member_of) | Q(
        sentence__article__project__in=reviews
    )
    return _with_context(Annotation.objects.filter(visible))


def _with_context(annotations: QuerySet[Annotation]) -> QuerySet[Annotation]:
    # Who, which label, and the sentence's article and project, but not the article's
    # text: joined into every row, that would repeat megabytes per page.
    attributions = Attribution.objects.select_related("kind")
    return (
        annotations.select_related("annotator", "label", "sentence__article__project")
        .defer("sentence__article__text", "sentence__article__metadata")
        .prefetch_related(Prefetch("attributions", queryset=attributions))
    )


def current_annotations_for(user: User) -> QuerySet[Annotation]:
    """annotations_for(), current revisions only: each annotator's label as it stands."""
    return annotations_for(user).filter(is_current=True)
