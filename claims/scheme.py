"""A project's label scheme and source kinds, as its owners change them.

Labels and kinds are rows that revisions, gold, attributions and exports point to, so a
row in use is never deleted: it is hidden, which keeps every earlier use valid and
only stops it being offered for new work (claims/annotations.py refuses it there).
Its key never changes either: exports and the API name rows by key. Every change is
noted in the project's history (owners.record_change).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q

from claims.models import RESERVED_KIND_HOTKEYS, Label, Project, ProjectChange, SourceKind
from claims.owners import record_change

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_KIND_HOTKEY = re.compile(r"[a-z]")
# What update_label and update_kind may change; key and label role are fixed once made
# (a role change would change what existing attributions mean).
LABEL_FIELDS = ("name", "description", "example", "colour", "hotkey")
KIND_FIELDS = ("name", "description", "example", "colour", "hotkey", "source_class", "media")

type Row = Label | SourceKind


class SchemeError(ValueError):
    """A change to the scheme that cannot be made; `field` names the field at fault
    ("" for the row as a whole)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _noun(row: Row | type[Row]) -> str:
    return "label" if row is Label or isinstance(row, Label) else "kind"


def _rows(project: Project, model: type[Row]) -> models.QuerySet[Any]:
    return model.objects.filter(project=project)


def _in_use(model: type[Row]) -> Q:
    """Whether a row is referenced by any revision, gold label or attribution: by any
    model protecting it from deletion, so that a new one counts without a change here."""
    uses = Q(pk__in=[])  # never, for a model nothing points to
    for relation in model._meta.get_fields(include_hidden=True):
        if isinstance(relation, models.ManyToOneRel) and relation.on_delete is models.PROTECT:
            related = relation.related_model._default_manager
            uses |= Q(Exists(related.filter(**{relation.field.name: OuterRef("pk")})))
    return uses


def scheme_rows(*, project: Project, model: type[Row]) -> list[Any]:
    """The project's labels (or kinds) in order, each with `is_used`: one query."""
    is_used = ExpressionWrapper(_in_use(model), output_field=models.BooleanField())
    return list(_rows(project, model).order_by("position", "pk").annotate(is_used=is_used))


def offered[R: (Label, SourceKind)](rows: Iterable[R], *, keeping: Collection[int] = ()) -> list[R]:
    """The rows to offer for new work: those not hidden, and those in `keeping` (pks
    already used by the revision being edited, which may keep them)."""
    return [row for row in rows if not row.hidden or row.pk in keeping]


def _check(row: Row) -> None:
    try:
        validate_slug(row.key)
    except ValidationError as error:
        raise SchemeError("key", "letters, digits, - and _ only") from error
    if not row.name.strip():
        raise SchemeError("name", "give the name shown on buttons")
    if not _COLOUR.fullmatch(row.colour):
        raise SchemeError("colour", "a colour as #rrggbb, such as #0072B2")
    if isinstance(row, SourceKind):
        _check_kind(row)
    elif row.hotkey is not None and not 1 <= row.hotkey <= 9:
        raise SchemeError("hotkey", "a digit from 1 to 9, or none")
    if row.hidden and row.hotkey not in (None, ""):
        raise SchemeError("hotkey", "a hidden row has no key; unhide it first")
    others = _rows(row.project, type(row)).exclude(pk=row.pk)
    if others.filter(key=row.key).exists():
        raise SchemeError("key", f"the project has a {_noun(row)} {row.key!r} already")
    if row.hotkey not in (None, ""):
        taken = others.filter(hotkey=row.hotkey).first()
        if taken is not None:
            raise SchemeError("hotkey", f"{row.hotkey} is the key of {taken.name!r} already")


def _check_kind(kind: SourceKind) -> None:
    if kind.hotkey and not _KIND_HOTKEY.fullmatch(kind.hotkey):
        raise SchemeError("hotkey", "a lower-case letter a to z, or none")
    if kind.hotkey in RESERVED_KIND_HOTKEYS:
        keys = ", ".join(RESERVED_KIND_HOTKEYS)
        raise SchemeError("hotkey", f"{kind.hotkey} is a key of the annotate page ({keys})")
    if kind.source_class not in SourceKind.SourceClass.values:
        raise SchemeError("source_class", "choose identified, anonymous, vague or other")


def _shown(value: object) -> str:
    text = "none" if value in (None, "") else repr(value)
    return text if len(text) <= 40 else text[:38] + "…'"


def _record(*, row: Row, by: User | None, summary: str, **changes: dict[str, Any]) -> None:
    noun = _noun(row)
    record_change(
        project=row.project,
        by=by,
        what=ProjectChange.What.SCHEME,
        summary=f"{noun} {row.key}: {summary}",
        before={noun: row.key, **changes.get("before", {})},
        after={noun: row.key, **changes.get("after", {})},
    )


