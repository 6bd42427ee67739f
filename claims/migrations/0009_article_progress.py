"""Article.sentence_count and ArticleProgress: each article's sentences, and how many of
them each annotator has labelled, kept by triggers in the database (as Article.revisions
is, migration 0006) so that every writer counts: labels and undos, imports with COPY,
deletes, the admin, a script. The project page's "my progress" filter and its "next
article" compare the two instead of walking every label.

A sentence is labelled by an annotator while their current revision of it has a label
(a cleared sentence is not). The triggers add and subtract such revisions as they appear
and disappear (inserted, deleted, or `is_current` moved), never recount: two
transactions recounting the same article at once would each miss the other's label.

On PostgreSQL the triggers run once per statement over its transition tables, locking
the rows they change in key order, articles before progress rows, as migration 0006
locks articles, so that writers never deadlock on them. SQLite (the demo) has no statement triggers: one change per row. A
decrement never creates a row: when an article is deleted, its progress rows may go
before its annotations do.
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_REVISIONS = import_module("claims.migrations.0006_article_revisions")

COUNTED = "is_current AND label_id IS NOT NULL"  # what the page calls labelled

POSTGRESQL_SENTENCES = """
CREATE FUNCTION claims_count_sentences() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    PERFORM 1 FROM claims_article WHERE id IN (SELECT article_id FROM changed)
    ORDER BY id FOR UPDATE;
    UPDATE claims_article a SET sentence_count = a.sentence_count + sign * c.n
    FROM (SELECT article_id, count(*) AS n FROM changed GROUP BY article_id) c
    WHERE a.id = c.article_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_sentence_inserted_count AFTER INSERT ON claims_sentence
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION claims_count_sentences();
CREATE TRIGGER claims_sentence_deleted_count AFTER DELETE ON claims_sentence
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION claims_count_sentences();
"""


def _postgresql_progress(name: str, changes: str) -> str:
    """A trigger function applying `changes`: rows of (sentence_id, annotator_id, delta)
    read from the statement's transition tables."""
    deltas = f"""
        SELECT s.article_id, r.annotator_id, sum(r.delta) AS n
        FROM ({changes}) r JOIN claims_sentence s ON s.id = r.sentence_id
        GROUP BY s.article_id, r.annotator_id HAVING sum(r.delta) <> 0"""
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The articles first, as migration 0006's triggers lock them when a revision is
    -- inserted, so that every writer takes an article's row before its progress rows.
    PERFORM 1 FROM claims_article WHERE id IN (SELECT article_id FROM ({deltas}) d)
    ORDER BY id FOR UPDATE;
    INSERT INTO claims_articleprogress (article_id, annotator_id, labelled)
    SELECT article_id, annotator_id, n FROM ({deltas}) d
    WHERE n > 0 ORDER BY annotator_id, article_id
    ON CONFLICT (annotator_id, article_id)
    DO UPDATE SET labelled = claims_articleprogress.labelled + EXCLUDED.labelled;
    PERFORM 1 FROM claims_articleprogress p JOIN ({deltas}) d
        ON p.annotator_id = d.annotator_id AND p.article_id = d.article_id
    WHERE d.n < 0 ORDER BY p.annotator_id, p.article_id FOR UPDATE OF p;
    UPDATE claims_articleprogress p SET labelled = p.labelled + d.n FROM ({deltas}) d
    WHERE d.n < 0 AND p.annotator_id = d.annotator_id AND p.article_id = d.article_id;
    RETURN NULL;
END
$$;
"""


def _counted(rows: str, delta: int) -> str:
    return f"SELECT sentence_id, annotator_id, {delta} AS delta FROM {rows} WHERE {COUNTED}"


POSTGRESQL_PROGRESS = (
    _postgresql_progress("claims_progress_inserted", _counted("changed", 1))
    + _postgresql_progress("claims_progress_deleted", _counted("changed", -1))
    + _postgresql_progress(
        "claims_progress_updated",
        f"{_counted('new_rows', 1)} UNION ALL {_counted('old_rows', -1)}",
    )
    + """
