"""Keystroke to paint on the annotate page of a 300-sentence article, in Chromium.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/keystroke_paint.py
    ... benchmarks/keystroke_paint.py --presses 60 --sentences 300

Serves the app from a live server thread over a throwaway database, opens one article of
about --sentences sentences (seed-sized articles joined) in headless Chromium, and for each
key measures, inside the page, the time from the keydown event to the first frame after
it (a requestAnimationFrame callback, then a task: the frame has been painted by then).
What is measured: moving to the next sentence (j), labelling (a digit: the label shows at
once, the request goes on in the background), in source mode moving the caret (l),
extending it (Shift+l) and marking a source (a kind letter; the source is drawn as pending
at once), and removing it again (Delete). Baseline, in the same run: a key nothing handles,
which is the cost of a frame alone. Target: every key under 50 ms (median and p95).
Needs Chromium (apt-get install chromium, or CHROMIUM=path).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import warnings

from environment import benchmark_database, seed_sized_articles

# In the page, before its own scripts see the key: the keydown's time, then the first
# painted frame after it.
MEASURE = """
window.paints = [];
window.addEventListener("keydown", (event) => {
  const pressed = event.timeStamp;
  requestAnimationFrame(() => setTimeout(() => window.paints.push(performance.now() - pressed)));
}, { capture: true });
"""

NEXT_PAINT = """new Promise((resolve) => {
  const poll = () => (window.paints.length ? resolve(window.paints.pop()) : setTimeout(poll, 1));
  poll();
})"""
# Until no change is on its way to the server.
SETTLED = """new Promise((resolve) => {
  const poll = () => (document.querySelector(".is-pending") ? setTimeout(poll, 5) : resolve());
  poll();
})"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--presses", type=int, default=40, help="presses of each key")
    arguments = parser.parse_args()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop in this thread
    # Static files come from the app directories here; no collectstatic output is needed.
    warnings.filterwarnings("ignore", message="No directory at")
    with benchmark_database():
        measure(arguments.sentences, arguments.presses)


def measure(sentences: int, presses: int) -> None:
    from django.contrib.auth.models import User
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    from claims.imports.articles import import_article
    from claims.projects import add_member, create_project

    owner = User.objects.create_user("owner", password="owner-password-1")
    annotator = User.objects.create_user("annotator", password="annotator-password-1")
    project = create_project(name="Paint", slug="paint", owner=owner)
    add_member(project=project, user=annotator, role="annotator")
    texts = seed_sized_articles(sentences // 27 + 1)
    article = import_article(project=project, external_id="long", text="\n\n".join(texts))
    count = article.sentences.count()

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override={}, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Chromium is missing: apt-get install chromium (or set CHROMIUM)")
    results: dict[str, list[float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/login/")
            page.fill("#id_username", "annotator")
            page.fill("#id_password", "annotator-password-1")
            page.click("button[type=submit]")
            page.wait_for_url(base + "/")
            page.add_init_script(MEASURE)
            page.goto(base + reverse("annotate", args=[project.slug, article.pk]) + "?s=0")

            # page.wait_for_function() evaluates a string, which the app's CSP forbids;
            # page.evaluate() does not, so the waits are promises polled in the page.
            def timed(name: str, key: str, times: int = presses) -> None:
                page.evaluate("window.paints = []")
                for _ in range(times):
                    page.keyboard.press(key)
                    results.setdefault(name, []).append(page.evaluate(NEXT_PAINT))

            def settled() -> None:
                page.evaluate(SETTLED)

            timed("baseline: a key nothing handles (q)", "q")
            timed("next sentence (j)", "j")
            timed("label a sentence (1, claim)", "1")
            page.keyboard.press("2")  # attribution: source mode on that sentence
            page.wait_for_selector("#source-panel:not([hidden])")
            settled()
            timed("source mode: move the caret (l)", "l", min(presses, 15))
            timed("source mode: extend (Shift+l)", "Shift+l", 3)
            for _ in range(presses // 2):
                timed("source mode: mark a source (w, vague)", "w", 1)
                settled()
                timed("source mode: remove it (Delete)", "Delete", 1)
                settled()
            browser.close()
    finally:
        server.terminate()
        connections.close_all()

    print(f"{count} sentences; keydown to the next painted frame, ms")
    print(f"{'':44} {'median':>8} {'p95':>8} {'n':>4}")
    for name, values in results.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{name:44} {statistics.median(values):8.1f} {p95:8.1f} {len(values):4}")


if __name__ == "__main__":
    main()
