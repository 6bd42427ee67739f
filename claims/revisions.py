"""Rows kept as revisions: appended, never edited, one current row per subject.

Annotations (one current per sentence and annotator) and gold labels (one per sentence)
both keep their history this way, and share how a revision is appended: the current row
is retired and the new one inserted, in that order, because a partial unique constraint
allows one current row per subject at any moment. Every writer holds the sentence's lock
(lock_sentence) first, so no two requests append to one subject at once; the constraint is
the last guard, and a write it refuses fails whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from django.db import connection, models
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

from claims.attributions import AttributionSpec, Span
from claims.models import (
    Annotation,
    Attribution,
    GoldAttribution,
    GoldLabel,
    Project,
    Sentence,
    SourceKind,
)


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
    # No ordering: the models' default one joins the project, and FOR UPDATE would lock
    # the project's row too, making every save in a project wait for all the others.
    # (An import that segments an article again locks its sentences before it counts
    # their labels, so this lock is enough for that too.)
    if not list(
        Sentence.objects.select_for_update().filter(pk=sentence.pk).order_by().values_list("pk")
    ):
        raise SentenceGone(f"sentence {sentence.pk} no longer exists")


def append_revision[R: models.Model](*, new: R, current: int | None) -> R:
    """Insert `new` (unsaved, current) in place of the subject's current row, whose pk is
    `current` (None for its first revision), in the caller's transaction, which holds the subject's
    sentence lock. No savepoint: under the lock no other current row can appear, and two
    statements fewer is a tenth of a label save."""
    if current is not None:
        type(new)._default_manager.filter(pk=current).update(is_current=False)
    new.save(force_insert=True)
    return new


@dataclass(frozen=True, slots=True)
class CurrentRevision:
    """A current revision of a sentence as plain values: an annotator's (`who` is the
    annotator) or the gold one (`who` is its reviewer, None for automatic gold)."""

    pk: int
    who: int | None
    label_id: int | None
    attributions: tuple[AttributionSpec, ...] = ()
    method: str = ""  # gold only
    note: str = ""  # gold only


@dataclass(frozen=True, slots=True)
class SentenceState:
    """What a write to a sentence decides from: every annotator's current revision (by
    annotator id), the current gold revision, the project's source kinds (key to pk), and
    the number of its guidelines' current version, which a new revision records."""

    annotations: dict[int, CurrentRevision]
    gold: CurrentRevision | None
    kind_ids: dict[str, int]
    guideline_version: int = 1
    hidden_kinds: frozenset[str] = frozenset()  # keys of kinds hidden from new work


