"""The demo runs on SQLite: every migration applies there too (the tests run on
PostgreSQL, so a SQLite-only mistake would otherwise reach the first new user), and the
revision-counting triggers work, forwards and backwards."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
from django.contrib.auth.models import User
from claims.annotations import record_label
from claims.demo import seed_demo
project = seed_demo()
article = project.articles.get()
sentence = article.sentences.first()
record_label(sentence=sentence, annotator=User.objects.get(username="alice"),
             label=project.labels.get(key="claim"))
article.refresh_from_db()
print(article.revisions)
"""


def manage(*args: str, database: Path) -> str:
    environment = os.environ | {"DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_migrations_and_triggers_work_on_sqlite(tmp_path):
    database = tmp_path / "demo.sqlite3"
    manage("migrate", "--no-input", "-v0", database=database)
    assert manage("shell", "-c", SCRIPT, database=database).strip().endswith("1")
    manage("migrate", "claims", "0005", "--no-input", "-v0", database=database)
