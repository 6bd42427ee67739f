"""python manage.py agreement: the JSON contract and the readable table."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.agreement_contract import REPORT_KEYS
from tests.claims.agreement.conftest import KEYS


@pytest.fixture
def labelled_article(twenty_labelled):
    """alice and bob disagree on every fourth sentence."""
    return twenty_labelled(lambda n: KEYS[n % 4 or 1])


def test_json_output_has_exactly_the_contract_keys(labelled_article, capsys):
    call_command("agreement", "iraq", "--bootstrap", "50")
    assert list(json.loads(capsys.readouterr().out)) == REPORT_KEYS


def test_json_output_gives_the_interval(labelled_article, capsys):
    # One article: only the sentence-level bootstrap can vary.
    call_command(
        "agreement", "iraq", "--bootstrap", "200", "--seed", "3", "--resample", "sentences"
    )
    low, high = json.loads(capsys.readouterr().out)["krippendorff_alpha_ci95"]
    assert low <= high


def test_no_bootstrap_leaves_the_interval_null_with_a_reason(labelled_article, capsys):
    call_command("agreement", "iraq", "--bootstrap", "0")
    report = json.loads(capsys.readouterr().out)
    assert (
        report["undefined"]["krippendorff_alpha_ci95"] == "the bootstrap was not run (0 resamples)"
    )


def test_table_output_leads_with_alpha_and_its_counts(labelled_article, capsys):
    call_command("agreement", "iraq", "--format", "table", "--bootstrap", "0")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "Agreement in iraq: 2 annotators, 4 labels; 20 sentences labelled, "
        "20 by two or more annotators"
    )
    assert lines[2].startswith("Krippendorff's alpha  0.")


def test_table_output_lists_labels_and_pairs(labelled_article, capsys):
    call_command("agreement", "iraq", "--format", "table", "--bootstrap", "0")
    out = capsys.readouterr().out
    assert ("attribution" in out, "alice / bob" in out) == (True, True)


def test_an_unknown_project_is_a_command_error(db):
    with pytest.raises(CommandError, match="no project with slug 'nowhere'"):
        call_command("agreement", "nowhere")


def test_an_article_of_another_project_is_a_command_error(labelled_article):
    with pytest.raises(CommandError, match="no article 999999 in project 'iraq'"):
        call_command("agreement", "iraq", "--article", "999999")


def test_the_article_option_selects_one_article(labelled_article, capsys):
    call_command("agreement", "iraq", "--article", str(labelled_article.pk), "--bootstrap", "0")
    assert json.loads(capsys.readouterr().out)["units"]["labelled"] == 20


def test_a_date_that_is_no_date_is_a_command_error_naming_the_option(labelled_article):
    with pytest.raises(CommandError, match="--since must be a date such as 2024-05-31"):
        call_command("agreement", "iraq", "--since", "May 2024")


def test_resample_sentences_is_named_in_the_report(labelled_article, capsys):
    call_command("agreement", "iraq", "--bootstrap", "30", "--resample", "sentences")
    report = json.loads(capsys.readouterr().out)
    assert report["bootstrap"] == {"resamples": 30, "seed": 0, "unit": "sentence"}


def test_one_article_resampled_by_article_says_why_there_is_no_interval(labelled_article, capsys):
    call_command("agreement", "iraq", "--bootstrap", "30")
    report = json.loads(capsys.readouterr().out)
    assert "resample sentences instead" in report["undefined"]["krippendorff_alpha_ci95"]


def test_an_unknown_resample_is_refused(labelled_article):
    with pytest.raises(CommandError, match="resample"):
        call_command("agreement", "iraq", "--resample", "paragraphs")
