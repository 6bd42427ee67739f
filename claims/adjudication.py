"""Turning annotators' labels into a gold set.

Gold is set automatically where the annotators agree (as the project's `auto_gold` says, once
`labels_per_sentence` annotators labelled a sentence) and by a reviewer where they do not.
Agreeing means the same label and the same originating kinds of source (see
claims/attributions.py): annotators who both say "attribution" but one "anonymous" and the
other "named official" disagree. Gold carries attributions too: a reviewer's decision names
them (or takes one annotator's whole annotation); automatic gold copies those of the
earliest agreeing annotation.
Like annotations, gold labels are revisions: a change appends a row and moves `is_current`,
so who decided what, how and when stays queryable. Automatic gold never replaces a
reviewer's decision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from claims.attributions import (
    AttributionSpec,
    check_attributions,
    current_attributions,
    kind_ids_of,
    originating_kinds,
    row_fields,
    specs_of,
)
from claims.models import (
    Annotation,
    Attribution,
    GoldAttribution,
    GoldLabel,
    Label,
    Project,
    Sentence,
)
from claims.projects import may_review
from claims.revisions import append_revision, lock_sentence

_CURRENT_LABEL = Q(annotations__is_current=True, annotations__label__isnull=False)


class StaleGold(Exception):
    """Another reviewer changed the sentence's gold since this one loaded it."""

    def __init__(self, current: GoldLabel | None) -> None:
        super().__init__("the gold label was changed since it was loaded")
        self.current = current


class NotAReviewer(PermissionError):
    """Only a project's reviewers and owners decide gold labels."""


class NothingToTake(ValueError):
    """The annotator whose annotation a reviewer takes has no label for the sentence."""


def disputed_sentences(*, project: Project, include_adjudicated: bool = False) -> QuerySet:
    """Sentences of `project` with at least two current labels that do not agree, most
    disputed first: most distinct labels, then most labels, then article order. Each has
    `labels` and `distinct_labels` counts. Disagreeing is on the label, or, under one
    label, on the originating kinds of source (then `distinct_labels` is 1). Adjudicated
    ones are left out unless asked for."""
    sentences = (
        Sentence.objects.filter(article__project=project)
        .annotate(
            labels=Count("annotations", filter=_CURRENT_LABEL),
            distinct_labels=Count("annotations__label", filter=_CURRENT_LABEL, distinct=True),
        )
        .filter(labels__gte=2)
        .select_related("article")
        .order_by("-distinct_labels", "-labels", "article_id", "position")
    )
    sentences = sentences.filter(
        Q(distinct_labels__gte=2) | Q(pk__in=_kind_disputes(sentences.filter(distinct_labels=1)))
    )
    if not include_adjudicated:
        adjudicated = GoldLabel.objects.filter(
            sentence=OuterRef("pk"), is_current=True, method=GoldLabel.Method.ADJUDICATED
        )
        sentences = sentences.exclude(Exists(adjudicated))
    return sentences


def _kind_disputes(agreeing: QuerySet[Sentence]) -> list[int]:
    """Of sentences whose annotators agree on the label, those where they do not agree on
    the originating kinds. Only sentences with attributions can disagree so, and only
    theirs are read: two queries."""
    with_attributions = Annotation.objects.filter(
        Exists(Attribution.objects.filter(annotation=OuterRef("pk"))),
        sentence__in=agreeing.values("pk"),
        is_current=True,
    ).values("sentence_id")
    annotations = Annotation.objects.filter(
        sentence__in=with_attributions, is_current=True, label__isnull=False
    )
    return [
        sentence_id
        for sentence_id, values in _values(annotations).items()
        if len({value for _, value in values}) > 1
    ]


