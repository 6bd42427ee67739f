"""Flags and send-backs in the browser: an annotator flags a sentence from the keyboard, the
reviewer sees it in the queue and sends it back with a note, the annotator finds it at the
top of their work and answers it with a new label."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from claims.annotations import record_label
from claims.models import Flag, SendBack
from tests.browser.conftest import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person_page(browser: Browser, url: str, username: str) -> Page:
    # A browser context each: their own session cookie, as on their own computers.
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    return _log_in(page, url, username)


def test_flag_send_back_and_answer(live_server, browser, article, alice, labels, tmp_path):
    errors: list[str] = []
    sentence = article.sentences.get(position=2)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    annotate = live_server.url + reverse("annotate", args=["iraq", article.pk])

    page = _person_page(browser, live_server.url, "alice")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(annotate + "?s=2")
    expect(page.locator(".sentence.is-current")).to_have_attribute("data-position", "2")
    page.keyboard.press("f")
    expect(page.locator("h1")).to_have_text("Flag sentence 3")
    expect(page.locator("textarea[name=comment]")).to_be_focused()
    page.keyboard.type("“Experts say”: vague, or named experts?")
    page.screenshot(path=tmp_path / "flag-form.png", full_page=True)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#sentence-2")).to_have_class("sentence is-current is-flagged")
    expect(page.locator(".messages")).to_contain_text("Sentence 3 flagged")
    assert Flag.objects.get().comment == "“Experts say”: vague, or named experts?"
    page.screenshot(path=tmp_path / "flagged.png", full_page=True)

    page.context.close()
    page = _person_page(browser, live_server.url, "rita")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("review", args=["iraq"]))
    item = page.locator(f"#item-{sentence.pk}")
    expect(item.locator(".flags")).to_contain_text("alice is unsure")
    item.locator("summary", has_text="Send back").click()
    item.locator(".send-back-form textarea").fill("The experts are not named: vague.")
    page.screenshot(path=tmp_path / "send-back.png", full_page=True)
    item.locator(".send-back-form button").click()
    expect(page.locator(f"#item-{sentence.pk} .sent-back-line")).to_contain_text(
        "Sent back to alice"
    )
    assert SendBack.objects.get().note == "The experts are not named: vague."
    assert Flag.objects.get().closed_how == "sent_back"

    page.context.close()
    page = _person_page(browser, live_server.url, "alice")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("project", args=["iraq"]))
    expect(page.locator("section.sent-back")).to_contain_text("The experts are not named")
    page.get_by_role("link", name="Annotate next article").click()
    expect(page.locator("#sent-back")).to_contain_text("The experts are not named: vague.")
    expect(page.locator(".sentence.is-current")).to_have_attribute("data-position", "2")
    page.screenshot(path=tmp_path / "sent-back.png", full_page=True)
    opinion = next(label for label in labels.values() if label.key == "opinion")
    page.keyboard.press(str(opinion.hotkey))
    expect(page.locator("#sent-back-2")).to_contain_text("answered with your new label")
    page.reload()
    expect(page.locator("#sent-back")).to_have_count(0)
    page.context.close()
    assert errors == []
