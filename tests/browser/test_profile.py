"""A reviewer reads the sourcing profile in Chromium: estimates at once, the intervals swapped
in when the background job has run, filters as a plain form, the strip's links."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.agreement.selection import AgreementFilters
from claims.imports.articles import import_files
from claims.sourcing import cache
from claims.sourcing.cache import Settings
from tests.worked_example import record_worked_example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "fixtures/presstv_us_base_iraq.txt"


@pytest.fixture
def coded(project, alice):
    with open(SEED, "rb") as file:
        import_files(project=project, files=[("presstv_us_base_iraq.txt", file)])
    article = project.articles.get()
    record_worked_example(article, alice)
    return article


def test_intervals_arrive_while_the_reader_is_on_the_page(live_server, log_in, coded, settings):
    # The job is left pending, as with a worker that has not reached it yet.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    page = log_in("rita")
    problems = []
    page.on("console", lambda message: problems.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(str(error)))
    profile = live_server.url + reverse("profile", args=["iraq"])
    page.goto(profile)
    expect(page.locator(".review-empty")).to_contain_text("No sentence has gold")

    # The filter form is a plain GET form: choosing alice's labels is a new address.
    page.select_option("select[name=labels]", "alice")
    page.click("text=Apply")
    page.wait_for_url("**labels=alice**")
    status = page.locator(".profile-status")
    expect(status).to_contain_text("Computing the 95% intervals")
    expect(page.locator(".profile-table").first).to_contain_text("13 / 21")

    cache.compute_full(
        project_id=coded.project.pk,
        settings=Settings(labels="alice", filters=AgreementFilters()),
    )
    expect(status).to_contain_text("bootstrap over articles, 2000 resamples", timeout=8000)
    expect(page.locator("#profile-results[hx-trigger]")).to_have_count(0)  # polling stopped
    assert page.locator("svg.intervals line[stroke='#0072B2']").count() > 0

    page.select_option("select[name=article]", str(coded.pk))
    page.click("text=Apply")
    cells = page.locator(".sentence-strip a")
    expect(cells).to_have_count(coded.sentences.count())
    cells.nth(2).focus()
    page.keyboard.press("Enter")  # each cell is a link to the sentence's review
    page.wait_for_url("**/review/?s=*")
    assert not [p for p in problems if p.startswith("error")], problems
