import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.demo import DEMO_ACCOUNTS
from claims.models import Annotation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEYS_AND_LABELS = [("1", "claim"), ("2", "attribution"), ("3", "opinion"), ("1", "claim")]


def annotate_url(live_server, article):
    return live_server.url + reverse("annotate", args=[article.project.slug, article.pk])


def test_demo_annotator_labels_five_sentences_from_the_keyboard(live_server, log_in, demo_article):
    alice = DEMO_ACCOUNTS[0]
    page = log_in(alice.username, alice.password)
    console = []
    # CSP violations are reported as console errors.
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(str(error)))
    # The demo is blind, as projects are by default: the queue hands the article out.
    page.goto(live_server.url + reverse("next_article", args=[demo_article.project.slug]))
    page.wait_for_url(annotate_url(live_server, demo_article) + "*")  # the page adds ?s=
    page.evaluate("window.samePage = true")  # lost if anything reloads the page

    for position, (key, label) in enumerate([*KEYS_AND_LABELS, ("4", "other")]):
        expect(page.locator(".sentence.is-current")).to_have_id(f"sentence-{position}")
        page.keyboard.press(key)
        sentence = page.locator(f"#sentence-{position}")
        # data-revision only changes when the server's fragment is swapped in.
        expect(sentence).not_to_have_attribute("data-revision", "0")
        expect(sentence).to_have_attribute("data-label", label)
        if label == "attribution":  # on to its sources; Enter goes on without marking any
            expect(page.locator("#source-panel")).to_be_visible()
            page.keyboard.press("Enter")
    expect(page.locator("#progress")).to_contain_text("5 /")

    page.keyboard.press("u")  # undo takes the last label back and returns there
    expect(page.locator("#sentence-4")).to_have_attribute("data-label", "")
    expect(page.locator(".sentence.is-current")).to_have_id("sentence-4")
    page.keyboard.press("4")
    expect(page.locator("#sentence-4")).to_have_attribute("data-label", "other")
    # The label shows at once; wait until the server's fragment replaced the sentence.
    expect(page.locator(".sentence.is-pending")).to_have_count(0)
    assert page.evaluate("window.samePage") is True

    page.reload()
    saved = [page.get_attribute(f"#sentence-{i}", "data-label") for i in range(5)]
    assert saved == [label for _, label in KEYS_AND_LABELS] + ["other"]
    assert console == []  # no CSP violations, no script errors


def test_help_opens_with_question_mark_and_closes_with_escape(live_server, log_in, article):
    page = log_in("alice")
    page.goto(annotate_url(live_server, article))
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#help")).to_be_hidden()


def test_script_in_article_text_renders_as_text(live_server, log_in, make_article):
    text = "Markup test\n\nBefore. <script>window.pwned=1</script> After."
    article = make_article(external_id="markup", text=text)
    page = log_in("alice")
    page.goto(annotate_url(live_server, article))
    expect(page.locator(".article-text")).to_contain_text("<script>window.pwned=1</script>")
    assert page.evaluate("typeof window.pwned") == "undefined"


def saved_labels(article, user):
    current = Annotation.objects.filter(sentence__article=article, annotator=user, is_current=True)
    return {a.sentence.position: a.label.key if a.label else None for a in current}


def test_labels_pressed_after_logging_out_elsewhere_are_shown_as_not_saved(
    live_server, log_in, other_tab, article
):
    page = log_in("alice")
    page.goto(annotate_url(live_server, article))
    other_tab.log_out()
    page.keyboard.press("1")  # sentence 1 (position 0), then the page moves on to sentence 2
    page.keyboard.press("3")

    unsaved = page.locator("#unsaved[role=alert]")
    expect(unsaved).to_contain_text("You are logged out")
    expect(unsaved).to_contain_text("sentence 1 (Claim), sentence 2 (Opinion)")
    for position in (0, 1):
        sentence = page.locator(f"#sentence-{position}")
        expect(sentence).to_have_attribute("data-label", "")  # what is saved: nothing
        expect(sentence).to_have_class(re.compile(r"\bis-unsaved\b"))
        expect(sentence).not_to_have_class(re.compile(r"\bis-pending\b"))
    expect(page.locator("#progress")).to_have_text(re.compile(r"0 / 4"))


def test_unsaved_labels_are_resent_after_logging_in_again(
    live_server, log_in, other_tab, article, alice
):
    page = log_in("alice")
    page.goto(annotate_url(live_server, article))
    other_tab.log_out()
    page.keyboard.press("1")
    page.keyboard.press("3")
    expect(page.locator("#unsaved")).to_contain_text("sentence 2 (Opinion)")

    other_tab.log_in("alice")  # a new session, and a new CSRF token
    page.keyboard.press("r")
    expect(page.locator("#sentence-1")).to_have_attribute("data-label", "opinion")
    expect(page.locator("#unsaved")).to_be_hidden()
    expect(page.locator(".sentence.is-unsaved")).to_have_count(0)
    expect(page.locator("#progress")).to_have_text(re.compile(r"2 / 4"))
    assert saved_labels(article, alice) == {0: "claim", 1: "opinion"}


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda route: route.fulfill(status=500, body="Server Error"), "The server failed (500)"),
        (lambda route: route.abort(), "No connection"),
    ],
    ids=["500", "network"],
)
def test_a_label_that_failed_is_shown_as_not_saved_and_can_be_resent(
    live_server, log_in, article, alice, answer, reason
):
    page = log_in("alice")
    page.goto(annotate_url(live_server, article))
    page.route("**/label/", answer)
    # On a busy machine a key pressed before the page's scripts ran would go nowhere.
    page.wait_for_function("() => window.htmx !== undefined")
    expect(page.locator(".sentence.is-current")).to_have_count(1)
    with page.expect_request("**/label/"):  # the key reached the page and sent the label
        page.keyboard.press("2")

    unsaved = page.locator("#unsaved")
    expect(unsaved).to_contain_text(f"{reason}: sentence 1 (Attribution)")
    expect(page.locator("#sentence-0")).to_have_attribute("data-label", "")
    expect(page.locator("#sentence-0")).to_have_class(re.compile(r"\bis-unsaved\b"))
    assert saved_labels(article, alice) == {}

    page.unroute("**/label/")
    page.click("#unsaved [data-resend]")
    expect(page.locator("#sentence-0")).to_have_attribute("data-label", "attribution")
    expect(unsaved).to_be_hidden()
    assert saved_labels(article, alice) == {0: "attribution"}
