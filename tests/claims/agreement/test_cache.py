"""The intervals (label alpha, source kind alpha), computed by one task and cached per
project, filters and data state."""

from datetime import UTC, datetime

import pytest

from claims.agreement import agreement_report
from claims.agreement.cache import compute_intervals_for, data_fingerprint, keys_for
from claims.agreement.selection import AgreementFilters
from claims.agreement.tasks import (
    compute_agreement_intervals,
    report_with_cached_intervals,
    request_intervals,
)
from claims.annotations import record_label
from claims.models import Article
from tests.claims.agreement.conftest import KEYS

EVERYTHING = AgreementFilters()


@pytest.fixture
def labelled(twenty_labelled):
    """alice and bob disagree on every fifth sentence."""
    return twenty_labelled(lambda n: "other" if n % 5 == 0 else KEYS[n % 4])


def test_filters_survive_a_round_trip_through_json():
    filters = AgreementFilters(outlet="Wire", article=3, since=datetime(2024, 5, 1, tzinfo=UTC))
    assert AgreementFilters.from_json(filters.as_json()) == filters


def test_fingerprint_changes_when_a_label_changes(labelled, alice, labels):
    before = data_fingerprint(project=labelled.project, filters=EVERYTHING)
    record_label(sentence=labelled.sentences.first(), annotator=alice, label=labels["other"])
    assert data_fingerprint(project=labelled.project, filters=EVERYTHING) != before


def test_fingerprint_changes_when_a_label_is_cleared(labelled, alice):
    before = data_fingerprint(project=labelled.project, filters=EVERYTHING)
    record_label(sentence=labelled.sentences.first(), annotator=alice, label=None)
    assert data_fingerprint(project=labelled.project, filters=EVERYTHING) != before


def test_task_stores_the_interval_the_report_would_give(labelled):
    project = labelled.project
    compute_agreement_intervals.enqueue(project.pk, EVERYTHING.as_json(), 200, 0, "sentences")
    cached = request_intervals(
        project=project, filters=EVERYTHING, resamples=200, seed=0, resample="sentences"
    )
    expected = agreement_report(project=project, bootstrap=200, seed=0, resample="sentences")
    assert list(cached.labels.bounds) == expected["krippendorff_alpha_ci95"]


def test_task_result_is_json(labelled):
    result = compute_agreement_intervals.enqueue(labelled.project.pk, EVERYTHING.as_json(), 50, 0)
    value = result.return_value
    assert (set(value), set(value["labels"]), set(value["kinds"])) == (
        {"labels", "kinds", "bootstrap"},
        {"bounds", "reason", "warning"},
        {"bounds", "reason", "warning"},
    )


def test_first_request_enqueues_and_the_immediate_backend_fills_it(labelled):
    interval = request_intervals(
        project=labelled.project, filters=EVERYTHING, resamples=50, seed=0, resample="sentences"
    )
    assert interval is not None and interval.labels.bounds is not None


def test_a_changed_label_is_never_shown_a_stale_interval(labelled, alice, labels):
    project = labelled.project
    compute_intervals_for(project_id=project.pk, filters=EVERYTHING, resamples=50, seed=0)
    record_label(sentence=labelled.sentences.first(), annotator=alice, label=labels["claim"])
    report, _ = report_with_cached_intervals(project=project, filters=EVERYTHING, resamples=50)
    assert report == agreement_report(project=project, bootstrap=50)


def test_cached_interval_is_merged_into_the_report(labelled):
    project = labelled.project
    report, is_ready = report_with_cached_intervals(project=project, filters=EVERYTHING)
    assert (is_ready, report) == (True, agreement_report(project=project))


def test_a_cached_report_is_reused_without_reading_the_labels(labelled, django_assert_num_queries):
    project = labelled.project
    first, _ = report_with_cached_intervals(project=project, filters=EVERYTHING)
    # The fingerprint (articles, labels, kinds) and one cache read for the report and the
    # interval: no loader query.
    with django_assert_num_queries(4):
        again, is_ready = report_with_cached_intervals(project=project, filters=EVERYTHING)
    assert (is_ready, again) == (True, first)


def test_a_changed_label_recomputes_the_cached_report(labelled, alice, labels):
    project = labelled.project
    report_with_cached_intervals(project=project, filters=EVERYTHING)
    record_label(sentence=labelled.sentences.first(), annotator=alice, label=labels["other"])
    report, _ = report_with_cached_intervals(project=project, filters=EVERYTHING)
    assert report == agreement_report(project=project)


def test_each_filter_has_its_own_cached_report(labelled):
    project = labelled.project
    unlabelled = Article.objects.create(project=project, external_id="b", text="x", segmenter="m")
    report_with_cached_intervals(project=project, filters=EVERYTHING)
    only = AgreementFilters(article=unlabelled.pk)
    report, _ = report_with_cached_intervals(project=project, filters=only)
    assert report["units"]["labelled"] == 0


def test_an_interval_over_sentences_is_never_served_for_articles(labelled):
    project = labelled.project
    compute_intervals_for(
        project_id=project.pk, filters=EVERYTHING, resamples=50, seed=0, resample="sentences"
    )
    report, _ = report_with_cached_intervals(project=project, filters=EVERYTHING, resamples=50)
    assert report["bootstrap"]["unit"] == "article"


def test_the_cache_keys_name_what_is_resampled(labelled):
    keys = {
        keys_for(
            project=labelled.project, filters=EVERYTHING, resamples=50, seed=0, resample=resample
        ).interval
        for resample in ("articles", "sentences")
    }
    assert len(keys) == 2
