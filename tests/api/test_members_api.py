"""The members over the API: owners list, add, re-role and remove them; the project never
loses its last owner."""

from __future__ import annotations

import pytest

from claims.models import Membership
from tests.api.conftest import THROTTLE_QUERIES

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/projects/iraq/members/"


def _member(user) -> str:
    return f"{MEMBERS}{user.pk}/"


def test_owners_list_the_members_owners_first(as_owen):
    listed = as_owen.get(MEMBERS).json()
    assert [(row["username"], row["role"]) for row in listed] == [
        ("owen", "owner"),
        ("rita", "reviewer"),
        ("alice", "annotator"),
        ("bob", "annotator"),
    ]


def test_the_member_list_gives_ids_e_mails_and_when_they_joined(as_owen, alice):
    alice.email = "alice@example.org"
    alice.save()
    row = next(row for row in as_owen.get(MEMBERS).json() if row["username"] == "alice")
    assert (row["user_id"], row["email"], bool(row["joined"])) == (
        alice.pk,
        "alice@example.org",
        True,
    )


def test_an_owner_adds_an_account_by_e_mail(as_owen, project, olga):
    olga.email = "Olga@Example.org"
    olga.save()
    response = as_owen.post(MEMBERS, {"identifier": "olga@example.org", "role": "reviewer"})
    assert (response.status_code, response.json()["username"], response.json()["role"]) == (
        201,
        "olga",
        "reviewer",
    )


def test_a_new_member_is_an_annotator_unless_told(as_owen, olga):
    assert as_owen.post(MEMBERS, {"identifier": "olga"}).json()["role"] == "annotator"


def test_adding_an_unknown_account_is_400_naming_the_identifier(as_owen):
    response = as_owen.post(MEMBERS, {"identifier": "nobody"})
    assert (response.status_code, list(response.json())) == (400, ["identifier"])


def test_adding_a_member_again_is_a_conflict(as_owen):
    response = as_owen.post(MEMBERS, {"identifier": "alice", "role": "owner"})
    assert (response.status_code, "member already" in response.json()["detail"]) == (409, True)


def test_an_unknown_role_is_400_naming_it(as_owen, alice):
    response = as_owen.patch(_member(alice), {"role": "boss"})
    assert (response.status_code, list(response.json())) == (400, ["role"])


def test_an_owner_changes_a_member_s_role(as_owen, project, alice):
    assert as_owen.patch(_member(alice), {"role": "reviewer"}).json()["role"] == "reviewer"
    assert Membership.objects.get(project=project, user=alice).role == "reviewer"


def test_a_role_change_is_in_the_history(as_owen, alice):
    as_owen.patch(_member(alice), {"role": "reviewer"})
    latest = as_owen.get("/api/v1/projects/iraq/history/").json()["results"][0]
    assert (latest["what"], latest["before"], latest["after"]) == (
        "members",
        {"alice": "annotator"},
        {"alice": "reviewer"},
    )


def test_the_only_owner_cannot_be_demoted(as_owen, owen):
    response = as_owen.patch(_member(owen), {"role": "annotator"})
    assert (response.status_code, "only owner" in response.json()["detail"]) == (409, True)


def test_the_only_owner_cannot_be_removed(as_owen, owen):
    assert as_owen.delete(_member(owen)).status_code == 409


def test_with_a_second_owner_the_first_may_step_down(as_owen, owen, alice):
    as_owen.patch(_member(alice), {"role": "owner"})
    assert as_owen.patch(_member(owen), {"role": "reviewer"}).status_code == 200


def test_an_owner_removes_a_member(as_owen, project, bob):
    assert as_owen.delete(_member(bob)).status_code == 204
    assert not Membership.objects.filter(project=project, user=bob).exists()


def test_an_account_outside_the_project_is_not_found(as_owen, olga):
    assert as_owen.delete(_member(olga)).status_code == 404


@pytest.mark.parametrize(
    ("method", "body", "queries"),
    [("get", None, 2), ("post", {"identifier": "olga"}, 14), ("patch", {"role": "owner"}, 9)],
)
def test_the_member_endpoints_use_few_queries(
    as_owen, alice, olga, django_assert_max_num_queries, method, body, queries
):
    url = _member(alice) if method == "patch" else MEMBERS
    with django_assert_max_num_queries(queries + THROTTLE_QUERIES):
        assert getattr(as_owen, method)(url, body).status_code in (200, 201)
