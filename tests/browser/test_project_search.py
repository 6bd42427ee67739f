"""An annotator finds an article on a long project page by typing: the list narrows in
place, the address keeps the search (so back and reload keep it), no console errors."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Article, Sentence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def many(project):
    articles = Article.objects.bulk_create(
        Article(
            project=project, external_id=f"s{n}", title=f"Story {n}", text="One.", segmenter="m"
        )
        for n in range(120)
    )
    Sentence.objects.bulk_create(Sentence(article=a, position=0, start=0, end=4) for a in articles)
    return articles


def test_typing_narrows_the_list_in_place(live_server, log_in, many):
    page = log_in("alice")
    problems = []
    page.on("console", lambda message: problems.append(f"{message.type}: {message.text}"))
    page.goto(live_server.url + reverse("project", args=["iraq"]))
    items = page.locator(".article-item")
    expect(items).to_have_count(50)
    expect(page.locator(".article-count")).to_have_text("1–50 of 120 articles")
    page.fill("input[name=q]", "Story 11")
    expect(items).to_have_count(11)  # Story 11 and Story 110 to 119
    expect(page).to_have_url(re.compile(r"q=Story(\+|%20)11"))
    page.reload()
    expect(items).to_have_count(11)
    expect(page.locator("input[name=q]")).to_have_value("Story 11")
    assert not [p for p in problems if p.startswith("error")], problems
