"""Whatever arrives, the answer is a 4xx with a message, never a 500."""

from claims.annotations import record_label

ANNOTATIONS = "/api/v1/annotations/"


def post_raw(client, body: bytes, content_type="application/json"):
    return client.generic("POST", ANNOTATIONS, body, content_type=content_type)


def test_malformed_json_is_a_400(as_alice):
    assert post_raw(as_alice, b'{"sentence": ').status_code == 400


def test_invalid_utf8_is_a_400(as_alice):
    assert post_raw(as_alice, b'{"label": "\xff\xfe"}').status_code == 400


def test_nan_is_a_400(as_alice):
    assert (
        post_raw(as_alice, b'{"sentence": 1, "label": "claim", "seconds": NaN}').status_code == 400
    )


def test_a_body_over_the_limit_is_a_400(as_alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    body = b'{"sentence": 1, "label": "' + b"x" * 200 + b'"}'
    assert "limit" in post_raw(as_alice, body).json()["detail"]


def test_a_list_where_an_object_belongs_is_a_400(as_alice):
    assert post_raw(as_alice, b"[1, 2]").status_code == 400


def test_form_encoded_bodies_are_refused(as_alice):
    response = post_raw(as_alice, b"label=claim", "application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_an_unknown_api_url_answers_json_404(as_alice):
    response = as_alice.get("/api/v1/nothing-here/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


def test_a_missing_trailing_slash_is_pointed_out(as_alice):
    assert "/api/v1/projects/" in as_alice.get("/api/v1/projects").json()["detail"]


def test_a_slug_with_a_nul_character_is_not_found(as_alice):
    assert as_alice.get("/api/v1/projects/ira%00q/").status_code == 404


def test_json_nested_too_deeply_for_python_is_a_400(as_alice):
    depth = 100_000
    assert post_raw(as_alice, b"[" * depth + b"]" * depth).status_code == 400


def test_an_export_time_with_an_offset_postgresql_refuses_is_read_in_utc(
    as_rita, sentence, alice, labels
):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    response = as_rita.get(
        "/api/v1/projects/iraq/export/", {"format": "csv", "since": "2024-05-31T12:00-23:59"}
    )
    assert b"".join(response.streaming_content).startswith(b"article_id,")
