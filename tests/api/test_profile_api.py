"""GET /api/v1/projects/{slug}/profile/: the command's JSON, for reviewers and owners."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.annotations import record_label
from claims.attributions import AttributionSpec
from claims.imports.articles import import_article

PROFILE = "/api/v1/projects/iraq/profile/"


@pytest.fixture
def labelled(sentence, alice, labels):
    record_label(
        sentence=sentence,
        annotator=alice,
        label=labels["attribution"],
        attributions=[AttributionSpec(kind="anonymous", entity="E1")],
    )


@pytest.fixture
def second_outlet(project, alice, labels):
    article = import_article(
        project=project, external_id="rain", text="Officials said it rained.", outlet="Wire"
    )
    record_label(
        sentence=article.sentences.get(),
        annotator=alice,
        label=labels["attribution"],
        attributions=[AttributionSpec(kind="named_official", entity="E1")],
    )


def test_the_api_gives_what_the_command_prints(as_rita, labelled, second_outlet):
    options = {
        "labels": "alice",
        "bootstrap": 100,
        "permutations": 60,
        "seed": 7,
        "articles": "true",
    }
    body = as_rita.get(PROFILE, options).json()
    out = StringIO()
    call_command(
        "profile",
        "iraq",
        "--labels",
        "alice",
        "--bootstrap",
        "100",
        "--permutations",
        "60",
        "--seed",
        "7",
        "--articles",
        stdout=out,
    )
    assert body == json.loads(out.getvalue())
    (comparison,) = body["profiles"]["alice"]["comparisons"]
    assert (comparison["a"], comparison["b"]) == ("", "Wire")
    assert comparison["metrics"]["anonymous_share"]["permutations"] == 60


@pytest.mark.parametrize("permutations", ["-1", "100001", "many"])
def test_permutations_out_of_bounds_are_a_400(as_rita, labelled, permutations):
    response = as_rita.get(PROFILE, {"labels": "alice", "permutations": permutations})
    assert response.status_code == 400
    assert "permutations" in response.json()


@pytest.mark.parametrize(
    ("person", "status"), [("alice", 403), ("rita", 200), ("owen", 200), ("olga", 404)]
)
def test_reviewers_and_owners_only(as_person, labelled, person, status):
    assert as_person(person).get(PROFILE, {"labels": "alice", "bootstrap": 0}).status_code == status


def test_labels_of_nobody_is_a_400_naming_the_field(as_rita, labelled):
    response = as_rita.get(PROFILE, {"labels": "nobody"})
    assert response.status_code == 400
    assert "nobody" in response.json()["labels"][0]
