import json

import pytest
from django.http import StreamingHttpResponse

from claims.annotations import record_label

EXPORT = "/api/v1/projects/iraq/export/"


@pytest.fixture
def labelled(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
    return sentence


@pytest.mark.parametrize(
    ("person", "status"),
    [("alice", 403), ("rita", 200), ("owen", 200), ("olga", 404), (None, 401)],
)
def test_export_is_for_reviewers_and_owners(as_person, labelled, person, status):
    assert as_person(person).get(EXPORT).status_code == status


def test_export_streams(as_rita, labelled):
    assert isinstance(as_rita.get(EXPORT), StreamingHttpResponse)


def test_export_is_jsonl_by_default_one_article_per_line(as_rita, labelled):
    lines = b"".join(as_rita.get(EXPORT).streaming_content).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["drones"]


@pytest.mark.parametrize(
    ("format", "media_type"),
    [
        ("jsonl", "application/jsonl"),
        ("csv", "text/csv"),
        ("parquet", "application/vnd.apache.parquet"),
    ],
)
def test_format_parameter_chooses_the_file_type(as_rita, labelled, format, media_type):
    response = as_rita.get(EXPORT, {"format": format})
    assert response["Content-Type"].split(";")[0] == media_type


def test_export_is_an_attachment_named_after_the_project(as_rita, labelled):
    disposition = as_rita.get(EXPORT, {"format": "csv"})["Content-Disposition"]
    assert disposition.startswith("attachment") and "iraq-" in disposition


def test_annotator_option_keeps_one_annotators_labels(as_rita, labelled):
    body = b"".join(as_rita.get(EXPORT, {"format": "csv", "annotator": "bob"}).streaming_content)
    assert b"alice" not in body and b"bob" in body


def test_an_unknown_format_is_a_400(as_rita, labelled):
    assert as_rita.get(EXPORT, {"format": "xlsx"}).status_code == 400


def test_a_negative_minimum_is_a_400(as_rita, labelled):
    assert as_rita.get(EXPORT, {"min_annotations": "-1"}).status_code == 400


def test_an_annotator_outside_the_project_is_a_400(as_rita, labelled):
    assert as_rita.get(EXPORT, {"annotator": "nobody"}).status_code == 400


def test_since_after_until_is_a_400(as_rita, labelled):
    response = as_rita.get(EXPORT, {"since": "2025-02-01", "until": "2025-01-01"})
    assert response.status_code == 400


def test_export_errors_are_json_whatever_the_client_accepts(as_rita, labelled):
    response = as_rita.get(EXPORT, {"format": "xlsx"}, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "application/json"
