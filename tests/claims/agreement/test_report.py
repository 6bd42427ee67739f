"""The agreement report built from plain values: the JSON contract the doors share."""

import json

import numpy as np
import pytest

from claims.agreement.bootstrap import Interval, Intervals, bootstrap_alpha
from claims.agreement.measures import MISSING
from claims.agreement.report import Ratings, build_report, with_intervals
from claims.agreement.sources.marks import SourceMarks
from tests.agreement_contract import REPORT_KEYS

_ = MISSING
# alice and bob mostly agree; carol, the outlier, mostly does not; "nan" is never used.
RATINGS = Ratings(
    codes=np.array([[0, 0, 1], [1, 1, 1], [2, 2, 0], [0, 0, _], [1, _, 2], [2, 1, 0]]),
    labels=("claim", "None", "opinion", "nan"),
    annotators=("alice", "bob", "carol"),
    articles=np.array([1, 1, 1, 2, 2, 2]),
)


NO_SOURCES = SourceMarks.empty(kinds=("anonymous", "vague"), annotators=RATINGS.annotators)


@pytest.fixture(scope="module")
def report():
    interval = bootstrap_alpha(counts=RATINGS.counts, resamples=200, seed=0)
    intervals = Intervals(labels=interval, kinds=Interval(reason="no kinds"))
    return build_report(project="iraq", ratings=RATINGS, sources=NO_SOURCES, intervals=intervals)


def _nulls(value, path=""):
    """Paths of every None in the report, as `undefined` names them."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nulls(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list) and path in ("pairs", "sources.pairs"):
        for pair in value:
            yield from _nulls(pair, f"{path}.{pair['a']}.{pair['b']}")
    elif value is None:
        yield path


def test_the_report_has_exactly_the_contract_keys(report):
    assert set(report) == set(REPORT_KEYS)


def test_the_report_is_plain_json_without_nan(report):
    assert json.loads(json.dumps(report, allow_nan=False)) == report


def test_measures_are_plain_python_floats(report):
    assert type(report["krippendorff_alpha"]) is float


def test_units_count_labelled_and_pairable_sentences(report):
    assert report["units"] == {"labelled": 6, "pairable": 6}


def test_every_null_has_a_reason_and_every_reason_a_null():
    empty = Ratings(
        codes=np.zeros((0, 0), dtype=int),
        labels=("claim", "other"),
        annotators=(),
        articles=np.zeros(0, dtype=int),
    )
    sources = SourceMarks.empty(kinds=("vague",))
    intervals = Intervals.not_run("none")
    report = build_report(project="iraq", ratings=empty, sources=sources, intervals=intervals)
    assert set(_nulls(report)) == set(report["undefined"])


def test_nested_nulls_are_named_by_their_path(report):
    assert set(_nulls(report)) == set(report["undefined"])


def test_an_unused_label_has_no_per_label_alpha(report):
    assert "per_label.nan.krippendorff_alpha" in report["undefined"]


def test_labels_named_nan_and_none_are_kept_as_strings(report):
    assert list(report["per_label"]) == ["claim", "None", "opinion", "nan"]


def test_a_pair_confusion_maps_a_label_to_b_label_to_a_count(report):
    alice_carol = next(p for p in report["pairs"] if (p["a"], p["b"]) == ("alice", "carol"))
    assert alice_carol["confusion"]["opinion"] == {"claim": 2, "None": 0, "opinion": 0, "nan": 0}


def test_pairs_cover_every_two_annotators_once(report):
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]


def test_the_outlier_agrees_least_with_the_others(report):
    agreement = {
        name: row["agreement_with_others"] for name, row in report["per_annotator"].items()
    }
    assert min(agreement, key=agreement.get) == "carol"


def test_per_annotator_units_count_labels_given(report):
    assert {n: row["units"] for n, row in report["per_annotator"].items()} == {
        "alice": 6,
        "bob": 5,
        "carol": 5,
    }


def test_an_interval_computed_later_replaces_the_missing_one(report):
    pending = with_intervals(report, intervals=Intervals.not_run("the bootstrap was not run"))
    ready = with_intervals(
        pending, intervals=Intervals(labels=Interval(bounds=(0.1, 0.4)), kinds=Interval(reason="x"))
    )
    assert (ready["krippendorff_alpha_ci95"], "krippendorff_alpha_ci95" in ready["undefined"]) == (
        [0.1, 0.4],
        False,
    )