@transaction.atomic
def adjudicate(
    *,
    sentence: Sentence,
    label: Label | None = None,
    by: User,
    note: str = "",
    based_on: int | None = None,
    attributions: Sequence[AttributionSpec] | None = None,
    take_from: User | None = None,
) -> GoldLabel:
    """Make `label` and `attributions` the gold annotation of `sentence`, decided by
    reviewer `by`; with `take_from`, that annotator's current annotation, whole.

    Without `attributions` (a reviewer who only picks the label), the gold attributions
    are those of the first annotator, by username, whose current label is `label`.
    `based_on` is the pk of the gold revision the reviewer saw (0: none; None skips the
    check); if another is current by now, raises StaleGold rather than overwrite it.
    Deciding what is already the adjudicated gold with the same note changes nothing, even
    with a stale `based_on` (a doubled request, or two reviewers agreeing at once).
    Raises NotAReviewer for anyone but the project's reviewers and owners, NothingToTake
    for an annotator with no label here, ValueError for a label of another project, and
    InvalidAttribution.
    """
    project_id = sentence.article.project_id
    if not may_review(user=by, project_id=project_id):
        raise NotAReviewer(f"{by} is not a reviewer of this project")
    if take_from is not None:
        taken = (
            Annotation.objects.filter(
                sentence=sentence, annotator=take_from, is_current=True, label__isnull=False
            )
            .select_related("label")
            .first()
        )
        if taken is None:
            raise NothingToTake(f"{take_from} has no label for this sentence")
        label, attributions = taken.label, current_attributions(taken)[0]
    if label is None or label.project_id != project_id:
        raise ValueError(f"label {label.key if label else None!r} is not in this project's scheme")
    if attributions is None:
        attributions = _attributions_of_first(sentence, label)
    kind_ids = kind_ids_of(project_id=project_id)
    wanted = check_attributions(
        attributions,
        text=sentence.article.text,
        kinds=kind_ids,
        label=label,
        sentence_start=sentence.start,
    )
    current = _lock_current(sentence)
    if (
        current is not None
        and current.method == GoldLabel.Method.ADJUDICATED
        and (current.label_id, current.note) == (label.pk, note)
        and current_attributions(current)[0] == wanted
    ):
        return current  # first, so that a doubled request is answered as a repeat
    if based_on is not None and based_on != (current.pk if current else 0):
        raise StaleGold(current)
    gold = _append(sentence, label, GoldLabel.Method.ADJUDICATED, current, reviewer=by, note=note)
    _store_attributions(gold, wanted, kind_ids)
    return gold


def _attributions_of_first(sentence: Sentence, label: Label) -> tuple[AttributionSpec, ...]:
    first = (
        Annotation.objects.filter(sentence=sentence, is_current=True, label=label)
        .order_by("annotator__username")
        .first()
    )
    return current_attributions(first)[0]


def _store_attributions(
    gold: GoldLabel, specs: Sequence[AttributionSpec], kind_ids: Mapping[str, int]
) -> None:
    GoldAttribution.objects.bulk_create(
        GoldAttribution(gold=gold, **row_fields(spec, position=i, kind_ids=kind_ids))
        for i, spec in enumerate(specs)
    )


def automatic_gold[T: Hashable](
    labels: Iterable[T], *, required: int, policy: str
) -> tuple[T, str] | None:
    """The gold label and method that `labels` (one per current annotation: label ids here,
    label keys for imported files) earn by themselves, or None: at least `required` labels,
    all equal (`unanimous`), or with policy `majority`, one held by more than half of them
    (`majority`). The label comes back as given."""
    counts = Counter(labels)
    total = sum(counts.values())
    if total < required or not counts:
        return None
    label, top = counts.most_common(1)[0]
    if top == total:
        return label, GoldLabel.Method.UNANIMOUS
    if policy == Project.AutoGold.MAJORITY and 2 * top > total:
        return label, GoldLabel.Method.MAJORITY
    return None


# What two annotations must share to agree: the label, and the originating kinds of source.
type _Value = tuple[int, tuple[str, ...]]


@transaction.atomic
def refresh_automatic_gold(*, sentences: QuerySet[Sentence]) -> int:
    """Bring automatic gold up to date for `sentences` (all of one project or several):
    set it where the labels earn it, retire it where they no longer do. Adjudicated gold is
    left alone. Returns how many sentences changed. Call after labels change.

    The sentences are locked first, in id order, as every label write locks its sentence:
    a label saved meanwhile waits, and then refreshes its sentence's gold itself."""
    sentences = sentences.select_related("article__project").order_by("pk")
    list(Sentence.objects.select_for_update().filter(pk__in=sentences).order_by("pk").values("pk"))
    annotations = Annotation.objects.filter(
        sentence__in=sentences, is_current=True, label__isnull=False
    )
    values = _values(annotations)
    current = {
        gold.sentence_id: gold
        for gold in GoldLabel.objects.filter(sentence__in=sentences, is_current=True)
    }
    return sum(
        _refresh(sentence, values.get(sentence.pk, []), current.get(sentence.pk))
        for sentence in sentences
    )


