"""Export options select annotations and sentences; dataset_info describes the export."""

import io
import json
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from django.utils import timezone

from claims.datasets.export import dataset_info, export_dataset
from claims.datasets.options import DatasetError, ExportOptions, parse_options
from claims.models import Annotation
from claims.segmentation import SEGMENTER_NAME


def sentences(data: bytes) -> list[tuple[str, int, list[str], str | None]]:
    """(article id, sentence index, annotators, gold) of each exported sentence."""
    return [
        (article["id"], s["index"], [a["annotator"] for a in s["annotations"]], s["gold"])
        for article in map(json.loads, data.decode().splitlines())
        for s in article["sentences"]
    ]


def test_gold_only_keeps_sentences_with_gold_and_their_annotations(exported):
    assert sentences(exported("jsonl", gold_only=True)) == [
        ("drones", 1, ["alice", "bob"], "attribution"),
        ("drones", 2, ["alice", "bob"], "opinion"),
    ]


def test_min_annotations_keeps_sentences_labelled_that_often(exported):
    indexes = [index for _, index, _, _ in sentences(exported("jsonl", min_annotations=1))]
    assert indexes == [0, 1, 2]


def test_sentence_filters_leave_out_articles_without_sentences(exported):
    frame = pd.read_json(io.BytesIO(exported("jsonl", min_annotations=1)), lines=True)
    assert list(frame["id"]) == ["drones"]


def test_annotator_option_keeps_only_their_labels(exported):
    frame = pd.read_csv(io.BytesIO(exported("csv", annotator="bob")))
    assert set(frame["annotator"].dropna()) == {"bob"}


def test_annotator_option_with_min_annotations_keeps_their_labelled_sentences(exported):
    assert [s[1] for s in sentences(exported("jsonl", annotator="bob", min_annotations=1))] == [
        1,
        2,
    ]


def test_date_range_selects_annotations_by_their_update_time(labelled, exported, alice):
    earlier = timezone.now() - timedelta(days=10)
    Annotation.objects.filter(annotator=alice).update(created_at=earlier)
    since = earlier + timedelta(days=1)
    frame = pd.read_csv(io.BytesIO(exported("csv", since=since, min_annotations=1)))
    assert set(frame[~frame.is_gold]["annotator"]) == {"bob"}


def test_until_is_exclusive(labelled, exported):
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    Annotation.objects.update(created_at=moment)
    assert exported("csv", until=moment, min_annotations=1).decode().count("\n") == 1


def test_unknown_annotator_is_refused(labelled):
    with pytest.raises(DatasetError, match="annotator 'zoe' has no part in project 'iraq'"):
        export_dataset(project=labelled, format="csv", options=ExportOptions(annotator="zoe"))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_annotations": -1}, "min_annotations must be a whole number"),
        ({"since": datetime(2024, 1, 1)}, "since must be a date and time with a time zone"),
        (
            {"since": datetime(2024, 2, 1, tzinfo=UTC), "until": datetime(2024, 1, 1, tzinfo=UTC)},
            "since must be before until",
        ),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(DatasetError, match=message):
        ExportOptions(**options)


def test_a_date_alone_as_until_includes_that_day():
    options = parse_options(since="2024-05-01", until="2024-05-31")
    assert options.until - options.since == timedelta(days=31)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"min_annotations": "two"}, "min_annotations must be a whole number >= 0, not 'two'"),
        ({"gold_only": "maybe"}, "gold_only must be true or false"),
        ({"since": "May 1st"}, "since must be a date"),
    ],
)
def test_options_from_text_name_the_bad_one(given, message):
    with pytest.raises(DatasetError, match=message):
        parse_options(**given)


def test_options_from_text_read_checkboxes_and_blanks():
    parsed = parse_options(gold_only="on", min_annotations="", annotator=" ", since="")
    assert parsed == ExportOptions(gold_only=True)


def test_dataset_info_names_project_scheme_and_segmenters(labelled):
    info = dataset_info(project=labelled, options=ExportOptions())
    described = (info["project"]["slug"], [label["key"] for label in info["labels"]])
    assert (described, info["segmenters"], info["segmenter"]) == (
        ("iraq", ["claim", "attribution", "opinion", "other"]),
        sorted(["manual", SEGMENTER_NAME]),
        SEGMENTER_NAME,
    )


def test_dataset_info_labels_carry_their_definitions(labelled):
    label = dataset_info(project=labelled, options=ExportOptions())["labels"][0]
    assert label["description"].startswith("A checkable statement") and label["example"]


def test_dataset_info_counts_what_the_export_holds(labelled):
    info = dataset_info(project=labelled, options=ExportOptions(gold_only=True))
    assert info["counts"] == {
        "articles": 1,
        "sentences": 2,
        "annotations": 4,
        "gold_labels": 2,
        "annotators": 2,
    }


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"gold_only": True},
        {"min_annotations": 2},
        {"annotator": "alice"},
        {"annotator": "bob", "min_annotations": 1},
    ],
)
def test_dataset_info_counts_agree_with_the_file(labelled, exported, options):
    counts = dataset_info(project=labelled, options=ExportOptions(**options))["counts"]
    articles = [json.loads(line) for line in exported("jsonl", **options).splitlines()]
    found = sentences(exported("jsonl", **options))
    assert (counts["articles"], counts["sentences"], counts["annotations"]) == (
        len(articles),
        len(found),
        sum(len(annotators) for _, _, annotators, _ in found),
    )


def test_dataset_info_records_options_format_and_export_time(labelled):
    info = dataset_info(project=labelled, options=ExportOptions(min_annotations=2), format="csv")
    exported_at = datetime.fromisoformat(info["exported_at"])
    assert (info["options"]["min_annotations"], info["format"], exported_at.tzinfo) == (
        2,
        "csv",
        UTC,
    )
