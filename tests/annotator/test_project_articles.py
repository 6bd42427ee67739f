"""The project page's articles: a page at a time, searched by title, outlet or id, and
narrowed to the user's own progress; a plain GET form, refreshed in place by htmx."""

import pytest
from django.urls import reverse

from annotator.views.projects import ARTICLES_PER_PAGE
from claims.annotations import record_label
from claims.models import Article, Sentence

PAGE = reverse("project", args=["iraq"])
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def many(project):
    """ARTICLES_PER_PAGE + 10 articles of two sentences; every third from "Wire"."""
    articles = Article.objects.bulk_create(
        Article(
            project=project,
            external_id=f"story-{n:03}",
            title=f"Story number {n}",
            outlet="Wire" if n % 3 == 0 else "Daily",
            text="One. Two.",
            segmenter="manual",
        )
        for n in range(ARTICLES_PER_PAGE + 10)
    )
    Sentence.objects.bulk_create(
        Sentence(article=article, position=p, start=s, end=e)
        for article in articles
        for p, (s, e) in enumerate([(0, 4), (5, 9)])
    )
    return articles


def listed(html: str) -> int:
    return html.count('class="article-item"')


def test_the_list_comes_a_page_at_a_time(as_alice, many):
    first = as_alice.get(PAGE).content.decode()
    assert listed(first) == ARTICLES_PER_PAGE
    assert f"1–{ARTICLES_PER_PAGE} of {len(many)} articles" in first
    assert 'rel="next"' in first and "page=2" in first
    second = as_alice.get(PAGE, {"page": 2}).content.decode()
    assert listed(second) == 10 and "Story number 59" in second


def test_search_finds_titles_outlets_and_ids(as_alice, many):
    assert listed(as_alice.get(PAGE, {"q": "number 42"}).content.decode()) == 1
    assert listed(as_alice.get(PAGE, {"q": "wire"}).content.decode()) == 20
    assert listed(as_alice.get(PAGE, {"q": "STORY-00"}).content.decode()) == 10


def test_nothing_found_says_so(as_alice, many):
    html = as_alice.get(PAGE, {"q": "zebra"}).content.decode()
    assert "No article matches “zebra”" in html


def test_my_progress_narrows_the_list(as_alice, many, alice, labels):
    done, started = many[0], many[1]
    for sentence in done.sentences.all():
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=started.sentences.first(), annotator=alice, label=labels["claim"])
    assert listed(as_alice.get(PAGE, {"progress": "done"}).content.decode()) == 1
    assert listed(as_alice.get(PAGE, {"progress": "started"}).content.decode()) == 1
    todo = as_alice.get(PAGE, {"progress": "todo"}).content.decode()
    assert f"of {len(many) - 2} articles found" in todo


def test_paging_keeps_the_search(as_alice, many):
    html = as_alice.get(PAGE, {"q": "story", "progress": "todo"}).content.decode()
    assert "?q=story&amp;progress=todo&amp;page=2" in html


NEXT = reverse("next_article", args=["iraq"])


def test_for_an_owner_the_next_article_is_the_first_not_finished(client, owen, many, labels):
    # Owners and reviewers work outside the queue (tests/annotator/test_queue_pages.py).
    client.force_login(owen)
    for sentence in many[0].sentences.all():
        record_label(sentence=sentence, annotator=owen, label=labels["claim"])
    record_label(sentence=many[1].sentences.first(), annotator=owen, label=labels["claim"])
    assert client.get(NEXT)["Location"] == reverse("annotate", args=["iraq", many[1].pk])


def test_with_everything_labelled_next_says_so(as_alice, many, alice, labels):
    for article in many[:3]:
        for sentence in article.sentences.all():
            record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    Article.objects.exclude(pk__in=[a.pk for a in many[:3]]).delete()
    response = as_alice.get(NEXT, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "No more articles for you" in response.content.decode()


def test_next_is_for_members_only(client, olga, many):
    client.force_login(olga)
    assert client.get(NEXT).status_code == 404


def test_htmx_gets_only_the_list(as_alice, many):
    html = as_alice.get(PAGE, {"q": "wire"}, **HTMX).content.decode()
    assert html.strip().startswith('<div id="articles">') and listed(html) == 20


def test_the_form_works_without_javascript(as_alice, many):
    html = as_alice.get(PAGE).content.decode()
    assert '<form class="article-search" method="get"' in html
    assert 'name="q"' in html and 'name="progress"' in html and 'type="submit"' in html


@pytest.mark.parametrize("page", ["0", "999", "x"])
def test_a_page_out_of_range_shows_the_nearest(as_alice, many, page):
    assert as_alice.get(PAGE, {"page": page}).status_code == 200


@pytest.mark.parametrize("progress", ["todo", "started", "done"])
@pytest.mark.parametrize("count", [3, 30])
def test_the_progress_filter_query_count_does_not_grow(
    as_alice, alice, labels, project, count, progress, django_assert_num_queries
):
    articles = Article.objects.bulk_create(
        Article(project=project, external_id=f"a{n}", text="One. Two.", segmenter="manual")
        for n in range(count)
    )
    Sentence.objects.bulk_create(
        Sentence(article=article, position=p, start=s, end=e)
        for article in articles
        for p, (s, e) in enumerate([(0, 4), (5, 9)])
    )
    for n, article in enumerate(articles):  # a third each: done, started, not started
        for sentence in article.sentences.all()[: 2 - n % 3]:
            record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    # Session, user, project, the ids found (counted and paged in Python), the page's
    # articles with their progress, the project's labels, and what reviewers sent back.
    with django_assert_num_queries(7):
        response = as_alice.get(PAGE, {"progress": progress, "q": "a"})
    assert listed(response.content.decode()) == min(count // 3, ARTICLES_PER_PAGE)
