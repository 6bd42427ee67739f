import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Iraq’s army left.\r\n“We stay,” he said. Déjà vu.\n\n\xa0SHARE THIS ARTICLE\xa0"
NORMALISED = TEXT.replace("\r\n", "\n")
EXPECTED = [
    {"index": 0, "start": 0, "end": 17, "text": "Iraq’s army left."},
    {"index": 1, "start": 18, "end": 37, "text": "“We stay,” he said."},
    {"index": 2, "start": 38, "end": 46, "text": "Déjà vu."},
    {"index": 3, "start": 49, "end": 67, "text": "SHARE THIS ARTICLE"},
]


def segment(text: str) -> list[dict]:
    stdout = StringIO()
    call_command("segment", stdin=StringIO(text), stdout=stdout)
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def run_segment(data: bytes) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "manage.py", "segment"]
    return subprocess.run(command, input=data, capture_output=True, cwd=ROOT, check=False)


def test_prints_one_object_per_sentence_with_code_point_offsets():
    assert segment(TEXT) == EXPECTED


def test_offsets_index_the_input_with_newlines_normalised():
    assert all(NORMALISED[row["start"] : row["end"]] == row["text"] for row in segment(TEXT))


def test_blank_input_prints_nothing():
    assert segment(" \n\xa0\n") == []


def test_reads_utf8_bytes_on_stdin():
    result = run_segment(TEXT.encode("utf-8"))
    assert [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()] == EXPECTED


def test_drops_a_byte_order_mark():
    result = run_segment("\ufeffHello.".encode())
    assert json.loads(result.stdout) == {"index": 0, "start": 0, "end": 6, "text": "Hello."}


def test_refuses_input_that_is_not_utf8():
    result = run_segment("Déjà vu.".encode("latin-1"))
    assert result.returncode == 1 and b"stdin is not UTF-8" in result.stderr
