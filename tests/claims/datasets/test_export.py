"""Each dataset format loads in pandas (and Hugging Face datasets) with the right shape."""

import io
import json
from datetime import UTC, datetime

import datasets
import pandas as pd
import pyarrow.parquet as pq
import pytest

from claims.datasets.export import content_type_for, export_dataset, filename_for
from claims.datasets.formats import PARQUET_TYPES
from claims.datasets.options import DatasetError
from claims.datasets.rows import TABLE_COLUMNS
from claims.models import Annotation


def lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines()]


def test_jsonl_loads_in_pandas_one_row_per_article(exported):
    frame = pd.read_json(io.BytesIO(exported("jsonl")), lines=True)
    assert list(frame["id"]) == ["drones", "quiet"]


def test_jsonl_articles_have_the_documented_fields(exported):
    fields = ["id", "title", "outlet", "url", "author", "published_at", "text", "meta"]
    assert list(lines(exported("jsonl"))[1]) == [*fields, "segmenter", "sentences"]


def test_jsonl_sentence_text_is_the_slice_of_the_article_text(exported):
    article = lines(exported("jsonl"))[0]
    sentence = article["sentences"][1]
    assert sentence["text"] == article["text"][sentence["start"] : sentence["end"]]


def test_jsonl_lists_current_labels_by_annotator_with_gold(exported):
    sentence = lines(exported("jsonl"))[0]["sentences"][2]
    labels = [(a["annotator"], a["label"]) for a in sentence["annotations"]]
    gold = (sentence["gold"], sentence["gold_method"], sentence["gold_reviewer"])
    assert (labels, gold) == (
        [("alice", "opinion"), ("bob", "claim")],
        ("opinion", "adjudicated", "rita"),
    )


def test_jsonl_cleared_label_is_not_an_annotation(exported):
    sentence = lines(exported("jsonl"))[0]["sentences"][0]
    assert [a["annotator"] for a in sentence["annotations"]] == ["alice"]


def test_jsonl_annotation_carries_attributions_seconds_and_time(exported):
    annotations = lines(exported("jsonl"))[0]["sentences"][1]["annotations"]
    alice, bob = annotations
    assert (alice["attributions"], alice["seconds"], alice["updated_at"][:2]) == (
        [
            {
                "source": {"start": 73, "end": 81, "text": "a report"},
                "cue": None,
                "kind": "news_media",
                "entity": "E1",
                "via": None,
                "embedded": False,
            }
        ],
        3.5,
        "20",
    )
    assert bob["attributions"][0]["source"] is None


def test_table_rows_carry_the_attribution_columns_in_pandas(exported):
    for frame in (
        pd.read_csv(io.BytesIO(exported("csv"))),
        pd.read_parquet(io.BytesIO(exported("parquet"))),
    ):
        rows = frame[(frame.sentence_index == 1) & ~frame.is_gold.astype(bool)]
        alice = rows[rows.annotator == "alice"].iloc[0]
        assert (alice.source_start, alice.source_end, alice.source_text) == (73, 81, "a report")
        assert (alice.source_kind, alice.entity, alice.attribution) == ("news_media", "E1", 0)
        assert pd.isna(rows[rows.annotator == "bob"].iloc[0].source_start)
        assert frame.is_gold.dtype == bool


def test_csv_loads_in_pandas_with_the_tidy_columns(exported):
    frame = pd.read_csv(io.BytesIO(exported("csv")))
    assert list(frame.columns) == list(TABLE_COLUMNS)


def test_csv_has_one_row_per_sentence_and_annotation(exported):
    frame = pd.read_csv(io.BytesIO(exported("csv")))
    # drones: 1 + 2 (+ 1 for its gold attribution) + 2 + 1 (unlabelled), quiet: 2 unlabelled
    assert len(frame) == 9
    assert frame.is_gold.sum() == 1


