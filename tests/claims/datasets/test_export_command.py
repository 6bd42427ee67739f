import io
import json

import pandas as pd
import pytest
from django.core.management import CommandError, call_command


def test_writes_the_file_and_its_dataset_info_beside_it(exported, tmp_path):
    call_command("export_dataset", "iraq", "--format", "csv", "-o", str(tmp_path / "iraq.csv"))
    info = json.loads((tmp_path / "iraq.csv.dataset_info.json").read_text())
    assert (info["format"], info["counts"]["annotations"]) == ("csv", 5)


def test_the_file_loads_in_pandas(exported, tmp_path):
    path = tmp_path / "iraq.parquet"
    call_command("export_dataset", "iraq", "--format", "parquet", "-o", str(path))
    assert len(pd.read_parquet(path)) == 9


def test_prints_what_it_wrote(exported, tmp_path, capsys):
    call_command("export_dataset", "iraq", "--format", "jsonl", "-o", str(tmp_path / "a.jsonl"))
    assert capsys.readouterr().out.startswith("Wrote 2 articles, 6 sentences and 5 annotations")


def test_without_output_the_file_goes_to_standard_output(exported, capsysbinary):
    call_command("export_dataset", "iraq", "--format", "jsonl")
    assert capsysbinary.readouterr().out == exported("jsonl")


def test_options_reach_the_export(exported, capsysbinary):
    call_command("export_dataset", "iraq", "--format", "csv", "--gold-only", "--annotator", "bob")
    frame = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out))
    frame = frame[~frame.is_gold]  # the gold attribution's row, whoever annotated
    assert list(frame["label"]) == ["attribution", "claim"]


def test_date_options_are_parsed(exported, capsysbinary):
    call_command(
        "export_dataset",
        "iraq",
        "--format",
        "csv",
        "--until",
        "2000-01-01",
        "--min-annotations",
        "1",
    )
    assert capsysbinary.readouterr().out.decode().count("\n") == 1  # the header alone


def test_an_unknown_project_is_a_command_error(db):
    with pytest.raises(CommandError, match="no project with slug 'nowhere'"):
        call_command("export_dataset", "nowhere", "--format", "csv")


def test_bad_options_are_a_command_error(exported):
    with pytest.raises(CommandError, match="min_annotations must be a whole number"):
        call_command("export_dataset", "iraq", "--format", "csv", "--min-annotations", "-2")


def test_an_unknown_annotator_leaves_no_file_behind(exported, tmp_path):
    with pytest.raises(CommandError, match="annotator 'zoe'"):
        call_command(
            "export_dataset",
            "iraq",
            "--format",
            "csv",
            "--annotator",
            "zoe",
            "-o",
            str(tmp_path / "zoe.csv"),
        )
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_format_is_a_command_error(exported):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        call_command("export_dataset", "iraq", "--format", "xml")
