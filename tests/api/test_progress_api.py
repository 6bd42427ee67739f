"""GET /api/v1/projects/{slug}/progress/: the progress page's figures, by the same rules."""

import pytest
from django.contrib.auth.models import User

from claims.annotations import record_label
from claims.models import Article, Sentence
from claims.projects import add_member
from tests.api.conftest import THROTTLE_QUERIES

URL = "/api/v1/projects/iraq/progress/"


@pytest.fixture
def finished(article, labels, alice, bob):
    for sentence in article.sentences.all():
        for person in (alice, bob):
            record_label(sentence=sentence, annotator=person, label=labels["claim"], seconds=2)
    return article


def test_a_reviewer_gets_every_annotator(as_person, finished):
    body = as_person("rita").get(URL).json()
    assert [row["username"] for row in body["annotators"]] == ["alice", "bob"]


def test_a_reviewer_gets_the_overall_figures(as_person, finished):
    overall = as_person("rita").get(URL).json()["overall"]
    assert (overall["articles_done"], overall["sentences_labelled"]) == (1, 8)


def test_a_reviewer_gets_who_finished_each_article(as_person, finished):
    (row,) = as_person("rita").get(URL).json()["articles"]["results"]
    assert [a["username"] for a in row["annotators"] if a["is_done"]] == ["alice", "bob"]


def test_an_annotator_gets_only_their_own_row(as_person, finished):
    body = as_person("alice").get(URL).json()
    assert [row["username"] for row in body["annotators"]] == ["alice"]


def test_an_annotator_gets_no_team_figures(as_person, finished):
    body = as_person("alice").get(URL).json()
    assert (body["overall"], body["articles"], body["annotators"][0]["agreement_with_others"]) == (
        None,
        None,
        None,
    )


def test_an_outsider_gets_404(as_person):
    assert as_person("olga").get(URL).status_code == 404


def test_anonymous_gets_401(as_person):
    assert as_person(None).get(URL).status_code == 401


def test_an_unknown_filter_is_400_naming_it(as_person):
    response = as_person("rita").get(URL, {"show": "sometimes"})
    assert response.status_code == 400 and "show" in response.json()


@pytest.mark.parametrize(("show", "count"), [("done", 1), ("incomplete", 0)])
def test_the_article_filter(as_person, finished, show, count):
    assert as_person("rita").get(URL, {"show": show}).json()["articles"]["count"] == count


def test_the_schema_documents_the_endpoint(as_person):
    schema = as_person("rita").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "200" in schema["paths"]["/api/v1/projects/{slug}/progress/"]["get"]["responses"]


@pytest.mark.parametrize("team", [2, 20])
def test_the_query_count_does_not_grow(api, rita, project, labels, team, django_assert_num_queries):
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
    client = api(rita)
    client.get(URL)  # the figures are computed and stored for the data as it is
    # The project; the stored figures: the members, the labels' state (three) and one
    # cache read; the claims (never stored: they expire by the clock); the page's
    # articles, their progress rows and their claims.
    with django_assert_num_queries(THROTTLE_QUERIES + 10):
        assert client.get(URL).status_code == 200
