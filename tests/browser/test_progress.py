"""The team progress page in Chromium: a reviewer reads it and follows a link into review;
an annotator sees only their own row."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.annotations import record_label
from claims.models import Article, Sentence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worked(project, labels, alice, bob):
    """Three articles: done by both (k = 2), done by alice only, and not started."""
    articles = []
    for n, title in enumerate(["Drones over al-Anbar", "Base talks stall", "Quiet border"]):
        article = Article.objects.create(
            project=project,
            external_id=f"a{n}",
            title=title,
            text="One claim. Two claims. Three claims.",
            segmenter="manual",
        )
        Sentence.objects.bulk_create(
            Sentence(article=article, position=p, start=s, end=e)
            for p, (s, e) in enumerate([(0, 10), (11, 22), (23, 36)])
        )
        articles.append(article)
    for sentence in articles[0].sentences.all():
        record_label(sentence=sentence, annotator=alice, label=labels["claim"], seconds=4)
        label = labels["opinion"] if sentence.position == 0 else labels["claim"]
        record_label(sentence=sentence, annotator=bob, label=label, seconds=6)
    for sentence in articles[1].sentences.all():
        record_label(sentence=sentence, annotator=alice, label=labels["claim"], seconds=5)
    return articles


def test_a_reviewer_reads_progress_and_goes_to_review(live_server, log_in, worked, tmp_path):
    page = log_in("rita")
    page.goto(live_server.url + reverse("project", args=["iraq"]))
    expect(page.locator(".article-list")).to_contain_text("2 of 2 done")
    page.screenshot(path=tmp_path / "project-page-reviewer.png", full_page=True)
    page.click("text=Team progress")
    page.wait_for_url("**/progress/")
    expect(page.locator(".summary-figures")).to_contain_text("1 of 3")
    expect(page.locator(".progress-table").first).to_contain_text("bob")
    page.screenshot(path=tmp_path / "progress-reviewer.png", full_page=True)
    page.select_option("select[name=show]", "incomplete")
    page.wait_for_url("**show=incomplete**")
    expect(page.locator("#progress-articles tbody tr")).to_have_count(2)
    page.screenshot(path=tmp_path / "progress-incomplete.png", full_page=True)
    page.click("text=Review disagreements")
    page.wait_for_url("**/review/")
    # The one disputed sentence: alice said claim, bob opinion.
    expect(page.locator("main")).to_contain_text("One claim.")


def test_an_annotator_sees_only_themself(live_server, log_in, worked, tmp_path):
    page = log_in("alice")
    page.goto(live_server.url + reverse("progress", args=["iraq"]))
    table = page.locator(".progress-table")
    expect(table).to_contain_text("alice")
    expect(table).not_to_contain_text("bob")
    expect(page.locator("body")).not_to_contain_text("Agreement")
    page.screenshot(path=tmp_path / "progress-annotator.png", full_page=True)
