"""Annotators' labels for sentences, kept as revisions.

A change never edits a row: it appends a revision and moves `is_current` to it, so who
labelled what, when, and how they changed their mind stays queryable. Undo is a change
too: it appends a revision that restores the earlier label and names the one it undoes.
A revision's attributions (claims/attributions.py) are part of it: the label and its
attributions are one value, changed, compared and undone together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.contrib.auth.models import User
from django.db import transaction

from claims.adjudication import refresh_sentence_gold
from claims.attributions import (
    AttributionSpec,
    check_attributions,
    current_attributions,
    fitting,
    row_fields,
)
from claims.models import Annotation, Article, Attribution, Label, Sentence
from claims.revisions import (
    CurrentRevision,
    SentenceState,
    append_revision,
    locked_sentence_state,
)

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


class HiddenLabel(LabelNotInScheme):
    """The label is hidden from new work (claims/scheme.py): its earlier uses stay, but no
    revision may take it up anew."""


@dataclass(frozen=True, slots=True)
class LabelChange:
    """What record_label did: the annotator's current revision for the sentence now (None
    when it has none: a clear of a sentence never labelled), and whether this call stored
    it (False: it was current already, so a repeated request changed nothing). With the
    attributions it has and those of the revision it replaced, so that a door can redraw
    where they are without reading them again."""

    annotation: Annotation | None
    is_new: bool
    attributions: tuple[AttributionSpec, ...] = ()
    replaced: tuple[AttributionSpec, ...] = ()
    replaced_label_id: int | None = None  # the label of the revision it replaced

    @property
    def labelled_change(self) -> int:
        """How the annotator's count of labelled sentences changed: +1, 0 or -1."""
        if not self.is_new or self.annotation is None:
            return 0
        return int(self.annotation.label_id is not None) - int(self.replaced_label_id is not None)


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
    Raises LabelNotInScheme for a label of another project, HiddenLabel for a hidden one,
    InvalidAttribution for an attribution that breaks a rule (attributions.check_attributions).
    A hidden label or kind the annotator's current revision has already may stay, so that
    work begun before it was hidden can still be edited.
    """
    article = sentence.article
    if label is not None and label.project_id != article.project_id:
        raise LabelNotInScheme(f"label {label.key!r} is not in this project's scheme")
    if seconds is not None and not 0 <= seconds <= MAX_SECONDS:
        raise ValueError(f"seconds spent must be between 0 and {MAX_SECONDS}, not {seconds}")
    state = _lock_state(sentence=sentence)
    current = state.annotations.get(annotator.pk)
    saved = current.attributions if current else ()
    if label is not None and label.hidden and (current is None or current.label_id != label.pk):
        raise HiddenLabel(f"label {label.key!r} is hidden from new work; choose another label")
    if attributions is None:
        wanted = fitting(saved, label=label)
    else:
        wanted = check_attributions(
            attributions,
            text=article.text,
            kinds=state.kind_ids,
            label=label,
            sentence_start=sentence.start,
            hidden=state.hidden_kinds - {spec.kind for spec in saved},
        )
    label_id = label.pk if label else None
    if (current.label_id if current else None, saved) == (label_id, wanted):
        # A repeat: rare, so the full row is read only now.
        return LabelChange(annotation=_full(current), is_new=False, attributions=saved)
    seen = current.pk if current else NO_REVISION
    if based_on is not None and based_on != seen:
        raise StaleAnnotation(_full(current))
    annotation = _append_revision(
        sentence=sentence,
        annotator=annotator,
        label=label,
        state=state,
        seconds=seconds,
        attributions=wanted,
    )
    return LabelChange(
        annotation=annotation,
        is_new=True,
        attributions=wanted,
        replaced=saved,
        replaced_label_id=current.label_id if current else None,
    )


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
    state = _lock_state(sentence=sentence)
    if annotator.pk not in state.annotations:
        raise StaleAnnotation(None)
    restored = change.replaces.label if change.replaces else None
    # The label and its attributions come back together.
    attributions, _ = current_attributions(change.replaces)
    return _append_revision(
        sentence=sentence,
        annotator=annotator,
        label=restored,
        state=state,
        undoes=change,
        attributions=attributions,
    )


def _lock_state(*, sentence: Sentence) -> SentenceState:
    """The sentence's current revisions, read once this request has the sentence to
    itself: a request identical to one being saved waits for it, then finds it current."""
    return locked_sentence_state(sentence=sentence, project_id=sentence.article.project_id)


def _full(revision: CurrentRevision | None) -> Annotation | None:
    return (
        None if revision is None else Annotation.objects.select_related("label").get(pk=revision.pk)
    )


def _append_revision(
    *,
    sentence: Sentence,
    annotator: User,
    label: Label | None,
    state: SentenceState,
    seconds: float | None = None,
    undoes: Annotation | None = None,
    attributions: Sequence[AttributionSpec] = (),
) -> Annotation:
    # Its keywords are the revision's fields, so its callers and this constructor read
    # alike by design; the shared mechanism is revisions.append_revision.
    current = state.annotations.get(annotator.pk)
    new = Annotation(
        sentence=sentence,
        annotator=annotator,
        label=label,
        replaces_id=current.pk if current else None,
        undoes=undoes,
        seconds=seconds,
        guideline_version=state.guideline_version,
        is_current=True,
    )
    append_revision(new=new, current=current.pk if current else None)
    # In the caller's transaction: a revision is never seen without its attributions.
    Attribution.objects.bulk_create(
        Attribution(annotation=new, **row_fields(spec, position=i, kind_ids=state.kind_ids))
        for i, spec in enumerate(attributions)
    )
    # Gold follows agreement: set when the labels earn it, retired when they no longer do
    # (a reviewer's decision is never touched). Decided from what was read under the lock,
    # with this revision in place of the one it replaces.
    now = CurrentRevision(
        pk=new.pk, who=annotator.pk, label_id=new.label_id, attributions=tuple(attributions)
    )
    refresh_sentence_gold(
        sentence=sentence, state=replace(state, annotations=state.annotations | {annotator.pk: now})
    )
    return new
