"""Rows kept as revisions: appended, never edited, one current row per subject.

Annotations (one current per sentence and annotator) and gold labels (one per sentence)
both keep their history this way, and share how a revision is appended: the current row
is retired and the new one inserted, in that order and in a savepoint of their own. The
order, because a partial unique constraint allows one current row per subject at any
moment; the savepoint, because when a concurrent request inserted a current row first, the
constraint refuses ours and only the savepoint is undone: the caller's transaction stays
usable to read what won.
"""

from __future__ import annotations

from django.db import models, transaction

from claims.models import Sentence


class SentenceGone(Exception):
    """The sentence was deleted meanwhile: its article was segmented again by an import
    that replaced it (import with update, which refuses only once labels exist)."""


def lock_sentence(sentence: Sentence) -> None:
    """Hold `sentence`'s row lock until the transaction ends. Every change to a sentence's
    revisions (any annotator's label, its gold) takes it first, so they happen one at a
    time and each reads what the one before committed.

    Locking the current revision's row instead is not enough: while one request waits for
    that lock, the other retires the row, and PostgreSQL, re-checking `is_current` on the
    new row version, skips it, so the waiting request finds no current revision at all.
    And before a sentence's first revision there is no row to lock.
    Raises SentenceGone if the sentence no longer exists."""
    if not list(Sentence.objects.select_for_update().filter(pk=sentence.pk).values_list("pk")):
        raise SentenceGone(f"sentence {sentence.pk} no longer exists")


def append_revision[R: models.Model](*, new: R, current: R | None) -> R:
    """Insert `new` (unsaved, current) in place of `current`, the subject's current row
    (None for its first revision). Raises IntegrityError when another current row exists
    by now; then nothing was written."""
    with transaction.atomic():
        if current is not None:
            type(new)._default_manager.filter(pk=current.pk).update(is_current=False)
        new.save(force_insert=True)
    return new
