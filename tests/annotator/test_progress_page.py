"""The team progress page: reviewers and owners see everyone, annotators themselves only,
and the project page shows reviewers how many annotators finished each article."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims.annotations import record_label
from claims.models import Article, Sentence
from claims.projects import add_member


@pytest.fixture
def url(project):
    return reverse("progress", args=[project.slug])


@pytest.fixture
def finished(article, labels, alice, bob):
    """The article, labelled all through by alice and bob (k = 2)."""
    for sentence in article.sentences.all():
        for person in (alice, bob):
            record_label(sentence=sentence, annotator=person, label=labels["claim"], seconds=3)
    return article


def page_as(client, user, url, **query):
    client.force_login(user)
    return client.get(url, query).content.decode()


def test_a_reviewer_sees_every_annotator(client, rita, url, finished):
    page = page_as(client, rita, url)
    assert "alice" in page and "bob" in page


def test_a_reviewer_sees_the_article_done_by_k(client, rita, url, finished):
    assert "2 of 2" in page_as(client, rita, url)


def test_the_owner_sees_the_page(client, owen, url, finished):
    client.force_login(owen)
    assert client.get(url).status_code == 200


def test_an_annotator_sees_only_themself(client, alice, url, finished):
    page = page_as(client, alice, url)
    assert "alice" in page and "bob" not in page


def test_an_annotator_sees_no_agreement(client, alice, url, finished):
    assert "Agreement with others" not in page_as(client, alice, url)


def test_an_outsider_gets_404(client, olga, url):
    client.force_login(olga)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("show", "listed"), [("done", 1), ("incomplete", 0), ("all", 1)])
def test_the_article_filter(client, rita, url, finished, show, listed):
    page = page_as(client, rita, url, show=show)
    assert page.count('class="is-done"') == listed


def test_htmx_gets_the_article_list_only(client, rita, url, finished):
    client.force_login(rita)
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="progress-articles"' in page and "<html" not in page


def test_the_page_links_into_review(client, rita, url, finished, project):
    assert reverse("review", args=[project.slug]) in page_as(client, rita, url)


def test_the_project_page_links_to_progress_for_reviewers(client, rita, url, project):
    assert url in page_as(client, rita, reverse("project", args=[project.slug]))


def test_the_project_page_shows_reviewers_the_team_completion(client, rita, finished, project):
    page = page_as(client, rita, reverse("project", args=[project.slug]))
    assert "2 of 2 done" in page and "0 / 4" not in page


def test_the_project_page_shows_annotators_their_own_progress(client, alice, finished, project):
    assert "4 / 4" in page_as(client, alice, reverse("project", args=[project.slug]))


@pytest.mark.parametrize("team", [2, 20])
def test_the_page_query_count_does_not_grow(
    client, rita, url, project, labels, team, django_assert_num_queries
):
    articles = Article.objects.bulk_create(
        Article(project=project, external_id=f"a{n}", text="One. Two.", segmenter="manual")
        for n in range(team)
    )
    Sentence.objects.bulk_create(
        Sentence(article=article, position=p, start=s, end=e)
        for article in articles
        for p, (s, e) in enumerate([(0, 4), (5, 9)])
    )
    for n in range(team):
        person = User.objects.create_user(f"person{n}")
        add_member(project=project, user=person, role="annotator")
        for sentence in articles[n].sentences.all():
            record_label(sentence=sentence, annotator=person, label=labels["claim"])
    client.force_login(rita)
    client.get(url)  # the figures are computed and stored for the data as it is
    # Session, user, project; the stored figures: the members, the labels' state (three)
    # and one cache read; the claims (never stored: they expire by the clock); the page's
    # articles, their progress rows and their claims.
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200


def test_a_new_label_shows_at_once(client, rita, url, article, labels, alice):
    page_as(client, rita, url)  # stored
    record_label(sentence=article.sentences.first(), annotator=alice, label=labels["claim"])
    assert "<td>1</td>" in page_as(client, rita, url)


def test_a_new_member_shows_at_once(client, rita, url, project):
    page_as(client, rita, url)  # stored
    add_member(project=project, user=User.objects.create_user("carol"), role="annotator")
    assert "carol" in page_as(client, rita, url)
