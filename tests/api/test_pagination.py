import pytest


@pytest.fixture
def sentences_url(make_article):
    return f"/api/v1/articles/{make_article(5).pk}/sentences/"


def indexes(response):
    return [item["index"] for item in response.json()["results"]]


def test_a_page_holds_page_size_items(as_alice, sentences_url):
    assert indexes(as_alice.get(sentences_url, {"page_size": 2})) == [0, 1]


def test_next_link_continues_where_the_page_ended(as_alice, sentences_url):
    first = as_alice.get(sentences_url, {"page_size": 2})
    assert indexes(as_alice.get(first.json()["next"])) == [2, 3]


def test_last_page_has_no_next_link(as_alice, sentences_url):
    assert as_alice.get(sentences_url, {"page_size": 5}).json()["next"] is None


@pytest.mark.parametrize("size", ["0", "1001", "two", ""])
def test_a_page_size_out_of_range_is_a_400(as_alice, sentences_url, size):
    assert as_alice.get(sentences_url, {"page_size": size}).status_code == 400


def test_a_forged_cursor_is_not_found(as_alice, sentences_url):
    assert as_alice.get(sentences_url, {"cursor": "forged"}).status_code == 404


def test_every_list_is_paginated_by_cursor(as_alice, project):
    assert set(as_alice.get("/api/v1/annotations/").json()) == {"next", "previous", "results"}
