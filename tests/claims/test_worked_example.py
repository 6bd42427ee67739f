"""The seed article's worked example: entered, exported, imported and exported again the
same, attributions included; and its sourcing profile, exactly as counted by hand."""

import io
import json

import pytest

from claims.datasets.export import export_dataset
from claims.imports.articles import import_files
from claims.projects import add_member, create_project
from claims.sourcing.loading import profile_report
from tests.worked_example import record_worked_example

SEED = "fixtures/presstv_us_base_iraq.txt"


@pytest.fixture
def coded(project, alice):
    with open(SEED, "rb") as file:
        import_files(project=project, files=[("presstv_us_base_iraq.txt", file)])
    article = project.articles.get()
    record_worked_example(article, alice)
    return project


def jsonl(project) -> bytes:
    return b"".join(export_dataset(project=project, format="jsonl"))


def test_the_worked_example_has_the_codebooks_counts(coded):
    (article,) = [json.loads(line) for line in jsonl(coded).splitlines()]
    annotations = [a for s in article["sentences"] for a in s["annotations"]]
    attributions = [x for a in annotations for x in a["attributions"]]
    assert sum(a["label"] == "attribution" for a in annotations) == 13
    assert len(attributions) == 16
    assert len({x["entity"] for x in attributions}) == 11
    assert sum(x["via"] is not None for x in attributions) == 1
    assert sum(x["embedded"] for x in attributions) == 2
    assert sum(x["source"] is None for x in attributions) == 2


def test_the_worked_example_comes_back_identical(coded, owen, alice):
    first = jsonl(coded)
    copy = create_project(name="Copy", slug="copy", owner=owen)
    add_member(project=copy, user=alice, role="annotator")
    import_files(project=copy, files=[("iraq.jsonl", io.BytesIO(first))])
    assert jsonl(copy) == first


def test_the_worked_examples_profile(coded):
    report = profile_report(project=coded, labels="alice", bootstrap=0, per_article=True)
    article = report["profiles"]["alice"]["articles"]["presstv_us_base_iraq"]["metrics"]
    counts = {
        key: (article[key]["numerator"], article[key]["denominator"])
        for key in (
            "attribution_rate",
            "unattributed_claim_share",
            "opinion_share",
            "anonymous_share",
            "vague_share",
            "unverifiable_share",
            "media_relayed_share",
        )
    }
    assert counts == {
        "attribution_rate": (13, 21),
        "unattributed_claim_share": (7, 20),
        "opinion_share": (1, 21),
        "anonymous_share": (3, 13),
        "vague_share": (4, 13),
        "unverifiable_share": (7, 13),
        "media_relayed_share": (2, 13),
    }
    assert (article["any_anonymous"]["value"], article["anonymous_only"]["value"]) == (True, False)
    identified = article["identified_sources"]
    assert (identified["numerator"], identified["all_sources"]) == (4, 11)
    diversity = article["kind_diversity"]
    assert (round(diversity["value"], 3), round(diversity["simpson"], 3)) == (0.644, 0.782)
