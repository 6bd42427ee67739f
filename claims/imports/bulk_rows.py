"""Rows written in bulk by an import: COPY on PostgreSQL, bulk_create on SQLite (the demo).

COPY is several times faster than multi-row INSERTs (benchmarks/import_articles.py). The
database checks every constraint either way, and a COPY fires the statement-level triggers
that count Article.revisions (migration 0006) once, over all its rows, as one INSERT does.
Rows are tuples of values in the order of `fields`, which name model fields ("sentence",
not "sentence_id").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Field, Model

_BATCH = 5000  # rows per INSERT on SQLite, which caps the parameters of a statement


def insert_rows(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert `rows` into `model`'s table; columns not in `fields` take their defaults."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(_instances(model, fields, rows), batch_size=_BATCH)
        return
    _copy(model, fields, rows)


def insert_rows_with_ids(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[object]]
) -> list[int]:
    """Insert `rows` as insert_rows does; return their primary keys, in the rows' order.

    On PostgreSQL the keys are taken from the table's sequence first (nextval, so a
    concurrent writer never gets the same ones) and copied in with the rows.
    """
    if connection.vendor != "postgresql":
        # SQLite returns the keys of a bulk insert (RETURNING).
        created = model._default_manager.bulk_create(
            _instances(model, fields, rows), batch_size=_BATCH
        )
        return [instance.pk for instance in created]
    if not rows:
        return []
    pk = model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        # The sequence is looked up once ("OFFSET 0" keeps the planner from folding the
        # subquery in): per row, the lookup costs ten times nextval.
        cursor.execute(
            "SELECT nextval(q.sequence) FROM generate_series(1, %s),"
            " (SELECT pg_get_serial_sequence(%s, %s)::regclass AS sequence OFFSET 0) AS q",
            [len(rows), model._meta.db_table, pk.column],
        )
        # In ascending order, as bulk_create gives them: "ordering by pk" stays the rows' order.
        ids = sorted(pk for (pk,) in cursor.fetchall())
    _copy(model, (pk.name, *fields), ((pk, *row) for pk, row in zip(ids, rows, strict=True)))
    return ids


def _copy(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_field(model, name).column or name) for name in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    # The raw psycopg cursor raises psycopg's errors; wrapped, a broken constraint is
    # Django's IntegrityError, as it would be from the ORM.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _instances(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]
) -> Iterable[Model]:
    names = [_field(model, name).attname for name in fields]
    return (model(**dict(zip(names, row, strict=True))) for row in rows)


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise LookupError(f"{model.__name__}.{name} has no column of its own")
    return field
