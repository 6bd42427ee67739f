"""Source mode on the annotate page, driven from the keyboard as an annotator would."""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.demo import DEMO_ACCOUNTS
from claims.models import Annotation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCY = "Iraq's al-Maloumah news agency cited an unnamed security source"
SAID = "This is while no security breach has occurred"


def position_of(article, beginning):
    text = article.text
    return next(
        s.position for s in article.sentences.all() if text[s.start : s.end].startswith(beginning)
    )


def press(page, key, times=1):
    for _ in range(times):
        page.keyboard.press(key)


def settled(page):
    """Until every change has its answer: no sentence waits for one, and none shows what it
    sent (data-saved-*, kept beside it until the server's fragment replaces the sentence)."""
    expect(page.locator(".sentence.is-pending, .sentence[data-saved-attributions]")).to_have_count(
        0
    )


def saved_attributions(page, position):
    settled(page)
    return json.loads(page.get_attribute(f"#sentence-{position}", "data-attributions"))


def test_an_anonymous_source_and_its_second_mention_from_the_keyboard(
    live_server, log_in, demo_article, tmp_path
):
    alice = DEMO_ACCOUNTS[0]
    page = log_in(alice.username, alice.password)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    first = position_of(demo_article, AGENCY)
    second = position_of(demo_article, SAID)
    url = live_server.url + reverse("annotate", args=[demo_article.project.slug, demo_article.pk])
    # The demo is blind, as projects are by default: the queue hands the article out first.
    page.goto(live_server.url + reverse("next_article", args=[demo_article.project.slug]))
    page.wait_for_url(url + "*")  # the page adds ?s=
    page.goto(f"{url}?s={first}")

    page.keyboard.press("2")  # attribution: the page goes on to the sentence's sources
    expect(page.locator("#source-panel")).to_be_visible()
    expect(page.locator("#source-panel h2")).to_contain_text(f"sentence {first + 1}")
    # Iraq's al-Maloumah news agency cited | an unnamed security source
    press(page, "l", 5)
    press(page, "Shift+ArrowRight", 3)
    page.keyboard.press("a")  # anonymous
    expect(page.locator("#source-panel li")).to_have_count(1)
    expect(page.locator("#source-panel li")).to_contain_text("an unnamed security source")
    [anonymous] = saved_attributions(page, first)
    assert anonymous["kind"] == "anonymous"
    start = demo_article.text.index("an unnamed security source")
    assert anonymous["source"] == {"start": start, "end": start + len("an unnamed security source")}
    page.screenshot(path=tmp_path / "sources-mode.png")

    page.keyboard.press("Escape")
    expect(page.locator("#source-panel")).to_be_hidden()
    page.keyboard.press("j")
    expect(page.locator(".sentence.is-current")).to_have_id(f"sentence-{second}")
    page.keyboard.press("2")
    # ... to warrant the overflights, | the source | said.
    press(page, "l", 15)
    page.keyboard.press("Shift+l")
    page.keyboard.press("a")
    settled(page)
    page.keyboard.press("=")  # the same source as one marked before: pick it by number
    expect(page.locator("#source-panel li[data-pick]").first).to_contain_text(
        "an unnamed security source"
    )
    page.keyboard.press("1")
    settled(page)
    page.keyboard.press("l")  # "said"
    page.keyboard.press("c")
    [mention] = saved_attributions(page, second)
    assert mention["entity"] == anonymous["entity"]
    assert demo_article.text[mention["cue"]["start"] : mention["cue"]["end"]] == "said"
    page.screenshot(path=tmp_path / "sources-linked.png")

    page.reload()
    assert saved_attributions(page, first)[0]["source"] == anonymous["source"]
    assert saved_attributions(page, second)[0]["entity"] == anonymous["entity"]
    expect(page.locator(f"#sentence-{first} .mark.source")).to_have_text(
        "an unnamed security source"
    )
    expect(page.locator(f"#sentence-{second} .mark.source")).to_have_text("the source")
    saved = Annotation.objects.get(
        sentence__position=second, sentence__article=demo_article, is_current=True
    )
    assert [(a.kind.key, a.entity) for a in saved.attributions.all()] == [
        ("anonymous", anonymous["entity"])
    ]
    assert errors == []


def test_a_source_the_server_did_not_save_is_not_shown_as_saved(
    live_server, log_in, article, alice
):
    page = log_in("alice")
    url = live_server.url + reverse("annotate", args=[article.project.slug, article.pk])
    page.goto(f"{url}?s=1")
    page.keyboard.press("2")
    expect(page.locator("#sentence-1")).not_to_have_attribute("data-revision", "0")
    page.route("**/label/", lambda route: route.fulfill(status=500, body="Server Error"))
    # Swarms of drones are flying over al-Anbar, | a report | says.
    press(page, "l", 7)
    page.keyboard.press("Shift+l")
    page.keyboard.press("w")  # vague

    expect(page.locator("#unsaved")).to_contain_text(
        "The server failed (500): sentence 2 (sources)"
    )
    sentence = page.locator("#sentence-1")
    expect(sentence).to_have_class(re.compile(r"\bis-unsaved\b"))
    expect(sentence).to_have_attribute("data-attributions", "[]")
    expect(sentence.locator(".mark")).to_have_count(0)
    expect(page.locator("#source-panel li")).to_have_count(0)
    assert Annotation.objects.get(annotator=alice, is_current=True).attributions.count() == 0

    page.unroute("**/label/")
    page.click("#unsaved [data-resend]")
    expect(page.locator("#unsaved")).to_be_hidden()
    expect(sentence.locator(".mark.source")).to_have_text("a report")
    saved = Annotation.objects.get(annotator=alice, is_current=True)
    assert [a.kind.key for a in saved.attributions.all()] == ["vague"]


def test_sources_typed_on_the_form_without_javascript(
    browser, live_server, article, alice, tmp_path
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-password-1")
    page.click("button[type=submit]")
    page.goto(
        live_server.url + reverse("annotate", args=[article.project.slug, article.pk]) + "?s=2"
    )
    page.click("#sources-link")
    expect(page.locator("h1")).to_have_text("Sources of sentence 3")

    page.fill("#id_sources-0-source", "at")  # twice in "aimed at creating"
    page.select_option("#id_sources-0-kind", "vague")
    page.click("text=Save sources")
    expect(page.locator(".occurrences")).to_contain_text("Which one?")
    expect(page.locator("#id_sources-0-source + .field-error")).to_contain_text("occurs 2 times")
    page.screenshot(path=tmp_path / "sources-form-choose.png", full_page=True)

    page.fill("#id_sources-0-source", "Experts")
    page.fill("#id_sources-0-cue", "say")
    page.click("text=Save sources")
    expect(page.locator("#sentence-2 .mark.source")).to_have_text("Experts")
    saved = Annotation.objects.get(annotator=alice, is_current=True)
    assert saved.label.key == "attribution"
    assert [(a.kind.key, a.cue_start is not None) for a in saved.attributions.all()] == [
        ("vague", True)
    ]
    page.click("#sources-link")
    page.screenshot(path=tmp_path / "sources-form.png", full_page=True)
    context.close()
