"""GET /api/v1/projects/{slug}/agreement/: the same report as `manage.py agreement`."""

import json

import pytest
from django.core.management import call_command

from claims.annotations import record_label
from tests.agreement_contract import REPORT_KEYS

AGREEMENT = "/api/v1/projects/iraq/agreement/"


@pytest.fixture
def labelled(make_article, alice, bob, labels):
    """12 sentences; alice and bob disagree on every third, bob leaves the last one out."""
    article = make_article(12)
    keys = ["claim", "attribution", "opinion", "other"]
    for number, sentence in enumerate(article.sentences.all()):
        record_label(sentence=sentence, annotator=alice, label=labels[keys[number % 4]])
        if number < 11:
            bob_key = "other" if number % 3 == 0 else keys[number % 4]
            record_label(sentence=sentence, annotator=bob, label=labels[bob_key])
    return article


@pytest.mark.parametrize(
    ("person", "status"),
    [("alice", 403), ("rita", 200), ("owen", 200), ("olga", 404), (None, 401)],
)
def test_agreement_is_for_reviewers_and_owners(as_person, labelled, person, status):
    assert as_person(person).get(AGREEMENT, {"bootstrap": 0}).status_code == status


def test_agreement_has_exactly_the_contract_keys(as_rita, labelled):
    assert list(as_rita.get(AGREEMENT, {"bootstrap": 10}).json()) == REPORT_KEYS


def test_agreement_equals_the_command_on_the_same_data(as_rita, labelled, capsys):
    call_command("agreement", "iraq", "--bootstrap", "300", "--seed", "7")
    command = json.loads(capsys.readouterr().out)
    assert as_rita.get(AGREEMENT, {"bootstrap": 300, "seed": 7}).json() == command


def test_outlet_filter_equals_the_command(as_rita, labelled, capsys):
    labelled.outlet = "Wire"
    labelled.save()
    call_command("agreement", "iraq", "--outlet", "Wire", "--bootstrap", "0")
    command = json.loads(capsys.readouterr().out)
    assert as_rita.get(AGREEMENT, {"outlet": "Wire", "bootstrap": 0}).json() == command


def test_article_filter_narrows_the_report(as_rita, labelled, make_article):
    make_article(3, external_id="unlabelled")
    report = as_rita.get(AGREEMENT, {"article": labelled.pk, "bootstrap": 0}).json()
    assert report["units"] == {"labelled": 12, "pairable": 11}


def test_an_article_of_another_project_selects_nothing(as_rita, labelled):
    report = as_rita.get(AGREEMENT, {"article": labelled.pk + 1000, "bootstrap": 0}).json()
    assert report["units"] == {"labelled": 0, "pairable": 0}


def test_no_bootstrap_gives_no_interval_and_says_why(as_rita, labelled):
    report = as_rita.get(AGREEMENT, {"bootstrap": 0}).json()
    assert "krippendorff_alpha_ci95" in report["undefined"]


@pytest.mark.parametrize("bootstrap", ["-1", "10001", "many"])
def test_a_bootstrap_out_of_range_is_a_400(as_rita, labelled, bootstrap):
    assert as_rita.get(AGREEMENT, {"bootstrap": bootstrap}).status_code == 400


def test_a_negative_seed_is_a_400(as_rita, labelled):
    assert as_rita.get(AGREEMENT, {"seed": "-1"}).status_code == 400


def test_an_empty_project_reports_undefined_measures(as_rita, project):
    report = as_rita.get(AGREEMENT, {"bootstrap": 0}).json()
    assert report["krippendorff_alpha"] is None and "krippendorff_alpha" in report["undefined"]


def test_articles_are_resampled_by_default(as_rita, labelled):
    report = as_rita.get(AGREEMENT, {"bootstrap": 20, "seed": 4}).json()
    assert report["bootstrap"] == {"resamples": 20, "seed": 4, "unit": "article"}


def test_sentences_are_resampled_when_asked_as_the_command_does(as_rita, labelled, capsys):
    call_command("agreement", "iraq", "--bootstrap", "200", "--resample", "sentences")
    command = json.loads(capsys.readouterr().out)
    report = as_rita.get(AGREEMENT, {"bootstrap": 200, "resample": "sentences"}).json()
    assert (report, report["bootstrap"]["unit"]) == (command, "sentence")


def test_an_unknown_resample_is_a_400_naming_the_field(as_rita, labelled):
    response = as_rita.get(AGREEMENT, {"resample": "paragraphs"})
    assert (response.status_code, list(response.json())) == (400, ["resample"])
