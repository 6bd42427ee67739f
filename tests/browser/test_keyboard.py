"""The annotate page from the keyboard: the current sentence, the keys of other layouts,
and the way on to the next article."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from claims.models import Annotation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records, at every swap, which sentences are marked current: a swapped-in sentence must
# never lose the mark, not even until the request settles.
WATCH_SWAPS = """() => {
  window.currentAtSwaps = [];
  for (const type of ["htmx:oobAfterSwap", "htmx:afterSwap", "htmx:afterSettle"]) {
    document.addEventListener(type, () => {
      const marked = Array.from(document.querySelectorAll(".sentence.is-current"), (e) => e.id);
      window.currentAtSwaps.push(marked.join(" "));
    });
  }
}"""


def open_article(live_server, page: Page, article) -> Page:
    page.goto(live_server.url + reverse("annotate", args=[article.project.slug, article.pk]))
    # A key pressed before the page's scripts ran would go nowhere.
    page.wait_for_function("() => window.htmx !== undefined")
    expect(page.locator(".sentence.is-current")).to_have_count(1)
    page.evaluate(WATCH_SWAPS)
    return page


def settled(page: Page) -> None:
    expect(page.locator(".sentence.is-pending")).to_have_count(0)


def saved_labels(article, user):
    current = Annotation.objects.filter(sentence__article=article, annotator=user, is_current=True)
    return {a.sentence.position: a.label.key if a.label else None for a in current}


def test_clearing_a_label_keeps_the_sentence_current(live_server, log_in, article, tmp_path):
    page = open_article(live_server, log_in("alice"), article)
    page.keyboard.press("1")  # sentence 1, then on to sentence 2
    page.keyboard.press("k")  # back to sentence 1
    page.keyboard.press("0")  # clear it
    settled(page)
    expect(page.locator("#sentence-0")).to_have_attribute("data-label", "")
    assert set(page.evaluate("window.currentAtSwaps")) <= {"sentence-1", "sentence-0"}
    expect(page.locator(".sentence.is-current")).to_have_id("sentence-0")
    page.screenshot(path=tmp_path / "label-cleared.png")


def test_labelling_the_last_sentence_keeps_it_current(
    live_server, log_in, article, alice, tmp_path
):
    page = open_article(live_server, log_in("alice"), article)
    for key in "1313":  # every sentence, the last one last
        page.keyboard.press(key)
    settled(page)
    assert saved_labels(article, alice) == {0: "claim", 1: "opinion", 2: "claim", 3: "opinion"}
    assert "" not in page.evaluate("window.currentAtSwaps")
    expect(page.locator(".sentence.is-current")).to_have_id("sentence-3")
    page.screenshot(path=tmp_path / "last-sentence-labelled.png")


def test_a_sentence_answered_while_its_next_change_is_pending_stays_current(
    live_server, log_in, article
):
    page = open_article(live_server, log_in("alice"), article)
    for _ in range(3):  # each clear is sent while the one before is still on its way
        page.keyboard.press("Backspace")
    settled(page)
    assert "" not in page.evaluate("window.currentAtSwaps")
    expect(page.locator(".sentence.is-current")).to_have_id("sentence-0")


def test_a_finished_article_offers_the_next_article_and_n_follows_it(
    live_server, log_in, article, make_article, tmp_path
):
    following = make_article(external_id="base", text="US troops leave a base.\n\nThey went home.")
    page = open_article(live_server, log_in("alice"), article)
    page.keyboard.press("n")  # not finished: n stays here and says why
    expect(page.locator("#annotate-message")).to_contain_text("once every sentence is labelled")
    expect(page.locator("#next-article")).to_have_count(0)
    for key in "1314":
        page.keyboard.press(key)
    next_link = page.locator("#next-article")
    expect(next_link).to_be_visible()
    page.screenshot(path=tmp_path / "article-finished.png")
    page.keyboard.press("n")
    page.wait_for_url(
        live_server.url + reverse("annotate", args=[article.project.slug, following.pk]) + "*"
    )


def press(page: Page, *, key: str, code: str, shift: bool = False) -> None:
    """A key as a layout other than Playwright's US one types it: `key` is the character,
    `code` the key's place."""
    page.evaluate(
        """([key, code, shiftKey]) => document.activeElement.dispatchEvent(new KeyboardEvent(
             "keydown", {key, code, shiftKey, bubbles: true, cancelable: true}))""",
        [key, code, shift],
    )


@pytest.mark.parametrize(
    ("key", "code", "shift"),
    [("&", "Digit1", False), ("1", "Digit1", True), ("1", "Numpad1", False)],
    ids=["azerty", "azerty-with-shift", "numpad"],
)
def test_a_digit_key_labels_by_its_place_whatever_it_types(
    live_server, log_in, article, alice, key, code, shift
):
    page = open_article(live_server, log_in("alice"), article)
    press(page, key=key, code=code, shift=shift)
    expect(page.locator("#sentence-0")).to_have_attribute("data-label", "claim")
    settled(page)
    assert saved_labels(article, alice) == {0: "claim"}


def test_the_azerty_zero_key_clears_a_label(live_server, log_in, article, alice):
    page = open_article(live_server, log_in("alice"), article)
    press(page, key="é", code="Digit2")  # attribution: on to its sources
    expect(page.locator("#source-panel")).to_be_visible()
    page.keyboard.press("Escape")
    press(page, key="à", code="Digit0")
    settled(page)
    assert saved_labels(article, alice) == {0: None}


def test_shift_with_a_digit_key_on_qwerty_labels_nothing(live_server, log_in, article):
    page = open_article(live_server, log_in("alice"), article)
    press(page, key="!", code="Digit1", shift=True)
    page.keyboard.press("1")  # a label after it: its answer shows nothing else was sent
    settled(page)
    expect(page.locator("#progress")).to_contain_text("1 / 4")
    expect(page.locator("#sentence-1")).to_have_attribute("data-label", "")


def test_digits_typed_in_a_field_label_nothing(live_server, log_in, article, alice):
    page = open_article(live_server, log_in("alice"), article)
    # The annotate page has no field of its own (review's notes are one): add one.
    page.evaluate(
        """() => {
          const field = document.createElement("input");
          field.id = "typing";
          document.querySelector(".toolbar").append(field);
          field.focus();
        }"""
    )
    press(page, key="&", code="Digit1")
    page.keyboard.type("12")
    expect(page.locator("#typing")).to_have_value("12")
    assert saved_labels(article, alice) == {}
