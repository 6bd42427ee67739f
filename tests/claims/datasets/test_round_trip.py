"""Export, re-import into a new project, export again: the same dataset, byte for byte.

Exports name articles by their external ids and people by username, never by database
ids, so the two files can be compared as they are."""

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claims.datasets.export import dataset_info
from claims.datasets.options import ExportOptions
from claims.imports.articles import import_files
from claims.models import Membership, Project
from claims.projects import add_member, create_project


@pytest.fixture
def new_project(owen, alice, bob, rita):
    """new_project(slug): a project with the labelled project's people in their roles, as
    an import requires of the accounts its labels name."""

    def make(slug: str) -> Project:
        project = create_project(name=slug.title(), slug=slug, owner=owen)
        for person, role in ((alice, "annotator"), (bob, "annotator"), (rita, "reviewer")):
            add_member(project=project, user=person, role=role)
        return project

    return make


@pytest.fixture
def copy(exported, new_project) -> Project:
    """A new project, imported from the labelled project's JSON Lines export."""
    project = new_project("copy")
    import_files(project=project, files=[("iraq.jsonl", io.BytesIO(exported("jsonl")))])
    return project


@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_the_copy_exports_the_same_bytes(exported, copy, format):
    assert exported(format, project=copy) == exported(format)


def test_the_copy_exports_the_same_gold_only_subset(exported, copy):
    assert exported("jsonl", project=copy, gold_only=True) == exported("jsonl", gold_only=True)


def test_the_copy_has_the_same_dataset_info_but_for_project_and_time(labelled, copy):
    def described(project: Project) -> dict:
        info = dataset_info(project=project, options=ExportOptions(), format="jsonl")
        # Guideline versions belong to a project, like its name: the copy's labels were
        # imported, not labelled under its guidelines.
        project_bound = {"exported_at", "project", "guideline_versions"}
        return {k: v for k, v in info.items() if k not in project_bound}

    assert described(copy) == described(labelled)


def test_the_copy_keeps_the_segmenters_of_the_articles(labelled, copy):
    assert list(copy.articles.values_list("segmenter", flat=True)) == list(
        labelled.articles.values_list("segmenter", flat=True)
    )


def test_the_import_leaves_the_members_and_their_roles_as_they_were(copy):
    roles = Membership.objects.filter(project=copy).values_list("user__username", "role")
    assert sorted(roles) == [
        ("alice", "annotator"),
        ("bob", "annotator"),
        ("owen", "owner"),
        ("rita", "reviewer"),
    ]


def test_the_copy_of_the_copy_is_the_same_again(exported, copy, new_project):
    again = new_project("again")
    data = exported("jsonl", project=copy)
    import_files(project=again, files=[("copy.jsonl", io.BytesIO(data))])
    assert exported("jsonl", project=again) == data


def test_the_copy_exports_the_same_parquet_table(exported, copy):
    def table(data: bytes) -> pa.Table:
        return pq.read_table(io.BytesIO(data)).replace_schema_metadata(None)

    assert table(exported("parquet", project=copy)).equals(table(exported("parquet")))
