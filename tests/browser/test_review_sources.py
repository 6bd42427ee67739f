"""The reviewer compares the annotators' sources in the text and takes one annotation whole."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.annotations import record_label
from claims.attributions import AttributionSpec, Span, current_attributions
from claims.models import GoldLabel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A_REPORT, SAYS = Span(73, 81), Span(82, 86)  # "a report says", in the fixture's sentence 2


@pytest.fixture
def kinds_disputed(sentence, alice, bob, labels):
    """alice and bob agree that the sentence is an attribution to "a report", but alice
    takes it for an anonymous source and bob for a vague one."""
    for person, kind in [(alice, "anonymous"), (bob, "vague")]:
        spec = AttributionSpec(kind=kind, source=A_REPORT, cue=SAYS)
        record_label(
            sentence=sentence, annotator=person, label=labels["attribution"], attributions=[spec]
        )
    return sentence


def test_reviewer_takes_bobs_kind_of_source_from_the_keyboard(live_server, log_in, kinds_disputed):
    page = log_in("rita")
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(str(error)))
    queue = live_server.url + reverse("review", args=["iraq"])
    page.goto(queue)
    item = page.locator(f"#item-{kinds_disputed.pk}")
    expect(item).to_have_class("review-item is-current")
    alice, bob = (item.locator(f".reading[data-annotator={name}]") for name in ("alice", "bob"))
    expect(alice.locator(".mark.source")).to_have_attribute("data-kind", "anonymous")
    expect(bob.locator(".mark.source")).to_have_attribute("data-kind", "vague")
    expect(bob.locator(".attribution-lines .kind-name")).to_have_text("Vague attribution")

    page.keyboard.press("a")
    expect(item).to_have_class("review-item is-current is-taking")
    expect(page.locator("#review-message")).to_contain_text("Take whose annotation? Press 1–2")
    page.keyboard.press("2")  # bob, the second annotator by name
    expect(item.locator(".gold-badge")).to_have_text("Gold: Attribution")
    expect(item.locator(".gold-reading .mark.source")).to_have_attribute("data-kind", "vague")

    page.reload()  # the address names the sentence, so it stays on the page, decided
    expect(item).to_have_attribute("data-decided", "true")
    expect(item.locator(".gold-reading .mark.source")).to_have_attribute("data-kind", "vague")
    expect(bob.locator(".reading-is-gold")).to_have_text("= gold")
    gold = GoldLabel.objects.get(sentence=kinds_disputed, is_current=True)
    assert [spec.kind for spec in current_attributions(gold)[0]] == ["vague"]
    assert console == []  # no CSP violations, no script errors


def test_a_key_other_than_a_digit_after_a_takes_nothing(live_server, log_in, kinds_disputed):
    page = log_in("rita")
    page.goto(live_server.url + reverse("review", args=["iraq"]))
    item = page.locator(f"#item-{kinds_disputed.pk}")
    page.keyboard.press("a")
    page.keyboard.press("Escape")
    expect(item).to_have_class("review-item is-current")
    page.keyboard.press("1")  # a digit alone picks a label again: Claim, not alice's
    expect(item.locator(".gold-badge")).to_have_text("Gold: Claim")