def test_csv_sentence_without_annotations_is_one_row_with_empty_annotator(exported):
    frame = pd.read_csv(io.BytesIO(exported("csv")))
    row = frame[(frame.article_id == "drones") & (frame.sentence_index == 3)]
    assert row[["annotator", "label", "gold"]].isna().all(axis=None) and len(row) == 1


def test_csv_update_times_parse_in_pandas_even_on_whole_seconds(labelled, exported, alice):
    Annotation.objects.filter(annotator=alice).update(created_at=datetime(2024, 5, 1, tzinfo=UTC))
    frame = pd.read_csv(io.BytesIO(exported("csv")))
    assert pd.to_datetime(frame["updated_at"]).notna().sum() == 5


def values(frame: pd.DataFrame) -> list[list]:
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def test_csv_and_parquet_hold_the_same_rows(exported):
    csv = pd.read_csv(io.BytesIO(exported("csv")))
    csv["updated_at"] = pd.to_datetime(csv["updated_at"])
    assert values(csv) == values(pd.read_parquet(io.BytesIO(exported("parquet"))))


def test_parquet_loads_in_pandas_with_typed_columns(exported):
    frame = pd.read_parquet(io.BytesIO(exported("parquet")))
    types = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert (types["sentence_index"], types["start"], types["updated_at"]) == (
        "int32",
        "int32",
        "datetime64[us, UTC]",
    )


def test_parquet_columns_have_the_documented_types_in_table_order(exported):
    schema = pq.read_schema(io.BytesIO(exported("parquet")))
    assert [(field.name, str(field.type)) for field in schema] == list(PARQUET_TYPES.items())


def test_parquet_schema_carries_the_dataset_info(exported):
    schema = pq.read_schema(io.BytesIO(exported("parquet")))
    info = json.loads(schema.metadata[b"dataset_info"])
    assert (info["project"]["slug"], info["counts"]["annotations"]) == ("iraq", 5)


def test_parquet_writes_one_row_group_per_chunk_of_articles(exported, monkeypatch):
    monkeypatch.setattr("claims.datasets.loading.ARTICLES_PER_CHUNK", 1)
    assert pq.ParquetFile(io.BytesIO(exported("parquet"))).num_row_groups == 2


def test_parquet_loads_with_hugging_face_datasets(exported, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    path = tmp_path / "iraq.parquet"
    path.write_bytes(exported("parquet"))
    loaded = datasets.load_dataset(
        "parquet", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache")
    )
    assert loaded.num_rows == 9


def test_empty_project_exports_a_parquet_file_with_the_columns(project):
    data = b"".join(export_dataset(project=project, format="parquet"))
    assert list(pd.read_parquet(io.BytesIO(data)).columns) == list(TABLE_COLUMNS)


def test_empty_project_exports_the_csv_header_alone(project):
    data = b"".join(export_dataset(project=project, format="csv"))
    assert data.decode().splitlines() == [",".join(TABLE_COLUMNS)]


def test_unknown_format_is_refused_before_anything_is_read(project):
    with pytest.raises(DatasetError, match="unknown format 'xml'"):
        export_dataset(project=project, format="xml")


@pytest.mark.parametrize(
    ("format", "content_type"),
    [
        ("jsonl", "application/jsonl; charset=utf-8"),
        ("csv", "text/csv; charset=utf-8"),
        ("parquet", "application/vnd.apache.parquet"),
    ],
)
def test_content_type_names_the_format(format, content_type):
    assert content_type_for(format) == content_type


def test_file_name_is_the_slug_and_date_with_the_format_as_extension(project):
    assert filename_for(project, "csv").startswith("iraq-") and filename_for(
        project, "csv"
    ).endswith(".csv")


def test_automatic_gold_carries_the_earliest_agreeing_annotations_attributions(exported):
    sentence = lines(exported("jsonl"))[0]["sentences"][1]
    assert (sentence["gold"], sentence["gold_method"]) == ("attribution", "unanimous")
    assert [a["entity"] for a in sentence["gold_attributions"]] == ["E1"]  # alice's
