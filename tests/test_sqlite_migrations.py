"""The demo runs on SQLite: every migration applies there too (the tests run on
PostgreSQL, so a SQLite-only mistake would otherwise reach the first new user), and the
revision and progress counting triggers work, forwards and backwards."""

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

# Each step prints the counts the triggers keep: the article's sentences (against a
# recount) and alice's labelled sentences in it; at the end, whether deleting the
# article left her progress row behind.
PROGRESS = """
from django.contrib.auth.models import User
from claims.annotations import record_label, undo_last_change
from claims.models import Annotation, ArticleProgress
from claims.demo import seed_demo
project = seed_demo()
article = project.articles.get()
alice = User.objects.get(username="alice")
claim = project.labels.get(key="claim")
first, second = article.sentences.all()[:2]
def counts():
    article.refresh_from_db()
    mine = ArticleProgress.objects.filter(article=article, annotator=alice).first()
    print(article.sentence_count == article.sentences.count(), mine.labelled if mine else 0)
counts()
record_label(sentence=first, annotator=alice, label=claim)
record_label(sentence=second, annotator=alice, label=claim)
counts()
record_label(sentence=second, annotator=alice, label=None)
counts()
undo_last_change(article=article, annotator=alice)
counts()
for revision in Annotation.objects.order_by("-pk"):  # newest first: each names the older
    revision.delete()
counts()
article.delete()
print(ArticleProgress.objects.exists())
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


def test_progress_triggers_count_labels_on_sqlite(tmp_path):
    database = tmp_path / "demo.sqlite3"
    manage("migrate", "--no-input", "-v0", database=database)
    printed = manage("shell", "-c", PROGRESS, database=database).split("\n")
    assert printed[-7:] == ["True 0", "True 2", "True 1", "True 2", "True 0", "False", ""]
