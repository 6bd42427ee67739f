"""A project run end to end in Chromium without the admin: an ordinary account creates
it, adds two annotators and a reviewer, sets k = 2 and imports; the two annotators work
through the queue blind; the reviewer follows their progress and decides their dispute."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from claims.models import ArticleClaim, GoldLabel, Project
from tests.browser.conftest import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = (
    "Drones over Anbar\n\nDrones flew over Anbar. Officials said it was a drill. Locals doubt it.\n"
)
SECOND = "Rains in Basra\n\nRain fell in Basra. The mayor said roads were shut.\n"


def _person_page(browser: Browser, url: str, username: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    return _log_in(page, url, username)


def _label_all(page: Page, keys: list[str]) -> None:
    for position, key in enumerate(keys):
        expect(page.locator(".sentence.is-current")).to_have_id(f"sentence-{position}")
        page.keyboard.press(key)
        expect(page.locator(f"#sentence-{position}")).not_to_have_attribute("data-revision", "0")


def test_owners_run_a_project_without_the_admin(
    live_server, browser, log_in, alice, bob, rita, olga, tmp_path
):
    url = live_server.url
    owner = log_in("olga")
    owner.goto(url + reverse("home"))
    owner.get_by_role("link", name="New project").click()
    owner.fill("input[name=name]", "Team run")
    owner.get_by_role("button", name="Create project").click()
    expect(owner.locator("h1")).to_have_text("Team run")
    project = Project.objects.get(name="Team run")
    owner.get_by_role("link", name="Members").click()
    for who, role in (("alice", "annotator"), ("bob", "annotator"), ("rita", "reviewer")):
        owner.fill("#id_who", who)
        owner.select_option("#id_role", role)
        owner.get_by_role("button", name="Add member").click()
        expect(owner.locator(".messages")).to_contain_text(f"Added {who} as {role}")
    owner.goto(url + reverse("project", args=[project.slug]))
    owner.get_by_role("link", name="Settings").click()
    owner.fill("input[name=annotators_per_article]", "2")
    owner.fill("input[name=claim_expiry_hours]", "24")
    owner.get_by_role("button", name="Save settings").click()
    expect(owner.locator(".messages")).to_contain_text("Settings saved")
    (tmp_path / "anbar.txt").write_text(FIRST)
    (tmp_path / "basra.txt").write_text(SECOND)
    owner.goto(url + reverse("import_articles", args=[project.slug]))
    owner.set_input_files("input[type=file]", [tmp_path / "anbar.txt", tmp_path / "basra.txt"])
    owner.get_by_role("button", name="Import").click()
    expect(owner.locator(".messages")).to_contain_text("2 articles")
    anbar, basra = project.articles.order_by("pk")

    # Each annotator gets the first article from the queue and sees nothing else.
    for who, keys in (("alice", ["1", "1", "1", "1"]), ("bob", ["1", "1", "3", "1"])):
        page = _person_page(browser, url, who)
        page.goto(url + reverse("project", args=[project.slug]))
        expect(page.locator("#articles")).not_to_contain_text("Drones over Anbar")
        page.get_by_role("link", name="Annotate next article →").click()
        page.wait_for_url(url + reverse("annotate", args=[project.slug, anbar.pk]) + "*")
        _label_all(page, keys)
        expect(page.locator("#progress")).to_contain_text("4 / 4")
        page.goto(url + reverse("project", args=[project.slug]))
        expect(page.locator("#articles")).to_contain_text("Drones over Anbar")
        expect(page.locator("#articles")).not_to_contain_text("Rains in Basra")
        page.screenshot(path=str(tmp_path / f"project-{who}.png"), full_page=True)
        page.context.close()
    assert sorted(ArticleClaim.objects.values_list("annotator__username", "article")) == [
        ("alice", anbar.pk),
        ("bob", anbar.pk),
    ]

    reviewer = _person_page(browser, url, "rita")
    reviewer.goto(url + reverse("progress", args=[project.slug]))
    expect(reviewer.locator("#progress-articles tr.is-done")).to_contain_text("2 of 2")
    reviewer.screenshot(path=str(tmp_path / "progress.png"), full_page=True)
    reviewer.goto(url + reverse("review", args=[project.slug]))
    disputed = anbar.sentences.get(position=2)  # the headline is sentence 0
    expect(reviewer.locator(".review-item.is-current")).to_have_id(f"item-{disputed.pk}")
    reviewer.keyboard.press("3")
    expect(reviewer.locator(f"#item-{disputed.pk} .gold-badge")).to_have_text("Gold: Opinion")
    assert GoldLabel.objects.get(sentence=disputed, is_current=True).label.key == "opinion"
    assert not ArticleClaim.objects.filter(article=basra).exists()
