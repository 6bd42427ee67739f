"""Playwright driving the system's Chromium (browsers cannot be downloaded here).

Playwright's sync API keeps an event loop running in the test thread, and Django refuses
ORM calls from such a thread unless told that this is safe, which it is in tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from claims.demo import seed_demo
from claims.imports.articles import import_article
from claims.models import Article, Project

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# A limit, not a speed test: on a busy 2-core machine (the tests share it with PostgreSQL
# and the live server) an answer can take longer than Playwright's 5 s default.
expect.set_options(timeout=10_000)

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


def _log_in(page: Page, url: str, username: str, password: str | None = None) -> Page:
    page.goto(url + "/")  # login is required, so this lands on the form
    page.fill("#id_username", username)
    page.fill("#id_password", password or f"{username}-password-1")
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
    return page


@pytest.fixture
def log_in(live_server, page: Page):
    def log_in_as(username: str, password: str | None = None) -> Page:
        return _log_in(page, live_server.url, username, password)

    return log_in_as


class OtherTab:
    """A second tab of the same browser: it shares the first tab's session cookie, so
    logging out here ends the session of both."""

    def __init__(self, page: Page, url: str) -> None:
        self.page, self.url = page, url

    def log_out(self) -> None:
        self.page.goto(self.url + "/")
        self.page.click(".account button")  # the top bar's Log out
        self.page.wait_for_url("**/login/")

    def log_in(self, username: str) -> None:
        _log_in(self.page, self.url, username)


@pytest.fixture
def other_tab(live_server, page: Page) -> OtherTab:
    return OtherTab(page.context.new_page(), live_server.url)
