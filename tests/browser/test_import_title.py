"""An owner imports the seed article in Chromium: its title is its headline, or the line
the import page names."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.demo import SEED_ARTICLE
from claims.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("title_line", "title"),
    [
        ("", "Drones, helicopter gunships swarm skies as US sets up new base in Iraq"),
        ("1", "News / Iraq"),
    ],
    ids=["guessed", "named"],
)
def test_the_owner_imports_the_seed_with_its_title(
    live_server, log_in, project, tmp_path, title_line, title
):
    page = log_in("owen")
    page.goto(live_server.url + reverse("import_articles", args=[project.slug]))
    page.set_input_files("input[type=file]", str(SEED_ARTICLE))
    page.fill("#id_title_line", title_line)
    page.screenshot(path=tmp_path / "import-form.png", full_page=True)
    page.click(".import-form button[type=submit]")
    expect(page.locator(".article-list")).to_contain_text(title)
    page.screenshot(path=tmp_path / "imported.png", full_page=True)
    assert Article.objects.get().title == title
