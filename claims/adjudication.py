"""Turning annotators' labels into a gold set.

Gold is set automatically where the annotators agree (as the project's `auto_gold` says, once
`annotators_per_article` annotators labelled a sentence) and by a reviewer where they do not.
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
from django.db import transaction
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
from claims.flags import close_flags_decided, has_open_flag
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
from claims.revisions import (
    CurrentRevision,
    SentenceState,
    append_revision,
    locked_sentence_state,
)

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


def disputed_sentences(
    *, project: Project, include_adjudicated: bool = False, flagged: bool = False
) -> QuerySet:
    """Sentences of `project` with at least two current labels that do not agree, most
    disputed first: most distinct labels, then most labels, then article order. Each has
    `labels` and `distinct_labels` counts. Disagreeing is on the label, or, under one
    label, on the originating kinds of source (then `distinct_labels` is 1). Adjudicated
    ones are left out unless asked for. With `flagged`, sentences with an open flag
    (claims/flags.py) join them whatever their labels, adjudicated or not (a flag raised
    after a decision questions it), each with `flagged` true, before the undisputed ones
    of as many distinct labels."""
    sentences = Sentence.objects.filter(article__project=project).annotate(
        labels=Count("annotations", filter=_CURRENT_LABEL),
        distinct_labels=Count("annotations__label", filter=_CURRENT_LABEL, distinct=True),
    )
    agreeing = sentences.filter(labels__gte=2, distinct_labels=1)
    disputed = Q(labels__gte=2) & (Q(distinct_labels__gte=2) | Q(pk__in=_kind_disputes(agreeing)))
    if not include_adjudicated:
        adjudicated = GoldLabel.objects.filter(
            sentence=OuterRef("pk"), is_current=True, method=GoldLabel.Method.ADJUDICATED
        )
        disputed &= ~Q(Exists(adjudicated))
    order = ["-distinct_labels", "-labels", "article_id", "position"]
    if flagged:
        sentences = sentences.annotate(flagged=has_open_flag())
        disputed |= Q(flagged=True)
        order.insert(1, "-flagged")
    return sentences.filter(disputed).select_related("article").order_by(*order)


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
        for sentence_id, revisions in _values(annotations).items()
        if len({(r.label_id, originating_kinds(r.attributions)) for r in revisions}) > 1
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
    # See lock_sentence: two reviewers deciding at once take turns, and the second sees
    # the first one's decision.
    state = locked_sentence_state(sentence=sentence, project_id=project_id)
    wanted = check_attributions(
        attributions,
        text=sentence.article.text,
        kinds=state.kind_ids,
        label=label,
        sentence_start=sentence.start,
    )
    current = state.gold
    if (
        current is not None
        and current.method == GoldLabel.Method.ADJUDICATED
        and (current.label_id, current.note, current.attributions) == (label.pk, note, wanted)
    ):
        # First, so that a doubled request is answered as a repeat.
        return GoldLabel.objects.get(pk=current.pk)
    if based_on is not None and based_on != (current.pk if current else 0):
        raise StaleGold(_full(current))
    gold = _append(sentence, label, GoldLabel.Method.ADJUDICATED, current, reviewer=by, note=note)
    _store_attributions(gold, wanted, state.kind_ids)
    close_flags_decided(sentence=sentence, by=by)  # the decision answers them
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
    current = _current_gold(sentences)
    kinds: dict[int, dict[str, int]] = {}  # by project
    changed = 0
    for sentence in sentences:
        project_id = sentence.article.project_id
        if project_id not in kinds:
            kinds[project_id] = kind_ids_of(project_id=project_id)
        revisions = values.get(sentence.pk, [])
        changed += _refresh(sentence, revisions, current.get(sentence.pk), kinds[project_id])
    return changed


# Ids per IN (...) list: within SQLite's and psycopg's limits on a statement's parameters.
_PK_CHUNK = 5_000


def _values(annotations: QuerySet[Annotation]) -> dict[int, list[CurrentRevision]]:
    """By sentence, each current annotation in pk order, with its attributions: two
    queries per 5,000 annotations."""
    rows = list(
        annotations.order_by("pk").values_list("pk", "sentence_id", "annotator_id", "label_id")
    )
    attributions: dict[int, list[Attribution]] = {}
    # By the pks just read, not by `annotations` again as a subquery: for the review
    # queue's disputes that subquery is an aggregate, which PostgreSQL, planning on stale
    # statistics, ran once per attribution row (20 s for 480 rows).
    for start in range(0, len(rows), _PK_CHUNK):
        chunk = [pk for pk, *_ in rows[start : start + _PK_CHUNK]]
        for row in Attribution.objects.filter(annotation__in=chunk).select_related("kind"):
            attributions.setdefault(row.annotation_id, []).append(row)
    by_sentence: dict[int, list[CurrentRevision]] = {}
    for pk, sentence_id, annotator_id, label_id in rows:
        found = attributions.get(pk, [])
        specs = specs_of(found, kind_keys={row.kind_id: row.kind.key for row in found})
        by_sentence.setdefault(sentence_id, []).append(
            CurrentRevision(pk=pk, who=annotator_id, label_id=label_id, attributions=specs)
        )
    return by_sentence


def _current_gold(sentences: QuerySet[Sentence]) -> dict[int, CurrentRevision]:
    """By sentence, its current gold revision with its attributions: two queries."""
    golds = list(
        GoldLabel.objects.filter(sentence__in=sentences, is_current=True).values_list(
            "pk", "sentence_id", "reviewer_id", "label_id", "method", "note"
        )
    )
    rows: dict[int, list[GoldAttribution]] = {}
    found = GoldAttribution.objects.filter(gold__in=[pk for pk, *_ in golds]).select_related("kind")
    for row in found:
        rows.setdefault(row.gold_id, []).append(row)
    return {
        sentence_id: CurrentRevision(
            pk=pk,
            who=reviewer_id,
            label_id=label_id,
            method=method,
            note=note,
            attributions=specs_of(
                rows.get(pk, []), kind_keys={row.kind_id: row.kind.key for row in rows.get(pk, [])}
            ),
        )
        for pk, sentence_id, reviewer_id, label_id, method, note in golds
    }


def refresh_sentence_gold(*, sentence: Sentence, state: SentenceState) -> bool:
    """refresh_automatic_gold() for one sentence, as cheaply as the write path needs:
    called after every label change, by a caller that holds lock_sentence(sentence) and
    read `state` under it (with its own new revision in place), as record_label does; it
    reads nothing more. Returns whether its gold changed."""
    labelled = sorted(
        (revision for revision in state.annotations.values() if revision.label_id is not None),
        key=lambda revision: revision.pk,
    )
    return _refresh(sentence, labelled, state.gold, state.kind_ids)


def _refresh(
    sentence: Sentence,
    annotations: list[CurrentRevision],
    gold: CurrentRevision | None,
    kind_ids: Mapping[str, int],
) -> bool:
    """Set, keep or retire the sentence's automatic gold from its current labelled
    `annotations` (in pk order)."""
    if gold is not None and gold.method == GoldLabel.Method.ADJUDICATED:
        return False
    project = sentence.article.project
    # What two annotations must share to agree: the label, and the originating kinds.
    values = [(a.label_id, originating_kinds(a.attributions)) for a in annotations]
    earned = automatic_gold(
        values, required=project.annotators_per_article, policy=project.auto_gold
    )
    if earned is None:
        if gold is None:
            return False
        GoldLabel.objects.filter(pk=gold.pk).update(is_current=False)
        return True
    (label_id, _), method = earned
    # The earliest agreeing annotation lends the gold its attributions (spans and entities
    # may differ between annotators who agree on the kinds).
    specs = next(a for a, value in zip(annotations, values, strict=True) if value == earned[0])
    if gold is not None and (gold.label_id, gold.method, gold.attributions) == (
        label_id,
        method,
        specs.attributions,
    ):
        return False
    new = _append(sentence, Label(pk=label_id), method, gold)
    _store_attributions(new, specs.attributions, kind_ids)
    return True


def _full(gold: CurrentRevision | None) -> GoldLabel | None:
    return None if gold is None else GoldLabel.objects.select_related("label").get(pk=gold.pk)


def _append(
    sentence: Sentence,
    label: Label,
    method: str,
    current: CurrentRevision | None,
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
        replaces_id=current.pk if current else None,
    )
    return append_revision(new=new, current=current.pk if current else None)