def _values(annotations: QuerySet[Annotation]) -> dict[int, list[tuple[int, _Value]]]:
    """By sentence, each current annotation's pk and value, in pk order: two queries
    whatever their number."""
    rows = list(annotations.order_by("pk").values_list("pk", "sentence_id", "label_id"))
    attributions: dict[int, list[Attribution]] = {}
    for row in Attribution.objects.filter(annotation__in=annotations).select_related("kind"):
        attributions.setdefault(row.annotation_id, []).append(row)
    by_sentence: dict[int, list[tuple[int, _Value]]] = {}
    for pk, sentence_id, label_id in rows:
        found = attributions.get(pk, [])
        specs = specs_of(found, kind_keys={row.kind_id: row.kind.key for row in found})
        by_sentence.setdefault(sentence_id, []).append((pk, (label_id, originating_kinds(specs))))
    return by_sentence


# No savepoint of its own: it runs inside every label write, and _append() keeps the one
# that matters (a concurrent first gold row), so the write path saves two round trips.
@transaction.atomic(savepoint=False)
def refresh_sentence_gold(*, sentence: Sentence) -> bool:
    """refresh_automatic_gold() for one sentence, as cheaply as the write path needs:
    called after every label change, by a caller that holds lock_sentence(sentence), as
    record_label does. Returns whether its gold changed."""
    annotations = Annotation.objects.filter(sentence=sentence, is_current=True, label__isnull=False)
    gold = GoldLabel.objects.filter(sentence=sentence, is_current=True).first()
    try:
        return _refresh(sentence, _values(annotations).get(sentence.pk, []), gold)
    except StaleGold:
        # A reviewer's decision (or another label's refresh) set the first gold at the same
        # moment: theirs stands, and the label that triggered this is saved all the same.
        return False


def _refresh(sentence: Sentence, values: list[tuple[int, _Value]], gold: GoldLabel | None) -> bool:
    if gold is not None and gold.method == GoldLabel.Method.ADJUDICATED:
        return False
    project = sentence.article.project
    earned = automatic_gold(
        [value for _, value in values],
        required=project.labels_per_sentence,
        policy=project.auto_gold,
    )
    if earned is None:
        if gold is None:
            return False
        GoldLabel.objects.filter(pk=gold.pk).update(is_current=False)
        return True
    (label_id, _), method = earned
    # The earliest agreeing annotation lends the gold its attributions (spans and entities
    # may differ between annotators who agree on the kinds).
    source = min(pk for pk, value in values if value == earned[0])
    specs, kind_ids = current_attributions(Annotation(pk=source))
    unchanged = gold is not None and (gold.label_id, gold.method) == (label_id, method)
    if unchanged and current_attributions(gold)[0] == specs:
        return False
    new = _append(sentence, Label(pk=label_id), method, gold)
    _store_attributions(new, specs, kind_ids)
    return True


def _lock_current(sentence: Sentence) -> GoldLabel | None:
    # See lock_sentence: two reviewers deciding at once take turns, and the second sees
    # the first one's decision.
    lock_sentence(sentence)
    return GoldLabel.objects.filter(sentence=sentence, is_current=True).first()


def _append(
    sentence: Sentence,
    label: Label,
    method: str,
    current: GoldLabel | None,
    *,
    reviewer: User | None = None,
    note: str = "",
) -> GoldLabel:
    # The gold twin of annotations._append_revision, on purpose: each builds its own row
    # (the fields differ) and hands it to revisions.append_revision, the shared part.
    new = GoldLabel(
        sentence=sentence,
        label=label,
        method=method,
        reviewer=reviewer,
        note=note,
        replaces=current,
    )
    try:
        return append_revision(new=new, current=current)
    except IntegrityError as error:
        # A concurrent decision inserted the first gold row for this sentence.
        winner = GoldLabel.objects.filter(sentence=sentence, is_current=True).first()
        raise StaleGold(winner) from error