def _locked(project: Project, model: type[Row], key: str) -> Any:
    # The project's row lock orders owners' scheme changes: two saves at once cannot both
    # take one hotkey, or both move rows from the same order.
    Project.objects.select_for_update().filter(pk=project.pk).order_by().values_list("pk").get()
    row = _rows(project, model).filter(key=key).first()
    if row is None:
        raise SchemeError("", f"the project has no {_noun(model)} {key!r}")
    row.project = project
    return row


@transaction.atomic
def add_row(*, project: Project, row: Row, by: User | None) -> Row:
    """Add `row` (an unsaved Label or SourceKind) to the end of the project's scheme.
    Raises SchemeError naming the field at fault."""
    Project.objects.select_for_update().filter(pk=project.pk).order_by().values_list("pk").get()
    row.project = project
    row.hidden = False
    _check(row)
    last = _rows(project, type(row)).aggregate(last=models.Max("position"))["last"]
    row.position = 0 if last is None else last + 1
    row.save(force_insert=True)
    _record(row=row, by=by, summary=f"added {row.name!r}", after={"name": row.name})
    return row


@transaction.atomic
def update_row(
    *, project: Project, model: type[Row], key: str, values: Mapping[str, Any], by: User | None
) -> dict[str, Any]:
    """Change the fields of `values` (LABEL_FIELDS or KIND_FIELDS) of the row `key`.
    Returns the fields that changed, with their old values (empty: nothing did).
    Raises SchemeError naming the field at fault."""
    allowed = LABEL_FIELDS if model is Label else KIND_FIELDS
    unknown = set(values) - set(allowed)
    if unknown:
        raise SchemeError(sorted(unknown)[0], "cannot be changed here")
    row = _locked(project, model, key)
    before = {name: getattr(row, name) for name in values if not _same(name, row, values[name])}
    if not before:
        return {}
    for name in before:
        setattr(row, name, values[name])
    _check(row)
    row.save(update_fields=list(before))
    after = {name: values[name] for name in before}
    summary = ", ".join(f"{name} {_shown(before[name])} → {_shown(after[name])}" for name in before)
    _record(row=row, by=by, summary=summary, before=before, after=after)
    return before


def _same(name: str, row: Row, value: object) -> bool:
    old = getattr(row, name)
    if name == "colour" and isinstance(value, str):
        return old.lower() == value.lower()  # #0072B2 is #0072b2, as a colour input sends it
    return bool(old == value)


@transaction.atomic
def move_row(*, project: Project, model: type[Row], key: str, up: bool, by: User | None) -> bool:
    """Swap the row with the one before it (`up`) or after it, renumbering the order
    0, 1, 2... on the way. False when it is first (or last) already."""
    row = _locked(project, model, key)
    rows = list(_rows(project, model).order_by("position", "pk"))
    index = next(i for i, each in enumerate(rows) if each.pk == row.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, each in enumerate(rows):
        each.position = position
    model.objects.bulk_update(rows, ["position"])
    before, after = (index, other)
    summary = f"moved {'up' if up else 'down'}, position {before + 1} → {after + 1}"
    _record(row=row, by=by, summary=summary, before={"position": before}, after={"position": after})
    return True


@transaction.atomic
def set_hidden(
    *, project: Project, model: type[Row], key: str, hidden: bool, by: User | None
) -> Row:
    """Hide the row from new work, or offer it again. Hiding frees its hotkey (a hidden
    row has none, a constraint), so another row may take it; unhiding gives none back."""
    row = _locked(project, model, key)
    if row.hidden == hidden:
        return row
    hotkey = row.hotkey
    row.hidden = hidden
    if hidden:
        row.hotkey = None if isinstance(row, Label) else ""
    row.save(update_fields=["hidden", "hotkey"])
    summary = "hidden from new work" if hidden else "offered again"
    if hidden and hotkey not in (None, ""):
        summary += f", key {hotkey} freed"
    before = {"hidden": not hidden, "hotkey": hotkey}
    _record(row=row, by=by, summary=summary, before=before, after={"hidden": hidden})
    return row


@transaction.atomic
def delete_row(*, project: Project, model: type[Row], key: str, by: User | None) -> None:
    """Delete a row nothing uses yet (a mistake just added, say). Raises SchemeError
    when any revision, gold label or attribution uses it: hide it instead."""
    row = _locked(project, model, key)
    if _rows(project, model).filter(_in_use(model), pk=row.pk).exists():
        raise SchemeError(
            "", f"{_noun(row)} {row.name!r} is in use, so it cannot be deleted; hide it instead"
        )
    row.delete()
    _record(row=row, by=by, summary=f"deleted {row.name!r}", before={"name": row.name})


def scheme_history(*, project: Project, limit: int = 20) -> list[ProjectChange]:
    """The latest scheme changes, newest first, with who made them."""
    changes = ProjectChange.objects.filter(project=project, what=ProjectChange.What.SCHEME)
    return list(changes.select_related("by")[:limit])
