"""An owner uploads a big file in Chromium: a worker process imports it while the job's
page shows the count moving, then the report."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.serving.conftest import entrypoint, needs_postgresql

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_postgresql]

ARTICLES = 800
TEXT = " ".join(f"Sentence {n} of the story, as Mr. Smith told reporters." for n in range(8))


def test_the_owner_watches_a_big_upload_being_imported(
    live_server, log_in, project, settings, tmp_path
):
    settings.IMPORT_IN_BACKGROUND_ABOVE = 1000
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload = tmp_path / "big.jsonl"
    upload.write_text(
        "".join(json.dumps({"id": f"a{n}", "text": TEXT}) + "\n" for n in range(ARTICLES))
    )
    page = log_in("owen")
    problems = []
    page.on("console", lambda message: problems.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + reverse("import_articles", args=["iraq"]))
    page.set_input_files("input[type=file]", str(upload))
    page.click(".import-form button[type=submit]")
    page.wait_for_url("**/import/*/")
    status = page.locator("#import-status")
    expect(status).to_contain_text("Waiting for a worker")

    with entrypoint("worker", static_root=tmp_path, TASKS_BACKEND="database"):
        expect(status).to_contain_text(f"of {ARTICLES} articles", timeout=60_000)
        page.screenshot(path=str(tmp_path / "import-progress.png"), full_page=True)
        expect(status).to_contain_text(
            f"Imported {ARTICLES} articles ({ARTICLES} new, 0 updated)", timeout=120_000
        )
    page.screenshot(path=str(tmp_path / "import-done.png"), full_page=True)
    assert problems == []
