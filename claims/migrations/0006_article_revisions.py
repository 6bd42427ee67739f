"""Article.revisions: a count of the annotation and gold revisions written (or deleted) for
an article's sentences, kept by triggers in the database so that every writer counts:
the web and the API, imports with COPY, the admin, a script.

On PostgreSQL the triggers run once per statement over its transition table, so a bulk
insert of a million annotations costs one UPDATE per article, not one per row; the rows
are locked in id order, as everything else here locks in id order, so two writers never
deadlock on them. SQLite (the demo) has no statement triggers: one UPDATE per row.
"""

from django.db import migrations, models

TABLES = ("claims_annotation", "claims_goldlabel")

POSTGRESQL = """
CREATE FUNCTION claims_count_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM claims_article
    WHERE id IN (SELECT s.article_id FROM changed r JOIN claims_sentence s ON s.id = r.sentence_id)
    ORDER BY id FOR UPDATE;
    UPDATE claims_article a SET revisions = a.revisions + c.n
    FROM (
        SELECT s.article_id, count(*) AS n
        FROM changed r JOIN claims_sentence s ON s.id = r.sentence_id
        GROUP BY s.article_id
    ) c
    WHERE a.id = c.article_id;
    RETURN NULL;
END
$$;
"""


def _postgresql_triggers(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_inserted_counts AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION claims_count_revisions();
CREATE TRIGGER {table}_deleted_counts AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION claims_count_revisions();
"""


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_{name}_counts AFTER {event} ON {table}
        BEGIN
            UPDATE claims_article SET revisions = revisions + 1
            WHERE id = (SELECT article_id FROM claims_sentence WHERE id = {row}.sentence_id);
        END"""
        for name, event, row in (("inserted", "INSERT", "NEW"), ("deleted", "DELETE", "OLD"))
    ]


BACKFILL = """
UPDATE claims_article SET revisions = (
    SELECT count(*) FROM claims_annotation r JOIN claims_sentence s ON s.id = r.sentence_id
    WHERE s.article_id = claims_article.id
) + (
    SELECT count(*) FROM claims_goldlabel r JOIN claims_sentence s ON s.id = r.sentence_id
    WHERE s.article_id = claims_article.id
)
"""


def create_triggers(apps, schema_editor):
    execute = schema_editor.execute
    execute(BACKFILL)
    if schema_editor.connection.vendor == "postgresql":
        execute(POSTGRESQL)
        for table in TABLES:
            execute(_postgresql_triggers(table))
    elif schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            for statement in _sqlite_triggers(table):
                execute(statement)
    else:
        raise NotImplementedError("Article.revisions is counted on PostgreSQL and SQLite only")


def drop_triggers(apps, schema_editor):
    for table in TABLES:
        for event in ("inserted", "deleted"):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER {table}_{event}_counts ON {table}")
            else:
                schema_editor.execute(f"DROP TRIGGER {table}_{event}_counts")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION claims_count_revisions()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_attributions")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="revisions",
            field=models.PositiveBigIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
