"""Migration 0004, which hashes rest_framework.authtoken's plain keys into ApiToken.

The authtoken app is no longer installed, so each test lays out its table as the app made
it, on the database as it was before 0004, and migrates forward as `migrate` does.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import ApiToken
from claims.tokens import authenticate_token

BEFORE, HASHED = ("claims", "0003_label_key_slug"), ("claims", "0004_api_tokens_hashed")
OLD_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # 40 hex digits, as authtoken made them
MADE = datetime(2025, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def before_hashing(transactional_db):
    """The database before 0004, with authtoken's table; back at the newest state after."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE authtoken_token ({quote('key')} varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, user_id integer NOT NULL UNIQUE)"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE authtoken_token")
    _migrate_to_newest()


def _old_token(user_id: int) -> None:
    made = connection.ops.adapt_datetimefield_value(MADE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO authtoken_token ({connection.ops.quote_name('key')}, created, user_id)"
            " VALUES (%s, %s, %s)",
            [OLD_KEY, made, user_id],
        )


def _migrate() -> None:
    executor = MigrationExecutor(connection)  # a new one sees the state left before
    executor.migrate([HASHED])


def test_an_old_token_keeps_working(before_hashing, alice):
    _old_token(alice.pk)
    _migrate()
    assert authenticate_token(key=OLD_KEY).user == alice


def test_an_old_token_keeps_its_date(before_hashing, alice):
    _old_token(alice.pk)
    _migrate()
    assert ApiToken.objects.get(user=alice).created_at == MADE


def test_no_plain_key_is_left_behind(before_hashing, alice):
    _old_token(alice.pk)
    _migrate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)


def test_a_database_without_old_tokens_migrates(before_hashing, alice):
    _migrate()
    assert not ApiToken.objects.exists()


def _migrate_to_newest() -> None:
    # Back to the newest state, not this migration's: later tests expect every migration.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
