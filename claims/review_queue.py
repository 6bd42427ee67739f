"""Reads for the review of disagreements: disputed sentences, the gold set, and each
disputed sentence with its context and every annotator's annotation by name (a reading:
the label and the attributions, claims/readings.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.db.models import (
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Substr

from claims.adjudication import disputed_sentences
from claims.flags import open_flags, open_send_backs_of
from claims.models import (
    Annotation,
    Attribution,
    Flag,
    GoldAttribution,
    GoldLabel,
    Label,
    Project,
    SendBack,
    Sentence,
)
from claims.queries import projects_for, subquery_count
from claims.readings import (
    ListedAttribution,
    MentionKey,
    Reading,
    SentenceContext,
    first_mentions,
    listed_attributions,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Gold(TypedDict):
    role: str  # these two as projects_for() has them
    is_reviewer: bool
    sentence_count: int
    gold_count: int
    gold_unanimous: int
    gold_majority: int
    gold_adjudicated: int


type ProjectWithGold = WithAnnotations[Project, _Gold]  # the rows of projects_with_gold()

# They show every annotator's label by name, so
# the project they take must come from projects_to_review(): reviewers and owners only.

# An article's text may run to megabytes: joined into every row of a page, it would be
# repeated per sentence. review_rows() fetches only the few sentences around each one.
_BIG_ARTICLE_FIELDS = ("article__text", "article__metadata")


def projects_with_gold(user: User) -> QuerySet[ProjectWithGold]:
    """projects_for(), each with `sentence_count` and how many sentences have a current gold
    label: `gold_count`, and by method `gold_unanimous`, `gold_majority`, `gold_adjudicated`."""
    sentences = Sentence.objects.filter(article__project=OuterRef("pk"))
    gold = GoldLabel.objects.filter(sentence__article__project=OuterRef("pk"), is_current=True)
    method = GoldLabel.Method
    return projects_for(user).annotate(
        sentence_count=subquery_count(sentences),
        gold_count=subquery_count(gold),
        gold_unanimous=subquery_count(gold.filter(method=method.UNANIMOUS)),
        gold_majority=subquery_count(gold.filter(method=method.MAJORITY)),
        gold_adjudicated=subquery_count(gold.filter(method=method.ADJUDICATED)),
    )


def projects_to_review(user: User) -> QuerySet[ProjectWithGold]:
    """projects_with_gold() limited to those the user reviews or owns."""
    return projects_with_gold(user).filter(is_reviewer=True)


def open_disputes(*, project: Project) -> QuerySet[Sentence]:
    """disputed_sentences() without a reviewer's decision, and the sentences annotators
    flagged as unsure, most disputed first."""
    return disputed_sentences(project=project, flagged=True).defer(*_BIG_ARTICLE_FIELDS)


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
    annotator's current annotation, and the history of its gold label."""

    sentence: Sentence
    votes: list[Votes]  # one per label of the scheme, in scheme order
    history: list[GoldLabel]  # every gold revision, newest first
    before: str  # article text from the previous sentence's start to this one's
    text: str
    after: str  # article text from this sentence's end to the next one's end
    readings: list[Reading]  # each labelling annotator's, in username order
    gold_reading: Reading | None  # the current gold's
    flags: list[Flag] = field(default_factory=list)  # open ones, in the order raised
    send_backs: list[SendBack] = field(default_factory=list)  # open ones, in the order sent

    @property
    def send_back_choices(self) -> list[User]:
        """Who the sentence may be sent back to: annotators who labelled or flagged it and
        have no open send-back of it, by username."""
        waiting = {send_back.annotator_id for send_back in self.send_backs}
        found = {r.annotator.pk: r.annotator for r in self.readings if r.annotator}
        found |= {flag.annotator_id: flag.annotator for flag in self.flags}
        chosen = [user for pk, user in found.items() if pk not in waiting]
        return sorted(chosen, key=lambda user: user.username.lower())

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
    `labels` is the project's scheme. Nine queries, however many sentences and
    attributions."""
    ids = [sentence.pk for sentence in sentences]
    annotations: dict[int, list[Annotation]] = {}  # by sentence, in username order
    current = Annotation.objects.filter(sentence__in=ids, is_current=True, label__isnull=False)
    for annotation in current.select_related("annotator").order_by("annotator__username"):
        annotations.setdefault(annotation.sentence_id, []).append(annotation)
    history: dict[int, list[GoldLabel]] = {}
    golds = GoldLabel.objects.filter(sentence__in=ids).select_related("label", "reviewer")
    for revision in golds.order_by("-pk"):
        history.setdefault(revision.sentence_id, []).append(revision)
    attributions = listed_attributions(
        Attribution.objects.filter(annotation__sentence__in=ids, annotation__is_current=True),
        parent="annotation_id",
        article_text="annotation__sentence__article__text",
    )
    gold_attributions = listed_attributions(
        GoldAttribution.objects.filter(gold__sentence__in=ids, gold__is_current=True),
        parent="gold_id",
        article_text="gold__sentence__article__text",
    )
    named = _first_mentions(sentences, attributions, gold_attributions)
    contexts = _contexts(ids)
    by_pk = {label.pk: label for label in labels}
    flags, send_backs = open_flags(sentences=ids), open_send_backs_of(sentences=ids)
    rows = []
    for sentence in sentences:
        context_start, context = contexts[sentence.pk]
        start, end = sentence.start - context_start, sentence.end - context_start
        around = SentenceContext(sentence.start, sentence.end, context_start, context)
        revisions = history.get(sentence.pk, [])
        gold = next((gold for gold in revisions if gold.is_current), None)
        gold_reading = (
            around.reading(
                gold.label, _named(gold_attributions.get(gold.pk, []), named, sentence, None)
            )
            if gold
            else None
        )
        readings = [
            around.reading(
                by_pk[annotation.label_id or 0],  # never 0: label__isnull=False
                _named(
                    attributions.get(annotation.pk, []), named, sentence, annotation.annotator_id
                ),
                annotator=annotation.annotator,
                number=number,
                gold=gold_reading,
            )
            for number, annotation in enumerate(annotations.get(sentence.pk, []), start=1)
        ]
        rows.append(
            ReviewRow(
                sentence=sentence,
                votes=[Votes(label, _by(readings, label)) for label in labels],
                history=revisions,
                before=context[:start],
                text=context[start:end],
                after=context[end:],
                readings=readings,
                gold_reading=gold_reading,
                flags=flags.get(sentence.pk, []),
                send_backs=send_backs.get(sentence.pk, []),
            )
        )
    return rows


def _first_mentions(
    sentences: Sequence[Sentence],
    attributions: dict[int, list[ListedAttribution]],
    gold_attributions: dict[int, list[ListedAttribution]],
) -> dict[MentionKey, str]:
    """The first mention of every entity the rows show: an annotator's among their own
    current attributions in the article, the gold's among the article's current gold."""
    articles = {sentence.article_id for sentence in sentences}

    def entities(found: dict[int, list[ListedAttribution]]) -> set[str]:
        return {item.spec.entity for listed in found.values() for item in listed}

    return first_mentions(
        Attribution.objects.filter(
            annotation__is_current=True, annotation__sentence__article__in=articles
        ),
        article="annotation__sentence__article_id",
        owner="annotation__annotator_id",
        article_text="annotation__sentence__article__text",
        entities=entities(attributions),
    ) | first_mentions(
        GoldAttribution.objects.filter(gold__is_current=True, gold__sentence__article__in=articles),
        article="gold__sentence__article_id",
        owner=None,
        article_text="gold__sentence__article__text",
        entities=entities(gold_attributions),
    )


def _named(
    listed: list[ListedAttribution],
    named: dict[MentionKey, str],
    sentence: Sentence,
    owner: int | None,
) -> list[ListedAttribution]:
    return [
        replace(item, entity_text=named.get((sentence.article_id, owner, item.spec.entity), ""))
        for item in listed
    ]


def _by(readings: Sequence[Reading], label: Label) -> list[User]:
    return [
        reading.annotator for reading in readings if reading.annotator and reading.label == label
    ]


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
