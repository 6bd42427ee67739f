"""The profile from the database: whose labels, which articles, the command's formats."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.adjudication import adjudicate
from claims.annotations import record_label
from claims.attributions import AttributionSpec
from claims.sourcing.loading import LabelsError, profile_report

EXPERTS = [AttributionSpec(kind="vague", entity="E1")]
UNNAMED = [AttributionSpec(kind="anonymous", entity="E1")]


@pytest.fixture
def labelled(article, alice, bob, labels):
    """alice: the two middle sentences attributions, one vague one anonymous, the headline
    not body; bob: both claims."""
    headline, first, second, _ = article.sentences.order_by("position")
    record_label(sentence=headline, annotator=alice, label=labels["other"])
    record_label(sentence=first, annotator=alice, label=labels["attribution"], attributions=EXPERTS)
    record_label(
        sentence=second, annotator=alice, label=labels["attribution"], attributions=UNNAMED
    )
    record_label(sentence=first, annotator=bob, label=labels["claim"])
    record_label(sentence=second, annotator=bob, label=labels["claim"])
    return article


def metric(report, labels, key):
    return report["profiles"][labels]["project"]["metrics"][key]


def test_one_annotators_labels(project, labelled):
    report = profile_report(project=project, labels="alice", bootstrap=0)
    assert metric(report, "alice", "attribution_rate") | {} == {
        "value": 1,
        "numerator": 2,
        "denominator": 2,
        "interval": None,
        "article_mean": 1,
    }
    assert metric(report, "alice", "anonymous_share")["value"] == 0.5
    assert report["profiles"]["alice"]["unlabelled"] == 1  # of 4 sentences, 3 labelled


def test_each_annotator_apart(project, labelled):
    report = profile_report(project=project, labels="each", bootstrap=0)
    assert list(report["profiles"]) == ["alice", "bob"]
    assert metric(report, "bob", "unattributed_claim_share")["value"] == 1
    assert report["profiles"]["bob"]["project"]["undefined"]["anonymous_share"] == (
        "no attribution sentences"
    )


def test_gold_counts_only_sentences_with_gold_and_says_how_many_lack_it(
    project, labelled, rita, labels
):
    first = labelled.sentences.get(position=1)
    adjudicate(sentence=first, label=labels["attribution"], by=rita)
    report = profile_report(project=project, labels="gold", bootstrap=0)
    assert report["profiles"]["gold"]["unlabelled"] == 3
    assert metric(report, "gold", "attribution_rate")["numerator"] == 1


def test_someone_without_labels_is_refused(project, labelled):
    with pytest.raises(LabelsError, match="'rita' has no labels"):
        profile_report(project=project, labels="rita", bootstrap=0)


def test_outlets_are_scopes_of_their_own(project, labelled):
    labelled.outlet = "Press TV"
    labelled.save()
    report = profile_report(project=project, labels="alice", bootstrap=0, per_article=True)
    profile = report["profiles"]["alice"]
    assert list(profile["outlets"]) == ["Press TV"]
    assert profile["articles"]["drones"]["metrics"]["any_anonymous"]["value"] is True


def test_the_loader_reads_a_fixed_number_of_queries(
    project, labelled, make_more_articles, django_assert_max_num_queries
):
    make_more_articles(10)
    # The scheme's kinds (twice: the report's codebook and the loader's names), its labels'
    # roles, sentences counted, articles, annotators, labels, attributions.
    with django_assert_max_num_queries(9):
        profile_report(project=project, labels="each", bootstrap=0)


@pytest.fixture
def make_more_articles(project, alice, labels):
    from claims.imports.articles import import_article

    def make(count):
        for number in range(count):
            article = import_article(
                project=project,
                external_id=f"more-{number}",
                text="Officials said it rained. It rained.",
            )
            for sentence in article.sentences.all():
                record_label(
                    sentence=sentence,
                    annotator=alice,
                    label=labels["attribution"],
                    attributions=EXPERTS,
                )

    return make


@pytest.mark.parametrize("format", ["json", "table", "csv"])
def test_the_command_prints_each_format(project, labelled, format):
    out = StringIO()
    call_command(
        "profile", "iraq", "--labels", "alice", "--format", format, "--bootstrap", "50", stdout=out
    )
    text = out.getvalue()
    if format == "json":
        assert json.loads(text)["profiles"]["alice"]["project"]["articles"] == 1
    elif format == "csv":
        assert text.splitlines()[0].startswith("labels,scope,name,articles,metric,value")
        assert "alice,project,iraq,1,attribution_rate,1,2,2" in text
    else:
        assert "Attribution rate" in text and "unreliable" in text


def test_the_command_names_a_bad_labels_value(project, labelled):
    with pytest.raises(CommandError, match="--labels: 'nobody' has no labels"):
        call_command("profile", "iraq", "--labels", "nobody", stdout=StringIO())


@pytest.fixture
def two_outlets(labelled, make_more_articles):
    labelled.outlet = "Press TV"
    labelled.save()
    make_more_articles(3)  # no outlet


def test_each_pair_of_outlets_is_compared(project, two_outlets):
    report = profile_report(project=project, labels="alice", bootstrap=0, permutations=99, seed=4)
    assert report["permutations"] | {} == {
        "count": 99,
        "seed": 4,
        "unit": "article",
        "test": "two-sided; difference of pooled values, a - b",
        "max_outlets": 20,
    }
    (comparison,) = report["profiles"]["alice"]["comparisons"]
    assert (comparison["a"], comparison["b"]) == ("", "Press TV")
    # Press TV's attributions are half anonymous, the others' none.
    assert comparison["metrics"]["anonymous_share"]["difference"] == -0.5
    assert comparison["metrics"]["anonymous_share"]["permutations"] == 99


@pytest.mark.parametrize("format", ["table", "csv"])
def test_the_command_prints_the_comparisons(project, two_outlets, format):
    out = StringIO()
    call_command(
        "profile",
        "iraq",
        "--labels",
        "alice",
        "--format",
        format,
        "--permutations",
        "50",
        stdout=out,
    )
    text = out.getvalue()
    if format == "csv":
        assert text.splitlines()[0].endswith("article_mean,compared_with,p_value,permutations")
        assert "alice,comparison,,4,anonymous_share,-0.5,,,,,,Press TV," in text
        assert "alice,project,iraq,4,attribution_rate,1,8,8," in text
    else:
        assert "outlets compared" in text and "(no outlet) vs Press TV" in text


def test_the_command_refuses_negative_permutations(project, labelled):
    with pytest.raises(CommandError, match="--permutations must be 0 or more"):
        call_command("profile", "iraq", "--permutations", "-1", stdout=StringIO())
