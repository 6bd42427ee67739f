import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.annotations import record_label
from claims.models import GoldLabel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_disputes(article, alice, bob, labels):
    sentences = list(article.sentences.order_by("position")[1:])
    for sentence in sentences:
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
        record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
    return sentences


def test_reviewer_decides_two_sentences_from_the_keyboard(live_server, log_in, three_disputes):
    page = log_in("rita")
    console = []
    # CSP violations are reported as console errors.
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(str(error)))
    page.goto(live_server.url + reverse("review", args=["iraq"]))
    page.evaluate("window.samePage = true")  # lost if anything reloads the page
    first, second, third = (f"#item-{sentence.pk}" for sentence in three_disputes)

    expect(page.locator(".review-item.is-current")).to_have_id(first[1:])
    page.keyboard.press("n")
    page.keyboard.type("3 sources, 1 quote")  # digits in the note decide nothing
    page.keyboard.press("Escape")
    page.keyboard.press("3")
    expect(page.locator(".review-item.is-current")).to_have_id(second[1:])
    page.keyboard.press("1")
    expect(page.locator(".review-item.is-current")).to_have_id(third[1:])
    # The gold line only appears when the server's fragment is swapped in.
    expect(page.locator(f"{first} .gold-badge")).to_have_text("Gold: Opinion")
    expect(page.locator(f"{second} .gold-badge")).to_have_text("Gold: Claim")
    expect(page.locator("#review-tabs")).to_contain_text("Decided 2")
    assert page.evaluate("window.samePage") is True

    page.reload()
    expect(page.locator(".review-item")).to_have_count(1)  # only the third is left to decide
    page.click("#review-tabs >> text=Decided")
    expect(page.locator(".review-item[data-decided=true]")).to_have_count(2)
    expect(page.locator(f"{first} .gold-line .gold-note")).to_have_text("3 sources, 1 quote")
    assert console == []  # no CSP violations, no script errors


def test_keys_help_opens_with_question_mark(live_server, log_in, three_disputes):
    page = log_in("rita")
    page.goto(live_server.url + reverse("review", args=["iraq"]))
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#help")).to_be_hidden()


def test_a_second_decision_sent_before_the_first_answer_is_saved(
    live_server, log_in, three_disputes
):
    page = log_in("rita")
    page.goto(live_server.url + reverse("review", args=["iraq"]))
    first = f"#item-{three_disputes[0].pk}"
    expect(page.locator(".review-item.is-current")).to_have_id(first[1:])

    def answer_slowly(route):
        page.wait_for_timeout(400)  # the second key is pressed before this answer arrives
        route.continue_()

    page.route("**/gold/", answer_slowly)
    page.keyboard.press("1")
    page.keyboard.press("k")  # back to the first sentence, decided a moment ago
    page.keyboard.press("2")
    expect(page.locator(f"{first} .gold-badge")).to_have_text("Gold: Attribution")


def test_a_decision_made_after_logging_out_elsewhere_is_not_shown_as_decided(
    live_server, log_in, other_tab, three_disputes
):
    page = log_in("rita")
    page.goto(live_server.url + reverse("review", args=["iraq"]))
    first = page.locator(f"#item-{three_disputes[0].pk}")
    other_tab.log_out()
    page.keyboard.press("3")

    unsaved = page.locator("#unsaved[role=alert]")
    expect(unsaved).to_contain_text("You are logged out")
    expect(unsaved).to_contain_text("sentence 2 (Opinion)")  # position 1, the first dispute
    expect(first).to_have_attribute("data-decided", "false")
    expect(first).to_have_class(re.compile(r"\bis-unsaved\b"))
    expect(page.locator("#review-tabs")).to_contain_text("Decided 0")

    other_tab.log_in("rita")
    page.keyboard.press("r")
    expect(first.locator(".gold-badge")).to_have_text("Gold: Opinion")
    expect(unsaved).to_be_hidden()
    gold = GoldLabel.objects.get(sentence=three_disputes[0], is_current=True)
    assert gold.label.key == "opinion"
