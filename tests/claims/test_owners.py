import pytest

from claims import owners
from claims.annotations import record_label
from claims.models import Annotation, GuidelineVersion, Membership, SourceKind
from claims.projects import ProjectError


def test_a_new_project_is_owned_by_its_creator_with_the_default_scheme(olga):
    project = owners.create_owned_project(
        name="Gaza wires", slug="", description="Wire copy", guidelines="", owner=olga
    )
    assert project.slug == "gaza-wires"
    assert Membership.objects.get(project=project).role == "owner"
    assert list(project.labels.values_list("key", flat=True)) == [
        "claim",
        "attribution",
        "opinion",
        "other",
    ]
    assert project.source_kinds.count() == 9


def test_written_guidelines_are_version_one(olga):
    project = owners.create_owned_project(
        name="P", slug="p", description="", guidelines="Label carefully.", owner=olga
    )
    project.refresh_from_db()
    assert project.guidelines == "Label carefully."
    assert project.guideline_version == 1
    assert GuidelineVersion.objects.get(project=project).text == "Label carefully."


def test_a_scheme_is_copied_from_an_owned_project(owen, project):
    project.labels.filter(key="opinion").update(colour="#123456", name="View")
    SourceKind.objects.filter(project=project, key="other").delete()
    copy = owners.create_owned_project(
        name="Copy",
        slug="copy",
        description="",
        guidelines="",
        owner=owen,
        copy_scheme_from=project,
    )
    assert copy.labels.get(key="opinion").colour == "#123456"
    assert copy.labels.get(key="opinion").name == "View"
    assert copy.source_kinds.count() == 8
    assert project.labels.count() == 4  # the original keeps its own


def test_only_an_owned_projects_scheme_may_be_copied(alice, project):
    with pytest.raises(owners.OwnerError):
        owners.create_owned_project(
            name="Copy",
            slug="copy",
            description="",
            guidelines="",
            owner=alice,
            copy_scheme_from=project,
        )


def test_a_taken_slug_is_refused(owen, project):
    with pytest.raises(ProjectError):
        owners.create_owned_project(
            name="Iraq", slug="iraq", description="", guidelines="", owner=owen
        )
    with pytest.raises(ProjectError):
        owners.create_owned_project(name="New", slug="", description="", guidelines="", owner=owen)


def test_members_are_added_by_username_or_email(project, owen, olga, django_user_model):
    olga.email = "Olga@example.org"
    olga.save()
    owners.add_member_by(project=project, identifier="olga@EXAMPLE.org", role="reviewer", by=owen)
    assert Membership.objects.get(project=project, user=olga).role == "reviewer"
    paula = django_user_model.objects.create_user("paula")
    owners.add_member_by(project=project, identifier="Paula", role="annotator", by=owen)
    assert Membership.objects.filter(project=project, user=paula).exists()


def test_adding_an_unknown_or_existing_member_says_why(project, owen, alice):
    with pytest.raises(owners.OwnerError, match="no account"):
        owners.add_member_by(project=project, identifier="nobody", role="annotator", by=owen)
    with pytest.raises(owners.OwnerError, match="member already"):
        owners.add_member_by(project=project, identifier="alice", role="owner", by=owen)
    with pytest.raises(owners.OwnerError, match="not a role"):
        owners.add_member_by(project=project, identifier="alice", role="boss", by=owen)


def test_the_last_owner_can_be_neither_demoted_nor_removed(project, owen, alice):
    with pytest.raises(owners.OwnerError, match="only owner"):
        owners.set_role(project=project, user_id=owen.pk, role="reviewer", by=owen)
    with pytest.raises(owners.OwnerError, match="only owner"):
        owners.remove_member(project=project, user_id=owen.pk, by=owen)
    owners.set_role(project=project, user_id=alice.pk, role="owner", by=owen)
    owners.set_role(project=project, user_id=owen.pk, role="annotator", by=owen)
    assert Membership.objects.get(project=project, user=owen).role == "annotator"


