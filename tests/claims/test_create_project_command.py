import pytest
from django.core.management import CommandError, call_command

from claims.models import Project


def test_creates_a_project_with_the_default_scheme(db, capsys):
    call_command("create_project", "Iraq coverage")
    assert capsys.readouterr().out == (
        "Created project 'Iraq coverage' (slug iraq-coverage): "
        "1 claim, 2 attribution, 3 opinion, 4 other\n"
    )


def test_labels_and_slug_can_be_given(db):
    call_command("create_project", "Iraq", "--slug", "iq", "--labels", "claim, rumour")
    keys = Project.objects.get(slug="iq").labels.values_list("key", flat=True)
    assert list(keys) == ["claim", "rumour"]


def test_the_owner_becomes_a_member_with_the_owner_role(owen):
    call_command("create_project", "Iraq", "--owner", "owen")
    assert Project.objects.get().memberships.get().role == "owner"


def test_an_unknown_owner_is_a_command_error_and_creates_nothing(db):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("create_project", "Iraq", "--owner", "nobody")
    assert not Project.objects.exists()


def test_a_taken_slug_is_a_command_error(db):
    call_command("create_project", "Iraq")
    with pytest.raises(CommandError, match="a project with slug 'iraq' exists already"):
        call_command("create_project", "Iraq")


def test_a_bad_label_list_is_a_command_error(db):
    with pytest.raises(CommandError, match="label keys repeat"):
        call_command("create_project", "Iraq", "--labels", "claim,Claim")
