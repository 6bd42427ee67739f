import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.demo import DEMO_ACCOUNTS

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
    page.goto(annotate_url(live_server, demo_article))
    page.evaluate("window.samePage = true")  # lost if anything reloads the page

    for position, (key, label) in enumerate([*KEYS_AND_LABELS, ("4", "other")]):
        expect(page.locator(".sentence.is-current")).to_have_id(f"sentence-{position}")
        page.keyboard.press(key)
        sentence = page.locator(f"#sentence-{position}")
        # data-revision only changes when the server's fragment is swapped in.
        expect(sentence).not_to_have_attribute("data-revision", "0")
        expect(sentence).to_have_attribute("data-label", label)
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
