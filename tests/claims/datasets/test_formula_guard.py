"""CSV cells that a spreadsheet would run as formulas are neutralised; other formats keep
every value as it is."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from claims.datasets.export import dataset_info, export_dataset
from claims.datasets.formats import encode_csv
from claims.datasets.options import ExportOptions
from claims.datasets.rows import DatasetArticle, DatasetSentence
from claims.imports.articles import import_article

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.fixture
def formula_project(project):
    # One sentence per article: a text that is only the formula is one sentence.
    for number, text in enumerate(FORMULAS):
        import_article(project=project, external_id=f"f{number}", text=text)
    return project


def _export(project, format: str) -> bytes:
    return b"".join(export_dataset(project=project, format=format))


def test_csv_cells_starting_like_a_formula_start_with_an_apostrophe(formula_project):
    rows = list(csv.DictReader(io.StringIO(_export(formula_project, "csv").decode())))
    assert all(row["text"].startswith("'") for row in rows)


def test_csv_keeps_the_rest_of_the_cell(formula_project):
    rows = list(csv.DictReader(io.StringIO(_export(formula_project, "csv").decode())))
    assert sorted(row["text"][1:] for row in rows) == sorted(FORMULAS)


def test_jsonl_keeps_formulas_as_they_are(formula_project):
    lines = [json.loads(line) for line in _export(formula_project, "jsonl").splitlines()]
    assert not any(line["sentences"][0]["text"].startswith("'") for line in lines)


def test_parquet_keeps_formulas_as_they_are(formula_project):
    table = pq.read_table(io.BytesIO(_export(formula_project, "parquet")))
    assert not any(text.startswith("'") for text in table.column("text").to_pylist())


def test_dataset_info_of_a_csv_file_says_what_was_neutralised(formula_project):
    info = dataset_info(project=formula_project, options=ExportOptions(), format="csv")
    assert "formula" in info["formula_guard"]


@pytest.mark.parametrize("start", ["\t", "\r"])
def test_csv_cells_starting_with_a_tab_or_return_start_with_an_apostrophe(start):
    # Segmented sentences never start with white space; given sentences may.
    text = f"{start}Cell."
    article = DatasetArticle(
        "a", "", "", "", "", None, text, {}, "given", (DatasetSentence(0, 0, len(text), ()),)
    )
    rows = list(csv.reader(io.StringIO(b"".join(encode_csv([[article]])).decode())))
    assert rows[1][4] == "'" + text