CREATE TRIGGER claims_annotation_inserted_progress AFTER INSERT ON claims_annotation
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION claims_progress_inserted();
CREATE TRIGGER claims_annotation_deleted_progress AFTER DELETE ON claims_annotation
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION claims_progress_deleted();
CREATE TRIGGER claims_annotation_updated_progress AFTER UPDATE ON claims_annotation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_progress_updated();
"""
)

_ARTICLE_OF = "(SELECT article_id FROM claims_sentence WHERE id = {row}.sentence_id)"
_ADD = (
    "INSERT INTO claims_articleprogress (article_id, annotator_id, labelled) "
    f"VALUES ({_ARTICLE_OF}, {{row}}.annotator_id, 1) "
    "ON CONFLICT (annotator_id, article_id) DO UPDATE SET labelled = labelled + 1"
)
_SUBTRACT = (
    "UPDATE claims_articleprogress SET labelled = labelled - 1 "
    f"WHERE annotator_id = {{row}}.annotator_id AND article_id = {_ARTICLE_OF}"
)
# (name, event, the row whose revision counts, the change)
SQLITE_TRIGGERS = [
    ("claims_sentence_inserted_count", "INSERT ON claims_sentence", None,
     "UPDATE claims_article SET sentence_count = sentence_count + 1 WHERE id = NEW.article_id"),
    ("claims_sentence_deleted_count", "DELETE ON claims_sentence", None,
     "UPDATE claims_article SET sentence_count = sentence_count - 1 WHERE id = OLD.article_id"),
    ("claims_annotation_inserted_progress", "INSERT ON claims_annotation", "NEW", _ADD),
    ("claims_annotation_deleted_progress", "DELETE ON claims_annotation", "OLD", _SUBTRACT),
    ("claims_annotation_updated_old_progress", "UPDATE ON claims_annotation", "OLD", _SUBTRACT),
    ("claims_annotation_updated_new_progress", "UPDATE ON claims_annotation", "NEW", _ADD),
]  # fmt: skip


def _sqlite_trigger(name: str, event: str, row: str | None, change: str) -> str:
    when = "" if row is None else f"WHEN {row}.is_current AND {row}.label_id IS NOT NULL"
    return f"CREATE TRIGGER {name} AFTER {event} {when} BEGIN {change.format(row=row)}; END"


BACKFILL = [
    """UPDATE claims_article SET sentence_count = (
        SELECT count(*) FROM claims_sentence s WHERE s.article_id = claims_article.id
    )""",
    f"""INSERT INTO claims_articleprogress (article_id, annotator_id, labelled)
    SELECT s.article_id, a.annotator_id, count(*)
    FROM claims_annotation a JOIN claims_sentence s ON s.id = a.sentence_id
    WHERE a.{COUNTED.replace(" AND ", " AND a.")}
    GROUP BY s.article_id, a.annotator_id""",
]


def create_triggers(apps, schema_editor):
    execute = schema_editor.execute
    for statement in BACKFILL:
        execute(statement)
    if schema_editor.connection.vendor == "postgresql":
        execute(POSTGRESQL_SENTENCES)
        execute(POSTGRESQL_PROGRESS)
    elif schema_editor.connection.vendor == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            execute(_sqlite_trigger(*trigger))
    else:
        raise NotImplementedError("Article progress is counted on PostgreSQL and SQLite only")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for event in ("inserted", "deleted"):
            schema_editor.execute(f"DROP TRIGGER claims_sentence_{event}_count ON claims_sentence")
        for event in ("inserted", "deleted", "updated"):
            schema_editor.execute(
                f"DROP TRIGGER claims_annotation_{event}_progress ON claims_annotation"
            )
            schema_editor.execute(f"DROP FUNCTION claims_progress_{event}()")
        schema_editor.execute("DROP FUNCTION claims_count_sentences()")
    else:
        for name, *_ in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER {name}")


def drop_revision_triggers(apps, schema_editor):
    # SQLite adds a NOT NULL column by copying the table and renaming the copy, which it
    # refuses while migration 0006's triggers name the table: they step aside meanwhile.
    if schema_editor.connection.vendor == "sqlite":
        for table in _REVISIONS.TABLES:
            for event in ("inserted", "deleted"):
                schema_editor.execute(f"DROP TRIGGER {table}_{event}_counts")


def restore_revision_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in _REVISIONS.TABLES:
            for statement in _REVISIONS._sqlite_triggers(table):
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_import_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_revision_triggers, restore_revision_triggers),
        migrations.AddField(
            model_name="article",
            name="sentence_count",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.RunPython(restore_revision_triggers, drop_revision_triggers),
        migrations.CreateModel(
            name="ArticleProgress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("labelled", models.PositiveIntegerField(default=0, editable=False)),
                (
                    "annotator",
                    models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="article_progress",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="progress",
                        to="claims.article",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("annotator", "article"), name="articleprogress_one_row"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
