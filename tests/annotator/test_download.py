"""The dataset download on the project page: who may, and what they get."""

import io

import pandas as pd
import pytest
from django.urls import reverse

from claims.annotations import record_label


@pytest.fixture
def url(project) -> str:
    return reverse("download_dataset", args=[project.slug])


@pytest.fixture
def labelled(project, sentence, labels, alice):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    return project


def download(client, person, url: str, **params: str):
    client.force_login(person)
    return client.get(url, params)


@pytest.mark.parametrize("person", ["rita", "owen"])
def test_reviewers_and_owners_download_the_dataset(client, url, labelled, person, request):
    response = download(client, request.getfixturevalue(person), url, format="csv")
    assert response.status_code == 200


def test_annotators_are_forbidden(client, url, alice):
    assert download(client, alice, url).status_code == 403


def test_outsiders_get_not_found(client, url, olga):
    assert download(client, olga, url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


def test_the_download_streams_an_attachment_named_for_the_project(client, url, rita):
    response = download(client, rita, url, format="parquet")
    disposition = response["Content-Disposition"]
    assert (response.streaming, disposition.startswith('attachment; filename="iraq-')) == (
        True,
        True,
    )


def test_the_download_is_the_dataset_file(client, url, labelled, rita):
    response = download(client, rita, url, format="csv", annotator="alice", min_annotations="1")
    frame = pd.read_csv(io.BytesIO(b"".join(response.streaming_content)))
    assert list(frame["label"]) == ["claim"]


def test_the_download_has_the_format_content_type(client, url, rita):
    response = download(client, rita, url, format="jsonl")
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"


def test_bad_options_are_a_bad_request_that_says_why(client, url, rita):
    response = download(client, rita, url, format="csv", since="yesterday")
    assert (response.status_code, response.content.decode()[:16]) == (400, "since must be a ")


def test_an_unknown_format_is_a_bad_request(client, url, rita):
    assert download(client, rita, url, format="xlsx").status_code == 400


@pytest.mark.parametrize(("person", "shown"), [("rita", True), ("owen", True), ("alice", False)])
def test_the_project_page_offers_the_download_to_reviewers_and_owners(
    client, project, person, shown, request
):
    client.force_login(request.getfixturevalue(person))
    page = client.get(reverse("project", args=[project.slug])).content.decode()
    assert ("Download dataset" in page) == shown


def test_an_offset_postgresql_refuses_is_read_in_utc(client, url, labelled, rita):
    response = download(client, rita, url, format="csv", since="2024-05-31T12:00-23:59")
    assert b"".join(response.streaming_content).startswith(b"article_id,")


def test_a_nul_character_in_the_annotator_is_a_400(client, url, labelled, rita):
    assert download(client, rita, url, format="csv", annotator="\x00").status_code == 400
