import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Article
from claims.segmentation import split_sentences
from tests.api.conftest import THROTTLE_QUERIES

ROLES = [("alice", 200), ("rita", 200), ("owen", 200), ("olga", 404), (None, 401)]
CREATE_ROLES = [("alice", 403), ("rita", 403), ("owen", 201), ("olga", 404), (None, 401)]
ARTICLES = "/api/v1/projects/iraq/articles/"
TEXT = "Drones swarm over Iraq. Experts say so, the source said."


@pytest.mark.parametrize(("person", "status"), ROLES)
def test_article_list_is_for_members_only(as_person, article, person, status):
    assert as_person(person).get(ARTICLES).status_code == status


@pytest.mark.parametrize(("person", "status"), ROLES)
def test_article_is_for_members_only(as_person, article, person, status):
    assert as_person(person).get(f"/api/v1/articles/{article.pk}/").status_code == status


@pytest.mark.parametrize(("person", "status"), CREATE_ROLES)
def test_only_owners_add_articles(as_person, person, status):
    response = as_person(person).post(ARTICLES, {"text": TEXT}, format="json")
    assert response.status_code == status


def test_article_list_leaves_the_text_out(as_alice, article):
    assert "text" not in as_alice.get(ARTICLES).json()["results"][0]


def test_article_shows_its_text(as_alice, article):
    assert as_alice.get(f"/api/v1/articles/{article.pk}/").json()["text"] == article.text


def test_article_list_filters_by_outlet(as_alice, article, project):
    Article.objects.create(project=project, external_id="b", text="B.", outlet="Reuters")
    results = as_alice.get(ARTICLES, {"outlet": "Reuters"}).json()["results"]
    assert [item["external_id"] for item in results] == ["b"]


def test_article_list_query_count_does_not_grow(as_alice, project, django_assert_max_num_queries):
    for number in range(10):
        Article.objects.create(project=project, external_id=f"a{number}", text="A.")
    with django_assert_max_num_queries(2 + THROTTLE_QUERIES):
        assert len(as_alice.get(ARTICLES).json()["results"]) == 10


def test_one_article_posted_answers_one_article(as_owen):
    response = as_owen.post(ARTICLES, {"id": "one", "text": TEXT}, format="json")
    assert response.json()["external_id"] == "one"


def test_posted_article_is_split_into_sentences(as_owen):
    response = as_owen.post(ARTICLES, {"text": TEXT}, format="json")
    assert response.json()["sentences"] == len(split_sentences(TEXT))


def test_a_list_posted_answers_a_list_in_order(as_owen):
    items = [{"id": "first", "text": "One."}, {"id": "second", "text": "Two."}]
    response = as_owen.post(ARTICLES, items, format="json")
    assert [item["external_id"] for item in response.json()] == ["first", "second"]


def test_a_bad_article_imports_none_of_the_list(as_owen, project):
    items = [{"id": "good", "text": "One."}, {"id": "bad", "text": "Two.", "url": "nope"}]
    as_owen.post(ARTICLES, items, format="json")
    assert not project.articles.exists()


def test_a_bad_article_is_named_by_index_and_field(as_owen):
    items = [{"id": "good", "text": "One."}, {"id": "bad", "text": "Two.", "url": "nope"}]
    body = as_owen.post(ARTICLES, items, format="json").json()
    assert (body["index"], body["field"]) == (1, "url")


def test_an_unknown_field_is_refused_by_name(as_owen):
    body = as_owen.post(ARTICLES, {"text": TEXT, "titel": "x"}, format="json").json()
    assert body["field"] == "titel"


def test_an_article_that_is_not_an_object_is_refused(as_owen):
    response = as_owen.post(ARTICLES, ["just text"], format="json")
    assert response.status_code == 400


def test_text_with_a_nul_character_is_refused(as_owen):
    body = as_owen.post(ARTICLES, {"text": "Nul\x00here."}, format="json").json()
    assert body["field"] == "text"


def test_a_number_for_the_text_is_refused(as_owen):
    body = as_owen.post(ARTICLES, {"text": 42}, format="json").json()
    assert body["field"] == "text"


def test_an_id_already_in_the_project_is_refused(as_owen, article):
    response = as_owen.post(ARTICLES, {"id": "drones", "text": TEXT}, format="json")
    assert (response.status_code, response.json()["field"]) == (400, "id")


def test_an_empty_list_is_refused(as_owen):
    assert as_owen.post(ARTICLES, [], format="json").status_code == 400


def test_more_articles_than_the_limit_are_refused(as_owen):
    items = [{"id": str(number), "text": "One."} for number in range(101)]
    assert as_owen.post(ARTICLES, items, format="json").status_code == 400


def _queries_to_post(client, count: int, prefix: str) -> int:
    items = [{"id": f"{prefix}{number}", "text": TEXT} for number in range(count)]
    with CaptureQueriesContext(connection) as queries:
        assert client.post(ARTICLES, items, format="json").status_code == 201
    return len(queries)


def test_a_list_is_imported_in_bulk(as_owen):
    # One import for the whole list: its query count does not grow with its length.
    assert _queries_to_post(as_owen, 20, "many-") == _queries_to_post(as_owen, 2, "few-")


def test_an_id_given_twice_in_a_list_names_the_second_by_index(as_owen):
    items = [{"id": "same", "text": "One."}, {"id": "same", "text": "Two."}]
    body = as_owen.post(ARTICLES, items, format="json").json()
    assert (body["index"], body["field"], body["detail"]) == (
        1,
        "id",
        "id 'same' was given before, in the article at index 0",
    )
