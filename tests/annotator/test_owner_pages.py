import pytest
from django.urls import reverse

from claims.models import Membership, Project


def test_any_logged_in_user_creates_a_project_and_owns_it(client, olga):
    client.force_login(olga)
    page = client.get(reverse("new_project"))
    assert page.status_code == 200
    assert b"Anyone with an account may create a project" in page.content
    response = client.post(
        reverse("new_project"),
        {"name": "Wires", "slug": "", "description": "", "guidelines": "", "scheme": "default"},
    )
    assert response.status_code == 303
    project = Project.objects.get(slug="wires")
    assert response["Location"] == reverse("project", args=["wires"])
    assert Membership.objects.get(project=project, user=olga).role == "owner"


def test_a_taken_slug_rerenders_naming_the_field(client, owen, project):
    client.force_login(owen)
    response = client.post(
        reverse("new_project"),
        {"name": "Again", "slug": "iraq", "description": "", "guidelines": "", "scheme": "default"},
    )
    assert response.status_code == 422
    assert b"Slug: a project with slug" in response.content


def test_home_links_to_new_project(client, alice, project):
    client.force_login(alice)
    assert reverse("new_project").encode() in client.get(reverse("home")).content


def test_project_page_links_members_only_for_owners(client, owen, alice, project):
    url = reverse("owner_members", args=["iraq"])
    client.force_login(owen)
    assert url.encode() in client.get(reverse("project", args=["iraq"])).content
    client.force_login(alice)
    assert url.encode() not in client.get(reverse("project", args=["iraq"])).content


@pytest.mark.parametrize("who", ["alice", "rita", "olga"])
def test_members_pages_are_404_for_non_owners(client, project, olga, who, django_user_model):
    client.force_login(django_user_model.objects.get(username=who))
    user_id = django_user_model.objects.get(username="bob").pk
    assert client.get(reverse("owner_members", args=["iraq"])).status_code == 404
    role = reverse("owner_member_role", args=["iraq", user_id])
    assert client.post(role, {"role": "owner"}).status_code == 404
    remove = reverse("owner_member_remove", args=["iraq", user_id])
    assert client.post(remove).status_code == 404
    assert Membership.objects.get(project=project, user__username="bob").role == "annotator"


def test_owner_adds_changes_and_removes_members(client, owen, olga, bob, project):
    client.force_login(owen)
    url = reverse("owner_members", args=["iraq"])
    response = client.post(url, {"who": "olga", "role": "reviewer"})
    assert response.status_code == 303
    assert Membership.objects.get(project=project, user=olga).role == "reviewer"
    client.post(reverse("owner_member_role", args=["iraq", olga.pk]), {"role": "owner"})
    assert Membership.objects.get(project=project, user=olga).role == "owner"
    client.post(reverse("owner_member_remove", args=["iraq", bob.pk]))
    assert not Membership.objects.filter(project=project, user=bob).exists()
    page = client.get(url)
    assert b"olga" in page.content and b"Removed bob" in page.content


def test_unknown_account_rerenders_naming_the_field(client, owen, project):
    client.force_login(owen)
    response = client.post(
        reverse("owner_members", args=["iraq"]), {"who": "zed", "role": "annotator"}
    )
    assert response.status_code == 422
    assert b"Username or e-mail: no account" in response.content


def test_last_owner_is_kept_with_a_message(client, owen, project):
    client.force_login(owen)
    response = client.post(
        reverse("owner_member_role", args=["iraq", owen.pk]), {"role": "annotator"}, follow=True
    )
    assert b"only owner" in response.content
    assert Membership.objects.get(project=project, user=owen).role == "owner"
    response = client.post(reverse("owner_member_remove", args=["iraq", owen.pk]), follow=True)
    assert b"only owner" in response.content
    assert Membership.objects.filter(project=project, user=owen).exists()


SETTINGS = {
    "annotators_per_article": "3",
    "auto_gold": "majority",
    "queue_order": "random",
    "queue_seed": "7",
    "claim_expiry_hours": "12",
    "blind": "on",
    "double_coded_percent": "50",
}


def test_owner_saves_settings_and_sees_them_in_history(client, owen, project):
    client.force_login(owen)
    url = reverse("owner_settings", args=["iraq"])
    assert client.get(url).status_code == 200
    response = client.post(url, SETTINGS)
    assert response.status_code == 303
    project.refresh_from_db()
    assert (project.annotators_per_article, project.auto_gold, project.queue_seed) == (
        3,
        "majority",
        7,
    )
    assert project.double_coded_percent == 50
    page = client.get(url)
    assert b"History" in page.content and b"annotators_per_article 2" in page.content


def test_bad_settings_rerender_naming_the_field(client, owen, project):
    client.force_login(owen)
    response = client.post(
        reverse("owner_settings", args=["iraq"]), {**SETTINGS, "annotators_per_article": "0"}
    )
    assert response.status_code == 422
    assert b"Annotators per article (k):" in response.content
    project.refresh_from_db()
    assert project.annotators_per_article == 2


@pytest.mark.parametrize("who", ["alice", "rita"])
def test_settings_are_404_for_non_owners(client, project, who, django_user_model):
    client.force_login(django_user_model.objects.get(username=who))
    url = reverse("owner_settings", args=["iraq"])
    assert client.get(url).status_code == 404
    assert client.post(url, SETTINGS).status_code == 404


def test_owner_edits_guidelines_as_a_new_version(client, owen, alice, project):
    url = reverse("owner_guidelines", args=["iraq"])
    client.force_login(alice)
    assert client.get(url).status_code == 404
    client.force_login(owen)
    assert client.post(url, {"text": "Be careful."}).status_code == 303
    project.refresh_from_db()
    assert (project.guidelines, project.guideline_version) == ("Be careful.", 2)
    client.post(url, {"text": "Be careful."})  # the same again: no version
    project.refresh_from_db()
    assert project.guideline_version == 2
    page = client.get(url)
    assert b"Version 2 is current" in page.content
    settings_page = client.get(reverse("owner_settings", args=["iraq"]))
    assert "guidelines version 1 \u2192 2".encode() in settings_page.content