def sentence_state(*, sentence: Sentence, project_id: int) -> SentenceState:
    """The sentence's current revisions with their attributions, the project's kinds and
    its guideline version, in one query. Call it after lock_sentence(), in the same
    transaction: read before the lock, another request's revision could land in between,
    unseen (and one statement that locks and reads at once reads what was there before it
    waited)."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL, _state_parameters(sentence.pk, project_id))
        return _state_from(cursor.fetchall())


def locked_sentence_state(*, sentence: Sentence, project_id: int) -> SentenceState:
    """lock_sentence() then sentence_state(), in one round trip on PostgreSQL: two
    statements sent together, so the read, a statement of its own, starts only once the
    lock is held and sees every revision committed before (each statement of a READ
    COMMITTED transaction takes a new snapshot). A save pays one round trip less. SQLite,
    whose writers take turns on the whole database, runs the two one after the other.
    Raises SentenceGone if the sentence no longer exists."""
    if connection.vendor != "postgresql":
        lock_sentence(sentence)
        return sentence_state(sentence=sentence, project_id=project_id)
    lock = f"SELECT id FROM {Sentence._meta.db_table} WHERE id = %s FOR UPDATE;"
    with _client_side_cursor() as cursor:
        # A cursor that binds parameters on the client sends the text as one simple query,
        # which may hold several statements; their results come in turn.
        parameters = [sentence.pk, *_state_parameters(sentence.pk, project_id)]
        cursor.execute(lock + _STATE_SQL, parameters)
        if not cursor.fetchall():
            raise SentenceGone(f"sentence {sentence.pk} no longer exists")
        cursor.nextset()
        return _state_from(cursor.fetchall())


def _client_side_cursor() -> CursorWrapper:
    """A Django cursor over psycopg's ClientCursor, whatever the connection's binding:
    server-side binding (the settings' choice, so that repeated queries are prepared)
    refuses several statements in one query. Logged and its errors mapped as any other."""
    connection.ensure_connection()
    raw = psycopg.ClientCursor(connection.connection)
    wrapper = CursorDebugWrapper if connection.queries_logged else CursorWrapper
    return wrapper(raw, connection)


_ATTRIBUTION = (
    "{t}.position, k.key, {t}.source_start, {t}.source_end, {t}.cue_start, {t}.cue_end, "
    "{t}.entity, {t}.via, {t}.embedded"
)
_TABLES = {
    name: model._meta.db_table
    for name, model in (
        ("annotation", Annotation),
        ("attribution", Attribution),
        ("gold", GoldLabel),
        ("gold_attribution", GoldAttribution),
        ("kind", SourceKind),
        ("project", Project),
    )
}
# Branches: 0 the annotators' current revisions, 1 the gold one (each with a row per
# attribution, or one of nulls), 2 the project's kinds (whether hidden in the second
# column), 3 its guideline version.
_STATE_SQL = f"""
    SELECT 0, a.id, a.annotator_id, a.label_id, '', '', {_ATTRIBUTION.format(t="t")}
    FROM {_TABLES["annotation"]} a
    LEFT JOIN {_TABLES["attribution"]} t ON t.annotation_id = a.id
    LEFT JOIN {_TABLES["kind"]} k ON k.id = t.kind_id
    WHERE a.sentence_id = %s AND a.is_current
    UNION ALL
    SELECT 1, g.id, g.reviewer_id, g.label_id, g.method, g.note, {_ATTRIBUTION.format(t="t")}
    FROM {_TABLES["gold"]} g
    LEFT JOIN {_TABLES["gold_attribution"]} t ON t.gold_id = g.id
    LEFT JOIN {_TABLES["kind"]} k ON k.id = t.kind_id
    WHERE g.sentence_id = %s AND g.is_current
    UNION ALL
    SELECT 2, k.id, CASE WHEN k.hidden THEN 1 ELSE 0 END, NULL, '', '', NULL, k.key, NULL,
        NULL, NULL, NULL, '', NULL, NULL
    FROM {_TABLES["kind"]} k WHERE k.project_id = %s
    UNION ALL
    SELECT 3, p.guideline_version, NULL, NULL, '', '', NULL, '', NULL, NULL, NULL, NULL, '',
        NULL, NULL
    FROM {_TABLES["project"]} p WHERE p.id = %s
"""


def _state_parameters(sentence_id: int, project_id: int) -> list[int]:
    return [sentence_id, sentence_id, project_id, project_id]


def _state_from(rows: list[tuple]) -> SentenceState:
    revisions: dict[tuple[int, int], tuple[int | None, int | None, str, str]] = {}
    specs: dict[tuple[int, int], list[tuple[int, AttributionSpec]]] = {}
    kind_ids: dict[str, int] = {}
    hidden_kinds: set[str] = set()
    guideline_version = 1
    for branch, pk, who, label_id, method, note, position, kind, *fields in rows:
        if branch == 3:
            guideline_version = pk
            continue
        if branch == 2:
            kind_ids[kind] = pk
            if who:
                hidden_kinds.add(kind)
            continue
        revisions[branch, pk] = (who, label_id, method, note)
        found = specs.setdefault((branch, pk), [])
        if position is not None:
            found.append((position, _spec(kind, *fields)))
    current = {
        key: CurrentRevision(
            pk=key[1],
            who=who,
            label_id=label_id,
            attributions=tuple(spec for _, spec in sorted(specs[key], key=lambda item: item[0])),
            method=method,
            note=note,
        )
        for key, (who, label_id, method, note) in revisions.items()
    }
    gold = [revision for (branch, _), revision in current.items() if branch == 1]
    return SentenceState(
        annotations={
            revision.who: revision
            for (branch, _), revision in current.items()
            if branch == 0 and revision.who is not None
        },
        gold=gold[0] if gold else None,
        kind_ids=kind_ids,
        guideline_version=guideline_version,
        hidden_kinds=frozenset(hidden_kinds),
    )


def _spec(
    kind: str,
    source_start: int | None,
    source_end: int | None,
    cue_start: int | None,
    cue_end: int | None,
    entity: str,
    via: int | None,
    embedded: bool,
) -> AttributionSpec:
    return AttributionSpec(
        kind=kind,
        source=None
        if source_start is None or source_end is None
        else Span(source_start, source_end),
        cue=None if cue_start is None or cue_end is None else Span(cue_start, cue_end),
        entity=entity,
        via=via,
        embedded=bool(embedded),  # SQLite answers 0 or 1
    )
