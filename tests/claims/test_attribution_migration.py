"""Migration 0005: the one optional source of an annotation becomes an attribution, kinds
become project data, and the default labels get their roles."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.attributions import AttributionSpec, Span, specs_of
from claims.projects import DEFAULT_SOURCE_KINDS

BEFORE, AFTER = ("claims", "0004_api_tokens_hashed"), ("claims", "0005_attributions")


@pytest.fixture
def old_state(transactional_db):
    """Apps and an executor at 0004, with a project of two sentences and three labels on
    them: one with a source of each old shape, and one without; newest state after."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    yield apps
    _migrate_to_newest()


def test_old_sources_become_attributions_of_the_new_kinds(old_state, alice):
    apps = old_state
    project = apps.get_model("claims", "Project").objects.create(name="Old", slug="old")
    labels = {
        key: apps.get_model("claims", "Label").objects.create(
            project=project, key=key, name=key, hotkey=n
        )
        for n, key in enumerate(("claim", "attribution", "mine"), start=1)
    }
    article = apps.get_model("claims", "Article").objects.create(
        project=project, external_id="a", text="Officials said so. It rained.", segmenter="manual"
    )
    sentence_model = apps.get_model("claims", "Sentence")
    said = sentence_model.objects.create(article=article, position=0, start=0, end=18)
    rained = sentence_model.objects.create(article=article, position=1, start=19, end=29)
    annotation = apps.get_model("claims", "Annotation").objects
    annotation.create(
        sentence=said,
        annotator_id=alice.pk,
        label=labels["attribution"],
        source_start=0,
        source_end=9,
        source_kind="unnamed",
    )
    annotation.create(
        sentence=rained,
        annotator_id=alice.pk,
        label=labels["claim"],
        source_start=0,
        source_end=9,
        source_kind="named_organisation",
    )
    bob = alice.__class__.objects.create_user("bob")
    annotation.create(sentence=rained, annotator_id=bob.pk, label=labels["mine"])

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    # Read as the tables were then: later migrations add columns the models now have.
    after = executor.loader.project_state([AFTER]).apps
    SourceKind, Label, Annotation = (
        after.get_model("claims", name) for name in ("SourceKind", "Label", "Annotation")
    )

    assert list(SourceKind.objects.filter(project_id=project.pk).values_list("key", flat=True)) == [
        spec.key for spec in DEFAULT_SOURCE_KINDS
    ]
    assert dict(Label.objects.filter(project_id=project.pk).values_list("key", "role")) == {
        "claim": "claim",
        "attribution": "attribution",
        "mine": "",
    }
    kind_keys = dict(SourceKind.objects.values_list("pk", "key"))
    attributions = {
        a.sentence_id: specs_of(list(a.attributions.all()), kind_keys=kind_keys)
        for a in Annotation.objects.filter(annotator_id=alice.pk)
    }
    assert attributions == {
        said.pk: (AttributionSpec(kind="anonymous", source=Span(0, 9), entity="m0"),),
        # Under a claim, a source can only be an embedded one.
        rained.pk: (
            AttributionSpec(
                kind="named_organization", source=Span(0, 9), entity="m0", embedded=True
            ),
        ),
    }
    assert not Annotation.objects.get(annotator_id=bob.pk).attributions.exists()


def _migrate_to_newest() -> None:
    # Back to the newest state, not this migration's: later tests expect every migration.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