def test_removing_a_member_keeps_their_annotations(project, owen, alice, sentence, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    owners.remove_member(project=project, user_id=alice.pk, by=owen)
    assert not Membership.objects.filter(project=project, user=alice).exists()
    assert Annotation.objects.filter(annotator=alice, sentence=sentence).count() == 1


def test_members_are_listed_owners_first(project):
    listed = [(m.role, m.user.username) for m in owners.members(project=project)]
    assert listed == [
        ("owner", "owen"),
        ("reviewer", "rita"),
        ("annotator", "alice"),
        ("annotator", "bob"),
    ]


def test_add_user_makes_an_ordinary_account(db, monkeypatch):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    monkeypatch.setenv("NEW_PASSWORD", "a-long-enough-pass-9")
    call_command("add_user", "maria", email="m@example.org", password_from="NEW_PASSWORD")
    maria = User.objects.get(username="maria")
    assert maria.check_password("a-long-enough-pass-9")
    assert not maria.is_staff and not maria.is_superuser


def test_member_changes_are_recorded(project, owen, alice, olga):
    owners.add_member_by(project=project, identifier="olga", role="annotator", by=owen)
    owners.set_role(project=project, user_id=alice.pk, role="reviewer", by=owen)
    owners.set_role(project=project, user_id=alice.pk, role="reviewer", by=owen)  # no change
    owners.remove_member(project=project, user_id=olga.pk, by=owen)
    changes = owners.history(project=project)
    assert [change.summary for change in changes] == [
        "removed olga (annotator)",
        "alice: annotator \u2192 reviewer",
        "added olga as annotator",
    ]
    assert changes[1].before == {"alice": "annotator"} and changes[1].after == {"alice": "reviewer"}
    assert all(change.by == owen and change.what == "members" for change in changes)


def _settings(project, **changes):
    """The project's current settings with `changes` applied."""
    from dataclasses import replace

    from claims.project_settings import current_settings

    return replace(current_settings(project=project), **changes)


def test_settings_change_and_are_recorded(project, owen):
    from datetime import timedelta

    from claims.project_settings import update_settings

    before, after = update_settings(
        project=project,
        values=_settings(project, annotators_per_article=3, claim_expiry_hours=6),
        by=owen,
    )
    assert before == {"annotators_per_article": 2, "claim_expiry_hours": 48.0}
    assert after == {"annotators_per_article": 3, "claim_expiry_hours": 6}
    project.refresh_from_db()
    assert project.annotators_per_article == 3
    assert project.claim_expiry == timedelta(hours=6)
    change = owners.history(project=project)[0]
    assert change.what == "settings" and change.after == after
    assert update_settings(
        project=project,
        values=_settings(project, annotators_per_article=3, claim_expiry_hours=6),
        by=owen,
    ) == ({}, {})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("annotators_per_article", 0),
        ("annotators_per_article", 51),
        ("queue_seed", 2**31),
        ("double_coded_percent", 101),
        ("claim_expiry_hours", 0),
    ],
)
def test_settings_out_of_range_name_the_field(project, owen, field, value):
    from claims.project_settings import SettingsError, update_settings

    with pytest.raises(SettingsError) as raised:
        update_settings(project=project, values=_settings(project, **{field: value}), by=owen)
    assert raised.value.field == field


def test_dataset_info_lists_the_guideline_versions_of_exported_labels(
    project, owen, alice, bob, sentence, labels
):
    from claims.datasets.export import dataset_info
    from claims.datasets.options import ExportOptions

    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    owners.edit_guidelines(project=project, text="Version two.", by=owen)
    owners.edit_guidelines(project=project, text="Version three.", by=owen)
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    info = dataset_info(project=project, options=ExportOptions())
    listed = [(version["number"], version["text"]) for version in info["guideline_versions"]]
    assert [number for number, _ in listed] == [1, 3]
    assert listed[1][1] == "Version three."
