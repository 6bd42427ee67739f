"""Playwright driving the system's Chromium (browsers cannot be downloaded here).

Playwright's sync API keeps an event loop running in the test thread, and Django refuses
ORM calls from such a thread unless told that this is safe, which it is in tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from claims.models import Article, Project, Sentence
from claims.segmentation import SEGMENTER_NAME, split_sentences

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "fixtures" / "presstv_us_base_iraq.txt"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # One Playwright per session: a second sync_playwright() in the same run fails.
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        pytest.fail("Chromium is missing: apt-get install chromium (or set CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def make_article(project: Project) -> Callable[..., Article]:
    """Articles split by the segmenter in bulk, independent of the import code."""

    def make(*, external_id: str, text: str) -> Article:
        article = Article.objects.create(
            project=project,
            external_id=external_id,
            title=next(line for line in text.splitlines() if line.strip()),
            text=text,
            segmenter=SEGMENTER_NAME,
        )
        Sentence.objects.bulk_create(
            Sentence(article=article, position=position, start=span.start, end=span.end)
            for position, span in enumerate(split_sentences(text))
        )
        return article

    return make


@pytest.fixture
def seed_article(make_article) -> Article:
    text = SEED_ARTICLE.read_text(encoding="utf-8").replace("\r\n", "\n")
    return make_article(external_id="presstv-us-base-iraq", text=text)


@pytest.fixture
def log_in(live_server, page: Page):
    def log_in_as(username: str) -> Page:
        page.goto(live_server.url + "/")  # login is required, so this lands on the form
        page.fill("#id_username", username)
        page.fill("#id_password", f"{username}-password-1")
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        return page

    return log_in_as
