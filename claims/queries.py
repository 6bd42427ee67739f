"""Reads shared by the pages and the API.

Every query here starts from the user: a project, article or sentence is only reachable
through a membership, so a door that looks objects up through these querysets answers 404
to outsiders without an `if` of its own. Annotators only ever read their own labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Substr

from claims.adjudication import disputed_sentences
from claims.models import Annotation, Article, GoldLabel, Label, Membership, Project, Sentence


@dataclass(frozen=True)
class Progress:
    labelled: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.labelled / self.total) if self.total else 0


@dataclass(frozen=True)
class SentenceRow:
    """A sentence as the annotate page shows it, with the article text around it."""

    sentence: Sentence
    annotation: Annotation | None  # the annotator's current revision, if any
    gap_before: str = ""  # article text between the previous sentence and this one
    gap_after: str = ""  # text after the last sentence; empty for all others

    @property
    def text(self) -> str:
        return self.sentence.article.text[self.sentence.start : self.sentence.end]

    @property
    def is_labelled(self) -> bool:
        return self.annotation is not None and self.annotation.label_id is not None


def _count(queryset: QuerySet) -> Coalesce:
    # COUNT(*) in a correlated subquery: unlike Count() over joins, several of these on one
    # queryset do not multiply each other's rows.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _labelled_by(user: User) -> QuerySet[Annotation]:
    return Annotation.objects.filter(annotator=user, is_current=True, label__isnull=False)


def projects_for(user: User) -> QuerySet[Project]:
    """The user's projects, each with the user's `role` in it."""
    role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    return Project.objects.filter(memberships__user=user).annotate(role=Subquery(role))


def projects_with_progress(user: User) -> QuerySet[Project]:
    """projects_for(), each with `total` sentences and the user's `labelled` count."""
    sentences = Sentence.objects.filter(article__project=OuterRef("pk"))
    return projects_for(user).annotate(
        total=_count(sentences),
        labelled=_count(_labelled_by(user).filter(sentence__article__project=OuterRef("pk"))),
    )


def owned_projects(user: User) -> QuerySet[Project]:
    """Projects the user owns: only owners may add articles."""
    return Project.objects.filter(memberships__user=user, memberships__role=Membership.Role.OWNER)


def articles_for(*, user: User, project: Project | None = None) -> QuerySet[Article]:
    """Articles in the user's projects (or in one of them), with their project."""
    articles = Article.objects.filter(project__memberships__user=user)
    if project is not None:
        articles = articles.filter(project=project)
    return articles.select_related("project")


def articles_with_progress(*, user: User, project: Project) -> QuerySet[Article]:
    """articles_for(), each with `total` sentences and the user's `labelled` count."""
    return articles_for(user=user, project=project).annotate(
        total=_count(Sentence.objects.filter(article=OuterRef("pk"))),
        labelled=_count(_labelled_by(user).filter(sentence__article=OuterRef("pk"))),
    )


def sentences_for(user: User) -> QuerySet[Sentence]:
    """Sentences in the user's projects."""
    return Sentence.objects.filter(article__project__memberships__user=user).select_related(
        "article__project"
    )


def current_labels(*, article: Article, annotator: User) -> dict[int, Annotation]:
    """The annotator's own current revisions in `article`, by sentence id."""
    annotations = Annotation.objects.filter(
        sentence__article=article, annotator=annotator, is_current=True
    ).select_related("label")
    return {annotation.sentence_id: annotation for annotation in annotations}


def sentence_rows(*, article: Article, annotator: User) -> list[SentenceRow]:
    """Every sentence of `article` in order with the annotator's label and the text between
    sentences, so that the rows joined together reproduce `article.text` exactly."""
    labels = current_labels(article=article, annotator=annotator)
    sentences = list(article.sentences.order_by("position"))
    rows = []
    previous_end = 0
    for index, sentence in enumerate(sentences):
        is_last = index == len(sentences) - 1
        rows.append(
            SentenceRow(
                sentence=sentence,
                annotation=labels.get(sentence.pk),
                gap_before=article.text[previous_end : sentence.start],
                gap_after=article.text[sentence.end :] if is_last else "",
            )
        )
        previous_end = sentence.end
    return rows


