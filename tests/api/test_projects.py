import pytest

from claims.projects import add_member, create_project
from tests.api.conftest import THROTTLE_QUERIES

ROLES = [("alice", 200), ("rita", 200), ("owen", 200), ("olga", 404), (None, 401)]


@pytest.mark.parametrize(("person", "status"), ROLES)
def test_project_is_shown_to_members_only(as_person, person, status):
    assert as_person(person).get("/api/v1/projects/iraq/").status_code == status


@pytest.mark.parametrize(("person", "status"), [("alice", 200), ("olga", 200), (None, 401)])
def test_project_list_answers_every_signed_in_user(as_person, person, status):
    assert as_person(person).get("/api/v1/projects/").status_code == status


def test_project_list_holds_only_the_users_projects(as_person):
    response = as_person("olga").get("/api/v1/projects/")
    assert response.json()["results"] == []


def test_project_shows_the_label_scheme_in_hotkey_order(as_alice):
    labels = as_alice.get("/api/v1/projects/iraq/").json()["labels"]
    assert [label["key"] for label in labels] == ["claim", "attribution", "opinion", "other"]


def test_project_lists_its_members_with_their_roles(as_alice):
    members = as_alice.get("/api/v1/projects/iraq/").json()["members"]
    assert {m["username"]: m["role"] for m in members} == {
        "alice": "annotator",
        "bob": "annotator",
        "owen": "owner",
        "rita": "reviewer",
    }


def test_project_states_the_users_own_role(as_rita):
    assert as_rita.get("/api/v1/projects/iraq/").json()["role"] == "reviewer"


def test_project_lists_its_source_kinds_with_their_class(as_alice, project):
    kinds = as_alice.get("/api/v1/projects/iraq/").json()["source_kinds"]
    assert [(k["key"], k["source_class"], k["media"], k["hotkey"]) for k in kinds][4:7] == [
        ("news_media", "identified", True, "m"),
        ("outlet_self", "identified", False, "p"),
        ("anonymous", "anonymous", False, "a"),
    ]
    assert len(kinds) == 9


def test_project_labels_say_their_role(as_alice, project):
    labels = as_alice.get("/api/v1/projects/iraq/").json()["labels"]
    assert [label["role"] for label in labels] == ["claim", "attribution", "opinion", "non_body"]


def test_project_counts_its_sentences(as_alice, article):
    assert as_alice.get("/api/v1/projects/iraq/").json()["sentences"] == 4


def test_project_list_query_count_does_not_grow(api, owen, project, django_assert_max_num_queries):
    for number in range(5):
        more = create_project(name=f"More {number}", owner=owen)
        add_member(project=more, user=owen, role="owner")
    # The page, then labels, source kinds and members with their users, prefetched.
    with django_assert_max_num_queries(4 + THROTTLE_QUERIES):
        assert len(api(owen).get("/api/v1/projects/").json()["results"]) == 6


def test_anonymous_request_is_asked_for_a_token(as_person):
    response = as_person(None).get("/api/v1/projects/")
    assert response["WWW-Authenticate"] == "Token"
