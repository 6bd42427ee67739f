"""Annotators' labels for sentences, kept as revisions.

A change never edits a row: it appends a revision and moves `is_current` to it, so who
labelled what, when, and how they changed their mind stays queryable. Undo is a change
too: it appends a revision that restores the earlier label and names the one it undoes.
A revision's attributions (claims/attributions.py) are part of it: the label and its
attributions are one value, changed, compared and undone together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from claims.adjudication import refresh_sentence_gold
from claims.attributions import (
    AttributionSpec,
    check_attributions,
    current_attributions,
    fitting,
    kind_ids_of,
    row_fields,
)
from claims.models import Annotation, Article, Attribution, Label, Sentence
from claims.revisions import append_revision, lock_sentence

# `based_on` value meaning "the client saw no revision": the sentence was unlabelled.
NO_REVISION = 0
# An annotator who leaves a sentence open overnight did not work on it for a day: more
# seconds than this are refused (the page's script stops counting long before).
MAX_SECONDS = 24 * 60 * 60


class StaleAnnotation(Exception):
    """The client's view of a sentence is out of date: another tab or request changed it.

    `current` is the revision that is current now (None if there is none), so a door can
    show the annotator what is actually saved instead of overwriting it.
    """

    def __init__(self, current: Annotation | None) -> None:
        super().__init__("the sentence was changed since it was loaded")
        self.current = current


class LabelNotInScheme(ValueError):
    """The label belongs to another project's scheme than the sentence's."""


@dataclass(frozen=True, slots=True)
class LabelChange:
    """What record_label did: the annotator's current revision for the sentence now (None
    when it has none: a clear of a sentence never labelled), and whether this call stored
    it (False: it was current already, so a repeated request changed nothing)."""

    annotation: Annotation | None
    is_new: bool


@transaction.atomic
def record_label(
    *,
    sentence: Sentence,
    annotator: User,
    label: Label | None,
    based_on: int | None = None,
    seconds: float | None = None,
    attributions: Sequence[AttributionSpec] | None = None,
) -> LabelChange:
    """Make `label` the annotator's current label for `sentence`; `label=None` clears it.

    `based_on` is the pk of the revision the client last saw, or NO_REVISION if it saw the
    sentence unlabelled; None skips the check (scripts). If another revision is current by
    now, raises StaleAnnotation rather than overwrite that work. Asking for what is
    already current changes nothing (a double submit is not a conflict): the change
    returned then is not new, and for a sentence that was never labelled it holds None.
    `seconds` (>= 0) is the time the annotator spent on the sentence.
    `attributions` replace the revision's attributions (`[]`: none); None keeps those
    that fit the new label (attributions.fitting), so relabelling does not lose sources.
    Raises LabelNotInScheme for a label of another project, InvalidAttribution for an
    attribution that breaks a rule (attributions.check_attributions).
    """
    article = sentence.article
    if label is not None and label.project_id != article.project_id:
        raise LabelNotInScheme(f"label {label.key!r} is not in this project's scheme")
    if seconds is not None and not 0 <= seconds <= MAX_SECONDS:
        raise ValueError(f"seconds spent must be between 0 and {MAX_SECONDS}, not {seconds}")
    kind_ids: dict[str, int] = {}
    wanted: tuple[AttributionSpec, ...] | None = None
    if attributions is not None:
        if attributions:
            kind_ids = kind_ids_of(project_id=article.project_id)
        wanted = check_attributions(
            attributions,
            text=article.text,
            kinds=kind_ids,
            label=label,
            sentence_start=sentence.start,
        )
    current = _lock_current(sentence=sentence, annotator=annotator)
    saved, saved_kinds = current_attributions(current)
    kind_ids |= saved_kinds
    if wanted is None:
        wanted = fitting(saved, label=label)
    label_id = label.pk if label else None
    if (current.label_id if current else None, saved) == (label_id, wanted):
        return LabelChange(annotation=current, is_new=False)
    seen = current.pk if current else NO_REVISION
    if based_on is not None and based_on != seen:
        raise StaleAnnotation(current)
    annotation = _append_revision(
        sentence=sentence,
        annotator=annotator,
        label=label,
        current=current,
        seconds=seconds,
        attributions=wanted,
        kind_ids=kind_ids,
    )
    return LabelChange(annotation=annotation, is_new=True)


@transaction.atomic
def undo_last_change(*, article: Article, annotator: User) -> Annotation | None:
    """Take back the annotator's newest change in `article` that is not undone yet.

    Changes form a stack: each call undoes the next older one, restoring the label the
    sentence had before it (or clearing it). The undo itself is appended as a revision whose
    `undoes` names the change it took back. Returns that revision, or None when there is
    nothing left to undo. Raises StaleAnnotation if a concurrent request changed the
    sentence at the same moment.
    """
    change = (
        Annotation.objects.filter(
            sentence__article=article,
            annotator=annotator,
            undoes__isnull=True,  # undos themselves are not changes to undo
            undone_by__isnull=True,
        )
        .select_related("sentence", "replaces__label")
        .order_by("-pk")
        .first()
    )
    if change is None:
        return None
    # Every newer change was undone already, in reverse order, so the sentence still shows
    # what `change` set; restoring what `change` replaced is therefore always a real change.
    sentence = change.sentence
    current = _lock_current(sentence=sentence, annotator=annotator)
    if current is None:
        raise StaleAnnotation(None)
    restored = change.replaces.label if change.replaces else None
    # The label and its attributions come back together.
    attributions, kind_ids = current_attributions(change.replaces)
    return _append_revision(
        sentence=sentence,
        annotator=annotator,
        label=restored,
        current=current,
        undoes=change,
        attributions=attributions,
        kind_ids=kind_ids,
    )


def _lock_current(*, sentence: Sentence, annotator: User) -> Annotation | None:
    """The annotator's current revision, read once this request has the sentence to
    itself: a request identical to one being saved waits for it, then finds it current."""
    lock_sentence(sentence)
    return Annotation.objects.filter(
        sentence=sentence, annotator=annotator, is_current=True
    ).first()


def _append_revision(
    *,
    sentence: Sentence,
    annotator: User,
    label: Label | None,
    current: Annotation | None,
    seconds: float | None = None,
    undoes: Annotation | None = None,
    attributions: Sequence[AttributionSpec] = (),
    kind_ids: Mapping[str, int] = MappingProxyType({}),
) -> Annotation:
    # Its keywords are the revision's fields, so its callers and this constructor read
    # alike by design; the shared mechanism is revisions.append_revision.
    new = Annotation(
        sentence=sentence,
        annotator=annotator,
        label=label,
        replaces=current,
        undoes=undoes,
        seconds=seconds,
        is_current=True,
    )
    try:
        append_revision(new=new, current=current)
    except IntegrityError as error:
        # Another request inserted the first revision for this sentence at the same moment.
        winner = Annotation.objects.filter(
            sentence=sentence, annotator=annotator, is_current=True
        ).first()
        if winner is None:
            raise
        raise StaleAnnotation(winner) from error
    # In the caller's transaction: a revision is never seen without its attributions.
    Attribution.objects.bulk_create(
        Attribution(annotation=new, **row_fields(spec, position=i, kind_ids=kind_ids))
        for i, spec in enumerate(attributions)
    )
    # Gold follows agreement: set when the labels earn it, retired when they no longer do
    # (a reviewer's decision is never touched).
    refresh_sentence_gold(sentence=sentence)
    return new
