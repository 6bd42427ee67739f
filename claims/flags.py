"""Flags and send-backs: an annotator says they are unsure about a sentence (with an
optional comment), and a reviewer returns a sentence to an annotator with a note.

Flagged sentences join the reviewers' queue beside disputed ones (claims/review_queue.py)
until the annotator withdraws the flag, a reviewer decides the sentence's gold, or sends it
back. A send-back sits at the top of the annotator's work until they save a new revision
of that sentence or keep their label as it is. Nothing is deleted: closed flags and
answered send-backs are the history, exported by write_flags_csv()."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Now, Substr
from django.utils import timezone

from claims.models import Annotation, Flag, Membership, Project, SendBack, Sentence
from claims.models.flags import COMMENT_LENGTH


class FlagError(ValueError):
    """A flag or send-back that cannot be made as asked; the message says why."""


def _clean(text: str, *, what: str, required: bool) -> str:
    text = text.strip()
    if required and not text:
        raise FlagError(f"write a {what}: the annotator needs to know what to look at")
    if len(text) > COMMENT_LENGTH:
        raise FlagError(f"the {what} is {len(text)} characters long; at most {COMMENT_LENGTH}")
    if "\x00" in text:
        raise FlagError(f"the {what} contains a NUL character")
    return text


def _open(flags: QuerySet[Flag]) -> QuerySet[Flag]:
    return flags.filter(closed_at__isnull=True)


def _close(flags: QuerySet[Flag], *, by: User | None, how: str) -> int:
    return _open(flags).update(closed_at=Now(), closed_by=by, closed_how=how)


@transaction.atomic
def raise_flag(*, sentence: Sentence, annotator: User, comment: str = "") -> Flag:
    """Flag `sentence` as unsure for `annotator`. With a flag open already, the same
    comment changes nothing; another comment closes it as edited and opens a new one, so
    every comment stays in the history. The caller checks the annotator may see it."""
    comment = _clean(comment, what="comment", required=False)
    # Locked: two tabs flagging at once must not both close and reopen.
    current = _open(Flag.objects.select_for_update().filter(sentence=sentence, annotator=annotator))
    found = current.first()
    if found is not None and found.comment == comment:
        return found
    if found is not None:
        _close(Flag.objects.filter(pk=found.pk), by=annotator, how=Flag.Closed.EDITED)
    try:
        with transaction.atomic():
            return Flag.objects.create(sentence=sentence, annotator=annotator, comment=comment)
    except IntegrityError:
        # Another request opened one between our read and write (no row to lock before).
        return _open(Flag.objects.filter(sentence=sentence, annotator=annotator)).get()


def withdraw_flag(*, sentence: Sentence, annotator: User) -> bool:
    """Close the annotator's open flag on `sentence`; False when there was none."""
    flags = Flag.objects.filter(sentence=sentence, annotator=annotator)
    return _close(flags, by=annotator, how=Flag.Closed.WITHDRAWN) > 0


def close_flags_decided(*, sentence: Sentence, by: User) -> int:
    """A reviewer decided the sentence's gold: every open flag on it is answered."""
    return _close(Flag.objects.filter(sentence=sentence), by=by, how=Flag.Closed.DECIDED)


def open_flag(*, sentence: Sentence, annotator: User) -> Flag | None:
    return _open(Flag.objects.filter(sentence=sentence, annotator=annotator)).first()


def open_flags(*, sentences: Iterable[int]) -> dict[int, list[Flag]]:
    """The open flags of these sentences (by id), each list in the order raised."""
    found: dict[int, list[Flag]] = {}
    flags = _open(Flag.objects.filter(sentence__in=list(sentences))).select_related("annotator")
    for flag in flags.order_by("pk"):
        found.setdefault(flag.sentence_id, []).append(flag)
    return found


# Every label save reads these two with its target sentence (queries.label_target). Built
# with the ORM, their nested subqueries cost more to compile than the rest of the save's
# query (5 ms a save); as SQL they cost nothing. For a query whose base table is
# claims_sentence.
_OWN_FLAG = """(SELECT f.comment FROM claims_flag f
    WHERE f.sentence_id = claims_sentence.id AND f.annotator_id = %s AND f.closed_at IS NULL
    LIMIT 1)"""
