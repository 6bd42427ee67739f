"""Labels and kinds hidden from new work: the API shows them as hidden and refuses them
in new revisions, while revisions that have them already may keep them."""

import pytest

from claims.annotations import record_label
from claims.attributions import AttributionSpec
from claims.models import Annotation, Label, SourceKind
from claims.scheme import set_hidden
from tests.conftest import ARTICLE_TEXT

ANNOTATIONS = "/api/v1/annotations/"
SOURCE = {"start": ARTICLE_TEXT.index("a report"), "end": ARTICLE_TEXT.index(" says")}


def _hide(project, owen, model, key):
    set_hidden(project=project, model=model, key=key, hidden=True, by=owen)


def _send(client, sentence, key, attributions=None, **fields):
    body = {"sentence": sentence.pk, "label": key, **fields}
    if attributions is not None:
        body["attributions"] = attributions
    return client.post(ANNOTATIONS, body, format="json")


@pytest.fixture
def opinion_hidden(project, owen):
    _hide(project, owen, Label, "opinion")


@pytest.fixture
def vague_hidden(project, owen):
    _hide(project, owen, SourceKind, "vague")


def test_project_shows_which_labels_are_hidden(as_alice, opinion_hidden):
    labels = as_alice.get("/api/v1/projects/iraq/").json()["labels"]
    assert {label["key"]: label["hidden"] for label in labels} == {
        "claim": False,
        "attribution": False,
        "opinion": True,
        "other": False,
    }


def test_project_shows_a_hidden_kind_without_hotkey(as_alice, vague_hidden):
    kinds = as_alice.get("/api/v1/projects/iraq/").json()["source_kinds"]
    vague = next(kind for kind in kinds if kind["key"] == "vague")
    assert (vague["hidden"], vague["hotkey"]) == (True, "")


def test_a_hidden_label_is_refused_naming_the_label_field(as_alice, sentence, opinion_hidden):
    response = _send(as_alice, sentence, "opinion")
    assert (response.status_code, response.json()) == (
        400,
        {"label": ["label 'opinion' is hidden from new work; choose another label"]},
    )


def test_a_refused_hidden_label_stores_nothing(as_alice, sentence, opinion_hidden):
    _send(as_alice, sentence, "opinion")
    assert not Annotation.objects.filter(sentence=sentence).exists()


def test_a_hidden_kind_is_refused_naming_the_attribution(as_alice, sentence, vague_hidden):
    response = _send(as_alice, sentence, "attribution", [{"source": SOURCE, "kind": "vague"}])
    assert (response.status_code, response.json()["field"]) == (400, "attributions[0].kind")


def test_a_revision_keeps_a_label_it_had_before_it_was_hidden(
    as_alice, alice, sentence, labels, project, owen
):
    first = record_label(sentence=sentence, annotator=alice, label=labels["opinion"]).annotation
    _hide(project, owen, Label, "opinion")
    response = _send(as_alice, sentence, "opinion", [{"kind": "vague", "embedded": True}])
    assert (response.status_code, response.json()["replaces"]) == (201, first.pk)


def test_a_revision_keeps_a_kind_it_had_before_it_was_hidden(
    as_alice, alice, sentence, labels, project, owen
):
    vague = AttributionSpec(kind="vague")
    first = record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[vague]
    ).annotation
    _hide(project, owen, SourceKind, "vague")
    kinds = [{"kind": "vague"}, {"kind": "anonymous"}]
    response = _send(as_alice, sentence, "attribution", kinds, based_on=first.pk)
    assert response.status_code == 201