def article_progress(*, article: Article, annotator: User) -> Progress:
    """How many of `article`'s sentences the annotator has labelled (cleared ones are not)."""
    counts = (
        Article.objects.filter(pk=article.pk)
        .annotate(
            total=_count(Sentence.objects.filter(article=OuterRef("pk"))),
            labelled=_count(_labelled_by(annotator).filter(sentence__article=OuterRef("pk"))),
        )
        .values("total", "labelled")
        .get()
    )
    return Progress(**counts)


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


def projects_with_scheme(user: User) -> QuerySet[Project]:
    """projects_with_progress(), with each project's labels and members (and their users)
    prefetched."""
    members = Membership.objects.select_related("user").order_by("user__username")
    return projects_with_progress(user).prefetch_related(
        "labels", Prefetch("memberships", queryset=members)
    )


def article_summaries(*, user: User, project: Project) -> QuerySet[Article]:
    """articles_with_progress() without the text, which may run to megabytes per article."""
    return articles_with_progress(user=user, project=project).defer("text")


def articles_with_counts(user: User) -> QuerySet[Article]:
    """articles_for() in all the user's projects, each with `total` sentences and the user's
    `labelled` count."""
    return articles_for(user=user).annotate(
        total=_count(Sentence.objects.filter(article=OuterRef("pk"))),
        labelled=_count(_labelled_by(user).filter(sentence__article=OuterRef("pk"))),
    )


def sentences_with_own_label(*, article: Article, annotator: User) -> QuerySet[Sentence]:
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
    reviews = member_of.filter(role__in=[Membership.Role.REVIEWER, Membership.Role.OWNER])
    visible = Q(annotator=user, sentence__article__project__in=member_of) | Q(
        sentence__article__project__in=reviews
    )
    return _with_context(Annotation.objects.filter(visible))


def _with_context(annotations: QuerySet[Annotation]) -> QuerySet[Annotation]:
    # Who, which label, and the sentence's article and project, but not the article's
    # text: joined into every row, that would repeat megabytes per page.
    return annotations.select_related("annotator", "label", "sentence__article__project").defer(
        "sentence__article__text", "sentence__article__metadata"
    )


# Review: disputed sentences and the gold set. They show every annotator's label by name, so
# the project they take must come from projects_to_review(): reviewers and owners only.

REVIEW_ROLES = (Membership.Role.REVIEWER, Membership.Role.OWNER)
# An article's text may run to megabytes: joined into every row of a page, it would be
# repeated per sentence. review_rows() fetches only the few sentences around each one.
_BIG_ARTICLE_FIELDS = ("article__text", "article__metadata")


def projects_with_gold(user: User) -> QuerySet[Project]:
    """projects_for(), each with `sentence_count` and how many sentences have a current gold
    label: `gold_count`, and by method `gold_unanimous`, `gold_majority`, `gold_adjudicated`."""
    sentences = Sentence.objects.filter(article__project=OuterRef("pk"))
    gold = GoldLabel.objects.filter(sentence__article__project=OuterRef("pk"), is_current=True)
    method = GoldLabel.Method
    return projects_for(user).annotate(
        sentence_count=_count(sentences),
        gold_count=_count(gold),
        gold_unanimous=_count(gold.filter(method=method.UNANIMOUS)),
        gold_majority=_count(gold.filter(method=method.MAJORITY)),
        gold_adjudicated=_count(gold.filter(method=method.ADJUDICATED)),
    )


def projects_to_review(user: User) -> QuerySet[Project]:
    """projects_with_gold() limited to those the user reviews or owns."""
    return projects_with_gold(user).filter(
        memberships__user=user, memberships__role__in=REVIEW_ROLES
    )


def open_disputes(*, project: Project) -> QuerySet[Sentence]:
    """disputed_sentences() without a reviewer's decision, most disputed first."""
    return disputed_sentences(project=project).defer(*_BIG_ARTICLE_FIELDS)


def sentence_to_review(*, project: Project, pk: int) -> Sentence | None:
    """One sentence of `project`, loaded as open_disputes() loads them, or None."""
    sentences = Sentence.objects.filter(article__project=project).select_related("article")
    return sentences.defer(*_BIG_ARTICLE_FIELDS).filter(pk=pk).first()


def decided_sentences(*, project: Project) -> QuerySet[Sentence]:
    """Sentences of `project` whose current gold a reviewer decided, newest decision first."""
    decision = (
        GoldLabel.objects.filter(
            sentence=OuterRef("pk"), is_current=True, method=GoldLabel.Method.ADJUDICATED
        )
        .order_by()
        .values("pk")[:1]
    )
    return (
        Sentence.objects.filter(article__project=project)
        .annotate(decision=Subquery(decision))
        .filter(decision__isnull=False)
        .select_related("article")
        .defer(*_BIG_ARTICLE_FIELDS)
        .order_by("-decision")
    )


