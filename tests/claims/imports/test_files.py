"""Reading .txt, .jsonl and .csv files into records, and refusing bad ones, without a database."""

import io
from datetime import UTC, datetime

import pytest

from claims.imports.errors import ArticleFormatError
from claims.imports.files import read_article_file
from claims.imports.records import MAX_RECORD_BYTES, MAX_TEXT_CHARS


def read(name: str, content: bytes | str):
    data = content.encode() if isinstance(content, str) else content
    return read_article_file(name=name, file=io.BytesIO(data))


def refusal(name: str, content: bytes | str) -> ArticleFormatError:
    with pytest.raises(ArticleFormatError) as caught:
        read(name, content)
    return caught.value


def test_txt_title_without_a_headline_is_the_first_non_empty_line():
    [record] = read("drones.txt", "\n\n  News   /   Iraq \nDrones swarm skies.\n")
    assert record.title == "News / Iraq"


def test_txt_text_is_the_whole_file_and_the_id_its_name():
    [record] = read("data/drones.txt", "Headline\n\nBody.\n")
    assert (record.external_id, record.text) == ("drones", "Headline\n\nBody.\n")


def test_newlines_are_normalised_and_everything_else_is_kept():
    [record] = read("a.txt", "\ufeffTitle\r\nOld\rMac\r\n\u201cQuote\u201d\u00a0here\r\n".encode())
    assert record.text == "Title\nOld\nMac\n\u201cQuote\u201d\u00a0here\n"


def test_jsonl_reads_one_article_per_line_and_skips_blank_lines():
    records = read("a.jsonl", '{"id": "a", "text": "One."}\n\n{"id": 7, "text": "Two."}\n')
    assert [(r.external_id, r.line) for r in records] == [("a", 1), ("7", 3)]


def test_jsonl_reads_every_known_field():
    line = (
        '{"id": "a", "text": "T.", "title": "H", "outlet": "O", "url": "https://x.org/a",'
        ' "author": "W", "published_at": "2024-05-31T14:05Z", "meta": {"lang": "en"}}'
    )
    [r] = read("a.jsonl", line)
    assert (r.title, r.outlet, r.url, r.author, r.metadata) == (
        "H", "O", "https://x.org/a", "W", {"lang": "en"}
    )  # fmt: skip


def test_a_date_without_time_zone_is_taken_as_utc():
    [record] = read("a.jsonl", '{"text": "T.", "published_at": "2024-05-31"}')
    assert record.published_at == datetime(2024, 5, 31, tzinfo=UTC)


def test_unknown_fields_are_kept_in_metadata():
    [record] = read("a.jsonl", '{"text": "T.", "section": "world", "metadata": {"lang": "en"}}')
    assert record.metadata == {"lang": "en", "section": "world"}


def test_without_an_id_the_id_is_a_hash_of_the_text():
    first, second = read("a.jsonl", '{"text": "Same."}\n{"text": "Same.", "id": ""}\n')
    assert first.external_id == second.external_id and first.external_id.startswith("sha256-")


def test_csv_reads_a_header_and_rows_with_quoted_newlines():
    records = read("a.csv", 'Text,id,section\n"Line one.\r\nLine two.",a,world\nMore.,b,\n')
    assert [(r.text, r.line, r.metadata) for r in records] == [
        ("Line one.\nLine two.", 2, {"section": "world"}),
        ("More.", 4, {}),
    ]


def test_csv_accepts_semicolons_and_a_json_metadata_cell():
    [record] = read("a.csv", 'text;metadata\nT.;"{""lang"": ""en""}"\n;\n')
    assert record.metadata == {"lang": "en"}


def test_error_reads_file_line_and_field():
    error = refusal("articles.jsonl", '{"text": "ok"}\n' * 16 + '{"text": ""}\n')
    assert (str(error), error.path, error.line, error.field) == (
        "articles.jsonl line 17: field 'text' is empty", "articles.jsonl", 17, "text"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.xml", "<a/>", "a.xml: cannot import .xml files; use .txt, .jsonl or .csv"),
        ("a.txt", "", "a.txt: the file is empty"),
        ("a.txt", " \n\n", "a.txt: the file is empty"),
        ("a.jsonl", "\n\n", "a.jsonl: the file is empty"),
        ("a.csv", "", "a.csv: the file is empty"),
        ("a.csv", "text\n", "a.csv: the file is empty"),
        ("a.txt", "a\x00b", "a.txt: field 'text' contains a NUL character (at character 1)"),
        ("a.jsonl", '{"text": "a"}\n{"text": \n', "a.jsonl line 2: not valid JSON: Expecting"),
    ],
)
def test_bad_files_are_refused_naming_where(name, content, message):
    assert str(refusal(name, content)).startswith(message)


