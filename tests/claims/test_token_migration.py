"""The data migration that hashes rest_framework.authtoken's plain keys into ApiToken.

The authtoken app is no longer installed, so the test lays out its table as the app made it
and runs the migration's function on it, as `migrate` does on an existing database.
"""

import importlib
from datetime import UTC, datetime

from django.apps import apps
from django.db import connection

from claims.models import ApiToken
from claims.tokens import authenticate_token

migration = importlib.import_module("claims.migrations.0004_api_tokens_hashed")

OLD_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # 40 hex digits, as authtoken made them


def _old_token_table(user) -> None:
    quote = connection.ops.quote_name
    made = connection.ops.adapt_datetimefield_value(datetime(2025, 3, 1, 12, tzinfo=UTC))
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE authtoken_token ({quote('key')} varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, user_id integer NOT NULL UNIQUE)"
        )
        cursor.execute(
            f"INSERT INTO authtoken_token ({quote('key')}, created, user_id) VALUES (%s, %s, %s)",
            [OLD_KEY, made, user.pk],
        )


def _migrate() -> None:
    with connection.schema_editor() as schema_editor:
        migration.hash_plain_tokens(apps, schema_editor)


def test_an_old_token_keeps_working(alice):
    _old_token_table(alice)
    _migrate()
    assert authenticate_token(key=OLD_KEY).user == alice


def test_an_old_token_keeps_its_date(alice):
    _old_token_table(alice)
    _migrate()
    assert authenticate_token(key=OLD_KEY).created_at == datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_no_plain_key_is_left_behind(alice):
    _old_token_table(alice)
    _migrate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)


def test_a_database_without_old_tokens_migrates(db):
    _migrate()
    assert not ApiToken.objects.exists()