_OWN_SENT_BACK = """(SELECT b.note FROM claims_sendback b
    WHERE b.sentence_id = claims_sentence.id AND b.annotator_id = %s AND b.kept_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM claims_annotation a
        WHERE a.sentence_id = b.sentence_id AND a.annotator_id = b.annotator_id
        AND a.id > COALESCE(b.revision_id, 0))
    ORDER BY b.id DESC LIMIT 1)"""


def own_flag_comment(user: User) -> RawSQL:
    """For a sentence query: the comment of `user`'s open flag on it ('' for a flag with
    no comment), NULL when they have none."""
    return RawSQL(_OWN_FLAG, [user.pk], output_field=TextField())


def own_sent_back(user: User) -> RawSQL:
    """For a sentence query: the note of the newest send-back of it to `user` they have
    not answered (open_send_backs), or NULL."""
    return RawSQL(_OWN_SENT_BACK, [user.pk], output_field=TextField())


def has_open_flag() -> Exists:
    """For a sentence query: whether anyone's flag on it is open."""
    return Exists(_open(Flag.objects.filter(sentence=OuterRef("pk"))))


# --- Send-backs -------------------------------------------------------------------------


def _answers() -> QuerySet[Annotation]:
    """For a send-back query: the annotator's revisions of the sentence since it was sent
    (the _OWN_SENT_BACK SQL above says the same)."""
    return Annotation.objects.filter(
        sentence=OuterRef("sentence_id"),
        annotator=OuterRef("annotator_id"),
        pk__gt=Coalesce(OuterRef("revision_id"), Value(0)),
    )


def _answered() -> Exists:
    return Exists(_answers())


def open_send_backs(send_backs: QuerySet[SendBack] | None = None) -> QuerySet[SendBack]:
    """Send-backs not answered yet: no newer revision by the annotator, not kept."""
    send_backs = SendBack.objects.all() if send_backs is None else send_backs
    return send_backs.filter(kept_at__isnull=True).exclude(_answered())


def sent_back_to(*, annotator: User, project: Project) -> QuerySet[SendBack]:
    """What reviewers sent back to `annotator` in `project` and they have not answered,
    oldest first, with the sentence and its text (the article's text is left out)."""
    found = open_send_backs(
        SendBack.objects.filter(annotator=annotator, sentence__article__project=project)
    )
    return (
        found.select_related("sentence", "sentence__article", "reviewer")
        .defer("sentence__article__text", "sentence__article__metadata")
        .annotate(sentence_text=_sentence_text())
        .order_by("pk")
    )


def _sentence_text() -> Substr:
    # Only the sentence, cut out by the database: the article's text may be megabytes.
    # Substr counts from 1, in characters as Python does.
    start = F("sentence__start")
    return Substr("sentence__article__text", start + 1, F("sentence__end") - start)


def open_send_backs_of(*, sentences: Iterable[int]) -> dict[int, list[SendBack]]:
    """The open send-backs of these sentences (by id), in the order sent."""
    found: dict[int, list[SendBack]] = {}
    rows = open_send_backs(SendBack.objects.filter(sentence__in=list(sentences)))
    for send_back in rows.select_related("annotator", "reviewer").order_by("pk"):
        found.setdefault(send_back.sentence_id, []).append(send_back)
    return found


@transaction.atomic
def send_back(*, sentence: Sentence, annotator: User, reviewer: User, note: str) -> SendBack:
    """Return `sentence` to `annotator` with `note`, from a reviewer or owner of its
    project. The annotator must have labelled or flagged it; their open flag on it is
    answered. Sending the same sentence back to them again while one is open refuses."""
    note = _clean(note, what="note", required=True)
    project_id = sentence.article.project_id
    roles = dict(
        Membership.objects.filter(
            project_id=project_id, user__in=[reviewer.pk, annotator.pk]
        ).values_list("user_id", "role")
    )
    if roles.get(reviewer.pk) not in {Membership.Role.REVIEWER, Membership.Role.OWNER}:
        raise FlagError(f"{reviewer.username} is not a reviewer of this project")
    if annotator.pk not in roles:
        raise FlagError(f"{annotator.username} is not a member of this project")
    # Locked, so that two reviewers sending it back at once do not both succeed.
    Sentence.objects.select_for_update().filter(pk=sentence.pk).first()
    revision = (
        Annotation.objects.filter(sentence=sentence, annotator=annotator, is_current=True)
        .values_list("pk", "label_id")
        .first()
    )
    flags = Flag.objects.filter(sentence=sentence, annotator=annotator)
    has_flag = _open(flags).exists()
    if (revision is None or revision[1] is None) and not has_flag:
        raise FlagError(f"{annotator.username} has neither labelled nor flagged this sentence")
    pending = open_send_backs(SendBack.objects.filter(sentence=sentence, annotator=annotator))
    if pending.exists():
        raise FlagError(f"this sentence is already sent back to {annotator.username}")
    _close(flags, by=reviewer, how=Flag.Closed.SENT_BACK)
    return SendBack.objects.create(
        sentence=sentence,
        annotator=annotator,
        reviewer=reviewer,
        note=note,
        revision_id=revision[0] if revision else None,
    )


