"""Turning annotators' labels into a gold set.

Gold is set automatically where the annotators agree (as the project's `auto_gold` says, once
`labels_per_sentence` annotators labelled a sentence) and by a reviewer where they do not.
Like annotations, gold labels are revisions: a change appends a row and moves `is_current`,
so who decided what, how and when stays queryable. Automatic gold never replaces a
reviewer's decision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from claims.models import Annotation, GoldLabel, Label, Project, Sentence
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


def disputed_sentences(*, project: Project, include_adjudicated: bool = False) -> QuerySet:
    """Sentences of `project` with at least two current labels that are not unanimous, most
    disputed first: most distinct labels, then most labels, then article order. Each has
    `labels` and `distinct_labels` counts. Adjudicated ones are left out unless asked for."""
    sentences = (
        Sentence.objects.filter(article__project=project)
        .annotate(
            labels=Count("annotations", filter=_CURRENT_LABEL),
            distinct_labels=Count("annotations__label", filter=_CURRENT_LABEL, distinct=True),
        )
        .filter(labels__gte=2, distinct_labels__gte=2)
        .select_related("article")
        .order_by("-distinct_labels", "-labels", "article_id", "position")
    )
    if not include_adjudicated:
        adjudicated = GoldLabel.objects.filter(
            sentence=OuterRef("pk"), is_current=True, method=GoldLabel.Method.ADJUDICATED
        )
        sentences = sentences.exclude(Exists(adjudicated))
    return sentences


@transaction.atomic
def adjudicate(
    *, sentence: Sentence, label: Label, by: User, note: str = "", based_on: int | None = None
) -> GoldLabel:
    """Make `label` the gold label of `sentence`, decided by reviewer `by`.

    `based_on` is the pk of the gold revision the reviewer saw (0: none; None skips the
    check); if another is current by now, raises StaleGold rather than overwrite it.
    Deciding what is already the adjudicated gold with the same note changes nothing, even
    with a stale `based_on` (a doubled request, or two reviewers agreeing at once).
    Raises NotAReviewer for anyone but the project's reviewers and owners, and ValueError
    for a label of another project.
    """
    project_id = sentence.article.project_id
    if label.project_id != project_id:
        raise ValueError(f"label {label.key!r} is not in this project's scheme")
    if not may_review(user=by, project_id=project_id):
        raise NotAReviewer(f"{by} is not a reviewer of this project")
    current = _lock_current(sentence)
    if (
        current is not None
        and current.method == GoldLabel.Method.ADJUDICATED
        and (current.label_id, current.note) == (label.pk, note)
    ):
        return current  # first, so that a doubled request is answered as a repeat
    if based_on is not None and based_on != (current.pk if current else 0):
        raise StaleGold(current)
    return _append(sentence, label, GoldLabel.Method.ADJUDICATED, current, reviewer=by, note=note)


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
    left alone. Returns how many sentences changed. Call after labels change."""
    sentences = sentences.select_related("article__project")
    labels: dict[int, list[int]] = {}
    for sentence_id, label_id in Annotation.objects.filter(
        sentence__in=sentences, is_current=True, label__isnull=False
    ).values_list("sentence_id", "label_id"):
        labels.setdefault(sentence_id, []).append(label_id)
    current = {
        gold.sentence_id: gold
        for gold in GoldLabel.objects.select_for_update().filter(
            sentence__in=sentences, is_current=True
        )
    }
    return sum(
        _refresh(sentence, labels.get(sentence.pk, []), current.get(sentence.pk))
        for sentence in sentences
    )


# No savepoint of its own: it runs inside every label write, and _append() keeps the one
# that matters (a concurrent first gold row), so the write path saves two round trips.
@transaction.atomic(savepoint=False)
def refresh_sentence_gold(*, sentence: Sentence) -> bool:
    """refresh_automatic_gold() for one sentence, as cheaply as the write path needs:
    called after every label change, by a caller that holds lock_sentence(sentence), as
    record_label does. Returns whether its gold changed."""
    labels = Annotation.objects.filter(sentence=sentence, is_current=True, label__isnull=False)
    gold = GoldLabel.objects.filter(sentence=sentence, is_current=True).first()
    try:
        return _refresh(sentence, list(labels.values_list("label_id", flat=True)), gold)
    except StaleGold:
        # A reviewer's decision (or another label's refresh) set the first gold at the same
        # moment: theirs stands, and the label that triggered this is saved all the same.
        return False


def _refresh(sentence: Sentence, labels: list[int], gold: GoldLabel | None) -> bool:
    if gold is not None and gold.method == GoldLabel.Method.ADJUDICATED:
        return False
    project = sentence.article.project
    earned = automatic_gold(labels, required=project.labels_per_sentence, policy=project.auto_gold)
    if ((gold.label_id, gold.method) if gold else None) == earned:
        return False
    if earned is None:
        assert gold is not None  # both None would have been equal above
        GoldLabel.objects.filter(pk=gold.pk).update(is_current=False)
    else:
        _append(sentence, Label(pk=earned[0]), earned[1], gold)
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
