"""An ordinary account, no superuser, sets a project up in Chromium without the admin:
creates it, adds two annotators and a reviewer, sets k = 2."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Membership, Project, ProjectChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ordinary_user_sets_up_a_project(live_server, log_in, alice, bob, rita, olga, tmp_path):
    assert not User.objects.get(username="olga").is_superuser
    page = log_in("olga")
    page.goto(live_server.url + reverse("home"))
    page.get_by_role("link", name="New project").click()
    page.fill("input[name=name]", "Wire copy 2026")
    page.fill("textarea[name=description]", "Agency wires on the election.")
    page.screenshot(path=tmp_path / "new_project.png", full_page=True)
    page.get_by_role("button", name="Create project").click()
    expect(page.locator("h1")).to_have_text("Wire copy 2026")
    project = Project.objects.get(slug="wire-copy-2026")
    assert Membership.objects.get(project=project, user__username="olga").role == "owner"

    page.get_by_role("link", name="Members").click()
    for who, role in (("alice", "annotator"), ("bob", "annotator"), ("rita", "reviewer")):
        page.fill("#id_who", who)
        page.select_option("#id_role", role)
        page.get_by_role("button", name="Add member").click()
        expect(page.locator(".messages")).to_contain_text(f"Added {who} as {role}")
    # An unknown name re-renders the form, naming the field.
    page.fill("#id_who", "nobody")
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".errors")).to_contain_text("Username or e-mail: no account")
    page.screenshot(path=tmp_path / "members.png", full_page=True)
    roles = dict(Membership.objects.filter(project=project).values_list("user__username", "role"))
    assert roles == {"olga": "owner", "alice": "annotator", "bob": "annotator", "rita": "reviewer"}

    page.goto(live_server.url + reverse("project", args=[project.slug]))
    page.get_by_role("link", name="Settings").click()
    page.fill("input[name=annotators_per_article]", "3")
    page.get_by_role("button", name="Save settings").click()
    page.fill("input[name=annotators_per_article]", "2")
    page.fill("input[name=claim_expiry_hours]", "24")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".messages")).to_contain_text("Settings saved")
    expect(page.locator(".history-table")).to_contain_text("annotators_per_article 3")
    page.screenshot(path=tmp_path / "settings.png", full_page=True)
    project.refresh_from_db()
    assert project.annotators_per_article == 2
    assert ProjectChange.objects.filter(project=project).count() == 5
