"""What every benchmark needs: Django set up on a throwaway database, and seed-sized articles.

The database is "<name>_benchmark" beside the configured one (created, migrated and dropped;
in memory for SQLite), so no real data is touched.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "presstv_us_base_iraq.txt"


@contextmanager
def benchmark_database() -> Iterator[None]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    if connection.vendor != "sqlite":  # SQLite's test database is in memory already
        name = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = f"{name}_benchmark"
    # As under test: DEBUG off (no query log slowing every statement), test client allowed.
    setup_test_environment(debug=False)
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()


def seed_sized_articles(count: int) -> list[str]:
    """`count` texts as long as the seed article, each different (paragraphs shuffled,
    numbers changed), so no cache or repeated value flatters the figures."""
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    texts = []
    for number in range(count):
        chooser = random.Random(number)
        body = paragraphs[2:]
        chooser.shuffle(body)
        headline = f"Report {number}: {paragraphs[1]}"
        text = "\n\n".join([paragraphs[0], headline, *body])
        texts.append(text.replace("30,000", f"{chooser.randint(1_000, 90_000):,}"))
    return texts
