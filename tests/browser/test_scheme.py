"""An owner changes the label scheme in Chromium, from the keyboard and without the admin;
an annotator then finds the hidden label gone from the annotate page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Label, ProjectChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owner_renames_hides_and_adds_labels(live_server, log_in, project, article, tmp_path):
    page = log_in("owen")
    page.goto(live_server.url + reverse("project", args=["iraq"]))
    page.get_by_role("link", name="Label scheme").click()
    expect(page.locator("h1")).to_have_text("Label scheme and source kinds")

    # Rename from the keyboard: Enter in a row's field saves that row.
    name = page.get_by_label("Name of label Claim")
    name.fill("Factual claim")
    name.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Saved Claim.")
    expect(page.get_by_label("Name of label Factual claim")).to_have_value("Factual claim")

    # A key another label has is refused, naming the row and the field.
    page.get_by_label("Hotkey of label Opinion").select_option("1")
    page.get_by_role("button", name="Save Opinion").click()
    expect(page.locator(".errors")).to_contain_text(
        "Label 'Opinion', Hotkey: 1 is the key of 'Factual claim' already"
    )
    page.screenshot(path=tmp_path / "error.png", full_page=True)

    # Hiding frees the key; then Opinion may take it.
    page.get_by_role("button", name="Hide Factual claim").click()
    expect(page.locator(".messages")).to_contain_text("Factual claim is hidden from new work")
    page.get_by_label("Hotkey of label Opinion").select_option("1")
    page.get_by_role("button", name="Save Opinion").click()
    expect(page.locator(".messages")).to_contain_text("Saved Opinion.")

    page.fill("#id_new-labels-key", "quote")
    page.fill("#id_new-labels-name", "Direct quote")
    page.get_by_role("button", name="Add label").click()
    expect(page.locator(".messages")).to_contain_text("Added Direct quote.")
    page.get_by_role("button", name="Move Direct quote up").click()
    page.screenshot(path=tmp_path / "scheme.png", full_page=True)

    keys = list(project.labels.values_list("key", "hotkey", "hidden"))
    assert keys == [
        ("claim", None, True),
        ("attribution", 2, False),
        ("opinion", 1, False),
        ("quote", None, False),
        ("other", 4, False),
    ]
    assert ProjectChange.objects.filter(project=project, what="scheme").count() == 5
    assert Label.objects.get(key="claim").name == "Factual claim"


def test_an_annotator_is_not_offered_a_hidden_label(
    live_server, log_in, project, article, owen, tmp_path
):
    from claims.scheme import set_hidden

    set_hidden(project=project, model=Label, key="opinion", hidden=True, by=owen)
    page = log_in("alice")
    page.goto(live_server.url + reverse("annotate", args=["iraq", article.pk]))
    expect(page.locator("#label-form .label-button")).to_have_count(3)
    page.keyboard.press("3")  # was Opinion's key; now no label has it
    page.keyboard.press("4")
    expect(page.locator("#sentence-0")).to_have_attribute("data-label", "other")
    page.screenshot(path=tmp_path / "annotate.png", full_page=True)
