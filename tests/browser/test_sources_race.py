"""Keys pressed faster than the server answers: each change of a sentence's sources must
build on the one before it, still on its way, not on the last answer."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.annotations import current_attributions, record_label
from claims.attributions import AttributionSpec, Span
from claims.models import Annotation
from tests.conftest import ARTICLE_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = ARTICLE_TEXT.index("a report")  # in sentence 2, marked beforehand
EXPERTS = ARTICLE_TEXT.index("Experts")  # "Experts say the rise ...", sentence 3
SAY = ARTICLE_TEXT.index("say ")
WANTED = AttributionSpec(
    kind="anonymous", source=Span(EXPERTS, EXPERTS + 7), cue=Span(SAY, SAY + 3), entity="E1"
)
UNSETTLED = ".sentence.is-pending, .sentence[data-saved-attributions]"


@pytest.fixture
def held(page):
    """Every save of the annotate page, held in the browser until the test lets it through
    (next_held, release): the keys come faster than the answers."""
    routes = []
    page.route("**/label/", lambda route: routes.append(route))
    return routes


def next_held(page, routes):
    """The oldest held save; the page sends a save once the one before it is answered."""
    for _ in range(250):
        if routes:
            return routes.pop(0)
        page.wait_for_timeout(20)
    pytest.fail("no save was sent")


def release(page, routes):
    """Let the held saves through one at a time, 200 ms apart, until every one is answered."""
    for _ in range(50):
        page.wait_for_timeout(200)
        if routes:
            routes.pop(0).continue_()
        elif page.locator(UNSETTLED).count() == 0:
            return
    pytest.fail("the saves did not settle")


@pytest.fixture
def marked(sentence, alice, labels):
    """alice marked "a report" in sentence 2 as the source E1."""
    spec = AttributionSpec(kind="vague", source=Span(REPORT, REPORT + 8), entity="E1")
    record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[spec]
    )
    return sentence.article


# Keys, and "answer": let the oldest held save through and give its answer time to be
# swapped in, so that answers also arrive between the keys of later changes. "c at swap"
# presses c the moment the first answer is swapped in, before htmx settles: the worst time.
# Attribution, anonymous "Experts", the same source as "a report", cue "say".
ALL_AT_ONCE = ["2", "a", "=", "1", "l", "c"]
INTERLEAVED = ["2", "a", "answer", "=", "answer", "1", "l", "answer", "c"]
AT_THE_SWAP = ["2", "a", "=", "1", "l", "c at swap"]
SCHEDULES = pytest.mark.parametrize(
    "steps", [ALL_AT_ONCE, INTERLEAVED, AT_THE_SWAP], ids=["at-once", "interleaved", "at-swap"]
)
PRESS_AT_SWAP = """key => {
    const press = () => {
        for (const type of ["htmx:afterSwap", "htmx:oobAfterSwap"]) {
            document.removeEventListener(type, press);
        }
        document.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    };
    for (const type of ["htmx:afterSwap", "htmx:oobAfterSwap"]) {
        document.addEventListener(type, press);
    }
}"""


def mark(page, url, steps, held):
    """Take `steps` on the page at `url`, then let every save through, 200 ms apart."""
    page.goto(url)
    for step in steps:
        if step == "answer":
            with page.expect_response("**/label/"):
                next_held(page, held).continue_()
            page.wait_for_timeout(100)  # for htmx to swap it in
        elif step.endswith(" at swap"):
            page.evaluate(PRESS_AT_SWAP, step[0])
        else:
            page.keyboard.press(step)
        if step == "2":  # attribution, and the caret is on "Experts"
            expect(page.locator("#source-panel")).to_be_visible()
    release(page, held)


@SCHEDULES
def test_sources_marked_faster_than_the_answers_are_all_saved(
    live_server, log_in, marked, alice, held, steps
):
    mark(
        log_in("alice"),
        live_server.url + reverse("annotate", args=["iraq", marked.pk]) + "?s=2",
        steps,
        held,
    )
    current = Annotation.objects.get(annotator=alice, sentence__position=2, is_current=True)
    assert (current.label.key, current_attributions(current)[0]) == ("attribution", (WANTED,))


@SCHEDULES
def test_sources_marked_faster_than_the_answers_show_after_reload(
    live_server, log_in, marked, held, steps
):
    page = log_in("alice")
    mark(
        page, live_server.url + reverse("annotate", args=["iraq", marked.pk]) + "?s=2", steps, held
    )
    page.reload()
    [shown] = json.loads(page.get_attribute("#sentence-2", "data-attributions"))
    assert (shown["kind"], shown["entity"], shown["source"], shown["cue"]) == (
        "anonymous",
        "E1",
        {"start": EXPERTS, "end": EXPERTS + 7},
        {"start": SAY, "end": SAY + 3},
    )
    expect(page.locator("#sentence-2 .mark.source")).to_have_text("Experts")
