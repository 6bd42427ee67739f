"""Versioned guidelines: each revision records the version it was made under."""

from claims.annotations import record_label
from claims.models import Annotation, GuidelineVersion
from claims.projects import create_project, set_guidelines


def test_a_new_project_starts_at_version_one_with_its_guidelines(db, owen):
    project = create_project(name="Demo", owner=owen)
    (version,) = GuidelineVersion.objects.filter(project=project)
    assert (version.number, version.text, version.created_by) == (1, project.guidelines, owen)
    assert project.guideline_version == 1


def test_new_guidelines_are_a_new_version_and_the_same_text_is_none(db, project, owen):
    version = set_guidelines(project=project, text="Label claims.", by=owen)
    assert version is not None and version.number == 2
    project.refresh_from_db()
    assert (project.guidelines, project.guideline_version) == ("Label claims.", 2)
    assert set_guidelines(project=project, text="Label claims.", by=owen) is None
    numbers = GuidelineVersion.objects.filter(project=project).values_list("number", flat=True)
    assert list(numbers) == [1, 2]


def test_each_revision_records_the_version_it_was_made_under(
    db, project, article, labels, alice, owen
):
    sentence = article.sentences.first()
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    set_guidelines(project=project, text="Stricter claims.", by=owen)
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    versions = Annotation.objects.filter(sentence=sentence).order_by("pk")
    assert list(versions.values_list("guideline_version", flat=True)) == [1, 2]


def test_the_dataset_info_records_blindness_and_when_it_changed(db, project, owen):
    from dataclasses import replace

    from claims.datasets.export import dataset_info
    from claims.datasets.options import parse_options
    from claims.project_settings import current_settings, update_settings

    for blind in (True, False, True):  # a calibration phase, then blind again
        values = replace(current_settings(project=project), blind=blind)
        update_settings(project=project, values=values, by=owen)
    info = dataset_info(project=project, options=parse_options())
    assert info["project"]["blind"] is True
    assert [change["blind"] for change in info["project"]["blind_changes"]] == [True, False, True]
    assert all(label["hidden"] is False for label in info["labels"])
