"""Playwright driving the system's Chromium (browsers cannot be downloaded here).

Playwright's sync API keeps an event loop running in the test thread, and Django refuses
ORM calls from such a thread unless told that this is safe, which it is in tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from claims.demo import seed_demo
from claims.imports.articles import import_article
from claims.models import Article, Project

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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
    def make(*, external_id: str, text: str) -> Article:
        return import_article(project=project, external_id=external_id, text=text)

    return make


@pytest.fixture
def demo_article() -> Article:
    """The seed article in the demo project, as `make demo` sets it up."""
    return seed_demo().articles.get()


@pytest.fixture
def log_in(live_server, page: Page):
    def log_in_as(username: str, password: str | None = None) -> Page:
        page.goto(live_server.url + "/")  # login is required, so this lands on the form
        page.fill("#id_username", username)
        page.fill("#id_password", password or f"{username}-password-1")
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        return page

    return log_in_as