def keep_label(*, send_back: SendBack, annotator: User) -> bool:
    """The annotator looked again and keeps their label: the send-back is answered.
    False when it was answered already (or is not theirs)."""
    found = open_send_backs(SendBack.objects.filter(pk=send_back.pk, annotator=annotator))
    return SendBack.objects.filter(pk__in=found.values("pk")).update(kept_at=timezone.now()) > 0


# --- Export -----------------------------------------------------------------------------

FLAG_COLUMNS = (
    "type",
    "article_id",
    "article_title",
    "sentence_id",
    "position",
    "sentence_text",
    "annotator",
    "by",
    "text",
    "at",
    "state",
    "closed_at",
    "closed_by",
)


@dataclass(frozen=True)
class FlagRow:
    """One line of the flags export: a flag or a send-back, open or closed."""

    type: str  # "flag" or "send_back"
    article_id: int
    article_title: str
    sentence_id: int
    position: int
    sentence_text: str
    annotator: str  # whose label it is about
    by: str  # who wrote `text`: the annotator for a flag, the reviewer for a send-back
    text: str  # the comment or the note
    at: datetime
    state: str  # open, or how it was closed: withdrawn, edited, decided, sent_back, answered, kept
    closed_at: datetime | None
    closed_by: str


def flag_rows(*, project: Project, annotator: User | None = None) -> Iterator[FlagRow]:
    """Every flag and send-back of `project`, flags first, each in article order; with
    `annotator`, only theirs (the flags they raised, what was sent back to them)."""
    text = _sentence_text()
    shared = ("sentence__article", "annotator")
    mine = {} if annotator is None else {"annotator": annotator}
    flags = (
        Flag.objects.filter(sentence__article__project=project, **mine)
        .select_related(*shared, "sentence", "closed_by")
        .defer("sentence__article__text", "sentence__article__metadata")
        .annotate(sentence_text=text)
        .order_by("sentence__article_id", "sentence__position", "pk")
    )
    for flag in flags:
        sentence = flag.sentence
        yield FlagRow(
            type="flag",
            article_id=sentence.article_id,
            article_title=sentence.article.title,
            sentence_id=sentence.pk,
            position=sentence.position,
            sentence_text=flag.sentence_text,
            annotator=flag.annotator.username,
            by=flag.annotator.username,
            text=flag.comment,
            at=flag.raised_at,
            state=flag.closed_how or "open",
            closed_at=flag.closed_at,
            closed_by=flag.closed_by.username if flag.closed_by else "",
        )
    answered = Subquery(_answers().order_by("pk").values("created_at")[:1])
    send_backs = (
        SendBack.objects.filter(sentence__article__project=project, **mine)
        .select_related(*shared, "sentence", "reviewer")
        .defer("sentence__article__text", "sentence__article__metadata")
        .annotate(sentence_text=text, answered_at=answered)
        .order_by("sentence__article_id", "sentence__position", "pk")
    )
    for row in send_backs:
        sentence = row.sentence
        answered_at = row.answered_at
        closed_at = row.kept_at or answered_at
        state = "kept" if row.kept_at else "answered" if answered_at else "open"
        yield FlagRow(
            type="send_back",
            article_id=sentence.article_id,
            article_title=sentence.article.title,
            sentence_id=sentence.pk,
            position=sentence.position,
            sentence_text=row.sentence_text,
            annotator=row.annotator.username,
            by=row.reviewer.username,
            text=row.note,
            at=row.sent_at,
            state=state,
            closed_at=closed_at,
            closed_by=row.annotator.username if closed_at else "",
        )


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    # A comment starting "=" would run as a formula in a spreadsheet: quote it.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_flags_csv(rows: Iterable[FlagRow], out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow(FLAG_COLUMNS)
    for row in rows:
        writer.writerow(_cell(getattr(row, column)) for column in FLAG_COLUMNS)