@dataclass(frozen=True)
class Votes:
    """The annotators who gave one label of the scheme to a sentence."""

    label: Label
    annotators: list[User]

    @property
    def count(self) -> int:
        return len(self.annotators)


@dataclass(frozen=True)
class ReviewRow:
    """A sentence as a reviewer sees it: with the sentences before and after it, every
    annotator's current label, and the history of its gold label."""

    sentence: Sentence
    votes: list[Votes]  # one per label of the scheme, in scheme order
    history: list[GoldLabel]  # every gold revision, newest first
    before: str  # article text from the previous sentence's start to this one's
    text: str
    after: str  # article text from this sentence's end to the next one's end

    @property
    def gold(self) -> GoldLabel | None:
        return next((gold for gold in self.history if gold.is_current), None)

    @property
    def is_decided(self) -> bool:
        return self.gold is not None and self.gold.method == GoldLabel.Method.ADJUDICATED

    @property
    def chosen(self) -> list[Votes]:
        """The labels annotators gave, most votes first."""
        return sorted((votes for votes in self.votes if votes.count), key=lambda v: -v.count)

    @property
    def label_count(self) -> int:
        return sum(votes.count for votes in self.votes)


def review_rows(*, sentences: Sequence[Sentence], labels: Sequence[Label]) -> list[ReviewRow]:
    """ReviewRows for `sentences` (of one project, `article` loaded) in the given order;
    `labels` is the project's scheme. Three queries, however many sentences."""
    ids = [sentence.pk for sentence in sentences]
    voters: dict[tuple[int, int], list[User]] = {}
    annotations = Annotation.objects.filter(sentence__in=ids, is_current=True, label__isnull=False)
    for annotation in annotations.select_related("annotator").order_by("annotator__username"):
        key = (annotation.sentence_id, annotation.label_id)
        voters.setdefault(key, []).append(annotation.annotator)
    history: dict[int, list[GoldLabel]] = {}
    golds = GoldLabel.objects.filter(sentence__in=ids).select_related("label", "reviewer")
    for gold in golds.order_by("-pk"):
        history.setdefault(gold.sentence_id, []).append(gold)
    contexts = _contexts(ids)
    rows = []
    for sentence in sentences:
        context_start, context = contexts[sentence.pk]
        start, end = sentence.start - context_start, sentence.end - context_start
        rows.append(
            ReviewRow(
                sentence=sentence,
                votes=[Votes(label, voters.get((sentence.pk, label.pk), [])) for label in labels],
                history=history.get(sentence.pk, []),
                before=context[:start],
                text=context[start:end],
                after=context[end:],
            )
        )
    return rows


def _contexts(ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """Where each sentence's context starts, and its text: from the start of the sentence
    before it to the end of the one after it, cut out by the database."""
    # order_by(): the models' default ordering would join articles and projects to sort.
    neighbour = Sentence.objects.filter(article=OuterRef("article")).order_by()
    before = neighbour.filter(position=OuterRef("position") - 1).values("start")[:1]
    after = neighbour.filter(position=OuterRef("position") + 1).values("end")[:1]
    rows = (
        Sentence.objects.filter(pk__in=ids)
        .annotate(
            context_start=Coalesce(Subquery(before), F("start")),
            context_end=Coalesce(Subquery(after), F("end")),
        )
        # Substr counts from 1, in characters as Python does (PostgreSQL and SQLite alike).
        .annotate(
            context=Substr(
                "article__text", F("context_start") + 1, F("context_end") - F("context_start")
            )
        )
        .order_by()
        .values_list("pk", "context_start", "context")
    )
    return {pk: (start, context) for pk, start, context in rows}


def current_annotations_for(user: User) -> QuerySet[Annotation]:
    """annotations_for(), current revisions only: each annotator's label as it stands."""
    return annotations_for(user).filter(is_current=True)


def current_annotation_id(*, sentence: Sentence, annotator: User) -> int | None:
    """The id of the annotator's current revision for `sentence`, if there is one."""
    return (
        Annotation.objects.filter(sentence=sentence, annotator=annotator, is_current=True)
        .values_list("pk", flat=True)
        .first()
    )
