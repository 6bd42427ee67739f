"""The owners' API: who may reach each endpoint, the settings, the history and the
guidelines. Members are tested in test_members_api.py."""

from __future__ import annotations

import pytest

from claims.models import ProjectChange
from tests.api.conftest import THROTTLE_QUERIES

pytestmark = pytest.mark.django_db

BASE = "/api/v1/projects/iraq"
SETTINGS = f"{BASE}/settings/"
GUIDELINES = f"{BASE}/guidelines/"
HISTORY = f"{BASE}/history/"

OWNERS = {"owen": "ok", "rita": 403, "alice": 403, "olga": 404, None: 401}
# Reviewers read the settings (k and the gold rule decide what they review).
REVIEWERS_READ = OWNERS | {"rita": "ok"}
MEMBERS_READ = REVIEWERS_READ | {"alice": "ok"}
# {alice} and {bob} stand for their user ids.
ENDPOINTS = [
    ("get", SETTINGS, None, REVIEWERS_READ),
    ("patch", SETTINGS, {"queue_seed": 7}, OWNERS),
    ("put", SETTINGS, "full", OWNERS),
    ("get", f"{BASE}/members/", None, OWNERS),
    ("post", f"{BASE}/members/", {"identifier": "olga", "role": "reviewer"}, OWNERS),
    ("patch", f"{BASE}/members/{{alice}}/", {"role": "reviewer"}, OWNERS),
    ("delete", f"{BASE}/members/{{bob}}/", None, OWNERS),
    ("get", HISTORY, None, OWNERS),
    ("get", GUIDELINES, None, MEMBERS_READ),
    ("put", GUIDELINES, {"text": "Label the source."}, OWNERS),
]
MATRIX = [
    pytest.param(method, url, body, person, expected, id=f"{method} {url} {person}")
    for method, url, body, allowed in ENDPOINTS
    for person, expected in allowed.items()
]


@pytest.fixture
def full_settings(as_owen) -> dict:
    body = as_owen.get(SETTINGS).json()
    del body["guideline_version"]
    return body


@pytest.mark.parametrize(("method", "url", "body", "person", "expected"), MATRIX)
def test_who_may_use_the_owners_endpoints(
    as_person, alice, bob, olga, full_settings, method, url, body, person, expected
):
    url = url.format(alice=alice.pk, bob=bob.pk)
    data = full_settings if body == "full" else body
    response = getattr(as_person(person), method)(url, data, format="json")
    if expected == "ok":
        assert response.status_code in (200, 201, 204)
    else:
        assert response.status_code == expected


def test_the_settings_are_the_project_s_with_its_guideline_version(as_owen, project):
    assert as_owen.get(SETTINGS).json() == {
        "auto_gold": project.auto_gold,
        "annotators_per_article": project.annotators_per_article,
        "queue_order": project.queue_order,
        "queue_seed": project.queue_seed,
        "claim_expiry_hours": 48.0,
        "blind": False,
        "double_coded_percent": project.double_coded_percent,
        "guideline_version": 1,
    }


def test_a_patch_changes_what_it_sends_and_says_what_changed(as_owen, project):
    body = as_owen.patch(SETTINGS, {"annotators_per_article": 3}, format="json").json()
    assert (body["annotators_per_article"], body["before"], body["after"]) == (
        3,
        {"annotators_per_article": project.annotators_per_article},
        {"annotators_per_article": 3},
    )


def test_a_put_sets_every_setting(as_owen, project, full_settings):
    new = full_settings | {"queue_order": "random", "queue_seed": 42, "claim_expiry_hours": 6}
    assert as_owen.put(SETTINGS, new, format="json").status_code == 200
    project.refresh_from_db()
    assert (project.queue_order, project.queue_seed, project.claim_expiry.total_seconds()) == (
        "random",
        42,
        6 * 3600,
    )


def test_a_put_without_every_setting_is_400_naming_the_missing_one(as_owen, full_settings):
    del full_settings["blind"]
    assert "blind" in as_owen.put(SETTINGS, full_settings, format="json").json()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("annotators_per_article", 0),
        ("annotators_per_article", 51),
        ("claim_expiry_hours", 0.05),
        ("queue_seed", 2**31),
        ("double_coded_percent", 101),
    ],
)
def test_a_setting_out_of_range_is_400_naming_it(as_owen, field, value):
    response = as_owen.patch(SETTINGS, {field: value}, format="json")
    assert (response.status_code, list(response.json())) == (400, [field])


@pytest.mark.parametrize(("field", "value"), [("blind", "yes"), ("queue_seed", "7")])
def test_a_setting_of_the_wrong_json_type_is_400_naming_it(as_owen, project, field, value):
    response = as_owen.patch(SETTINGS, {field: value}, format="json")
    assert (response.status_code, list(response.json())) == (400, [field])


def test_an_unknown_setting_is_400_naming_it(as_owen):
    response = as_owen.patch(SETTINGS, {"k": 3}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["k"])


def test_a_patch_without_a_body_is_400(as_owen):
    assert as_owen.patch(SETTINGS).status_code == 400


def test_a_settings_change_is_in_the_history(as_owen):
    as_owen.patch(SETTINGS, {"double_coded_percent": 50}, format="json")
    (latest, *_) = as_owen.get(HISTORY).json()["results"]
    assert (latest["what"], latest["by"], latest["after"]) == (
        "settings",
        "owen",
        {"double_coded_percent": 50},
    )


def test_a_patch_that_changes_nothing_records_nothing(as_owen, project):
    body = as_owen.patch(SETTINGS, {}, format="json").json()
    assert (body["before"], ProjectChange.objects.filter(project=project).count()) == ({}, 0)


def test_the_history_is_paginated_newest_first(as_owen):
    for seed in (1, 2, 3):
        as_owen.patch(SETTINGS, {"queue_seed": seed}, format="json")
    first = as_owen.get(HISTORY, {"page_size": 2}).json()
    rest = as_owen.get(first["next"]).json()
    seeds = [change["after"]["queue_seed"] for change in first["results"] + rest["results"]]
    assert seeds == [3, 2, 1]


def test_an_annotator_reads_the_guidelines(as_alice, project):
    assert as_alice.get(GUIDELINES).json() == {"text": project.guidelines, "version": 1}


def test_new_guidelines_are_a_new_version(as_owen):
    response = as_owen.put(GUIDELINES, {"text": "Label the source."}, format="json")
    assert (response.status_code, response.json()) == (
        201,
        {"text": "Label the source.", "version": 2},
    )


def test_the_same_guidelines_again_change_nothing(as_owen, project):
    response = as_owen.put(GUIDELINES, {"text": project.guidelines}, format="json")
    assert (response.status_code, response.json()["version"]) == (200, 1)


def test_guidelines_with_a_nul_character_are_refused(as_owen):
    response = as_owen.put(GUIDELINES, {"text": "a\x00b"}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["text"])


@pytest.mark.parametrize(
    ("method", "url", "body", "queries"),
    [
        ("get", SETTINGS, None, 1),
        ("patch", SETTINGS, {"queue_seed": 9}, 6),
        ("get", HISTORY, None, 2),
        ("get", GUIDELINES, None, 1),
        ("put", GUIDELINES, {"text": "New."}, 9),
    ],
)
def test_the_owners_endpoints_use_few_queries(
    as_owen, django_assert_max_num_queries, method, url, body, queries
):
    with django_assert_max_num_queries(queries + THROTTLE_QUERIES):
        assert getattr(as_owen, method)(url, body, format="json").status_code in (200, 201)