def test_non_utf8_input_is_refused_with_the_byte_offset():
    error = refusal("a.txt", "Title\r\nCaf\u00e9\n".encode("cp1252"))
    assert (
        str(error)
        == "a.txt line 2: the file is not UTF-8 (byte 0xe9 at offset 10); save it as UTF-8"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('["a"]', "expected a JSON object, found an array"),
        ('{"id": "a"}', "field 'text' is missing"),
        ('{"text": 5}', "field 'text' must be a string, not a number"),
        ('{"text": "a\\u0000b"}', "field 'text' contains a NUL character (at character 1)"),
        ('{"text": "a\\ud800"}', "field 'text' contains a lone surrogate U+D800"),
        ('{"text": "a", "meta": {"x": NaN}}', "not valid JSON: NaN is not a JSON value"),
        ('{"text": "a", "meta": ["x"]}', "field 'meta' must be an object, not an array"),
        ('{"text": "a", "meta": {"k": ["\\u0000"]}}', "field 'meta.k' contains a NUL character"),
        ('{"text": "a", "x": 1, "meta": {"x": 2}}', "field 'x' is also a key of 'meta'"),
        ('{"text": "a", "id": 1, "external_id": 1}', "field 'external_id' repeats field 'id'"),
        ('{"text": "a", "published_at": "5/31/24"}', "field 'published_at' is not an ISO 8601"),
        ('{"text": "a", "published_at": 1717171717}', "field 'published_at' must be a date"),
        ('{"text": "a", "url": "www.x"}', "field 'url' is not a URL: 'www.x'"),
        ('{"text": "a", "id": "' + "x" * 201 + '"}', "field 'id' is 201 characters; the limit"),
    ],
)
def test_bad_jsonl_records_are_refused_naming_line_and_field(line, message):
    assert str(refusal("a.jsonl", line)).startswith(f"a.jsonl line 1: {message}")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title,body\nA,B\n", "line 1: the header row has no 'text' column"),
        ("text,Title,title\na,b,c\n", "line 1: column 'title' appears twice in the header"),
        ("text,title\na,b,c\n", "line 2: the row has 3 cells but the header has 2 columns"),
        ("text,\na,b\n", "line 2: column 2 has a value but no name in the header"),
        ('text\n"a"b\n', "line 2: not valid CSV"),
        ("text,meta\na,{x}\n", "line 2: field 'meta' is not valid JSON"),
        ('text,title\n"a\nb",x\n"",y\n', "line 4: field 'text' is empty"),
    ],
)
def test_bad_csv_is_refused_naming_the_line_a_row_starts_on(content, message):
    assert str(refusal("a.csv", content)).startswith(f"a.csv {message}")


def test_text_longer_than_the_limit_is_refused_with_its_length():
    error = refusal("a.txt", "a" * (MAX_TEXT_CHARS + 1))
    assert str(error) == "a.txt: field 'text' is 1,000,001 characters; the limit is 1,000,000"


def test_a_line_larger_than_a_record_may_be_is_refused_without_reading_on():
    file = io.BytesIO(b'{"text": "' + b"a" * 50 * 2**20 + b'"}\n')
    with pytest.raises(ArticleFormatError, match="line 1: the line is larger than 16 MiB"):
        read_article_file(name="a.jsonl", file=file)
    assert file.tell() == MAX_RECORD_BYTES + 1


def test_a_txt_file_larger_than_a_record_may_be_is_refused():
    error = refusal("a.txt", b"word\n" * (MAX_RECORD_BYTES // 5 + 1))
    assert str(error).startswith("a.txt: the file is larger than 16 MiB")


def test_an_unclosed_csv_quote_is_refused_at_the_line_it_opens():
    error = refusal("a.csv", b'text\nok\n"open\n' + b"more\n" * (MAX_RECORD_BYTES // 5 + 1))
    assert str(error).startswith("a.csv line 3: the row is larger than 16 MiB")
