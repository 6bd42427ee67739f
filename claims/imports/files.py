"""Reading article files (.txt, .jsonl, .csv) into validated records; no database.

Every reader decodes UTF-8 strictly (a leading byte order mark is dropped), takes \\r\\n and a
lone \\r as line ends, and holds at most MAX_RECORD_BYTES of one record, so a file without
line breaks cannot exhaust memory. Line numbers are physical lines counted from 1, as an
editor shows them; a .csv row is reported by the line it starts on (the header is line 1).
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath
from typing import BinaryIO

from claims.imports.errors import ArticleFormatError, describe_json_type
from claims.imports.records import MAX_RECORD_BYTES, ArticleRecord, make_record
from claims.imports.titles import guess_title, title_at
from claims.models import Article

_BOM = b"\xef\xbb\xbf"
_TOO_LARGE = f"is larger than {MAX_RECORD_BYTES // 2**20} MiB, the most one article may take"
_CSV_FIELDS = {"text", "id", "external_id", "title", "outlet", "url", "author"}
_CSV_FIELDS |= {"published_at", "metadata", "meta"}


def read_article_file(
    *, name: str, file: BinaryIO, title_line: int | None = None
) -> list[ArticleRecord]:
    """Every article in one file, as a list: iter_article_file read to the end."""
    return list(iter_article_file(name=name, file=file, title_line=title_line))


def iter_article_file(
    *, name: str, file: BinaryIO, title_line: int | None = None
) -> Iterator[ArticleRecord]:
    """Yield the articles of one file as they are read, choosing the format by `name`'s
    extension; a record is read (and checked) only when the one before it has been taken.

    .txt: one article; the whole file is its text, line `title_line` (from 1) its title,
    or without one the line that looks like its headline (titles.guess_title), and the
    file name without extension its id. .jsonl: one JSON object per line (fields as in
    make_record); blank lines are skipped. .csv: a header row naming at least a `text`
    column (comma, semicolon or tab separated), then one article per row; empty cells
    count as absent, a `metadata` cell holds a JSON object, other columns go to metadata.
    Raises ArticleFormatError for another extension (before reading), an empty file (at
    its end) or a bad record (when it is reached).
    """
    readers: dict[str, Callable[[str, BinaryIO], Iterator[ArticleRecord]]] = {
        ".txt": lambda name, file: _read_txt(name, file, title_line=title_line),
        ".jsonl": _read_jsonl,
        ".csv": _read_csv,
    }
    suffix = PurePath(name).suffix.lower()
    if suffix not in readers:
        kind = f"{suffix} files" if suffix else "files without an extension"
        raise ArticleFormatError(f"cannot import {kind}; use .txt, .jsonl or .csv", path=name)
    return _not_empty(name, readers[suffix](name, file))


def _not_empty(name: str, records: Iterator[ArticleRecord]) -> Iterator[ArticleRecord]:
    is_empty = True
    for record in records:
        is_empty = False
        yield record
    if is_empty:
        raise ArticleFormatError("the file is empty; there is no article in it", path=name)


def _lines(name: str, file: BinaryIO) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) with its ending, if any, normalised to "\\n"."""
    number, offset = 0, 0
    while raw := file.readline(MAX_RECORD_BYTES + 1):
        if len(raw) > MAX_RECORD_BYTES:
            raise ArticleFormatError(f"the line {_TOO_LARGE}", path=name, line=number + 1)
        if offset == 0 and raw.startswith(_BOM):
            raw, offset = raw[len(_BOM) :], len(_BOM)
        # readline splits at \n only; splitlines also splits at a lone \r (old Mac files).
        for piece in raw.splitlines(keepends=True):
            number += 1
            try:
                line = piece.decode()
            except UnicodeDecodeError as error:
                at = offset + error.start
                problem = f"is not UTF-8 (byte 0x{piece[error.start]:02x} at offset {at:,})"
                raise ArticleFormatError(
                    f"the file {problem}; save it as UTF-8", path=name, line=number
                ) from None
            offset += len(piece)
            yield number, _normalise_ending(line)


def _normalise_ending(line: str) -> str:
    if line.endswith("\r\n"):
        return line[:-2] + "\n"
    return line[:-1] + "\n" if line.endswith("\r") else line


def _read_txt(name: str, file: BinaryIO, *, title_line: int | None) -> Iterator[ArticleRecord]:
    parts, size = [], 0
    for _, line in _lines(name, file):
        size += len(line)
        if size > MAX_RECORD_BYTES:
            raise ArticleFormatError(f"the file {_TOO_LARGE}", path=name)
        parts.append(line)
    text = "".join(parts)
    if not text.strip():
        return
    fields = {"text": text, "id": PurePath(name).stem, "title": _title_of(text, title_line, name)}
    yield make_record(fields, path=name)


def _title_of(text: str, line: int | None, name: str) -> str:
    """The title line asked for, or the guessed headline, cut to fit the column."""
    try:
        title = guess_title(text) if line is None else title_at(text, line=line)
    except ValueError as error:
        problem = f"cannot take the title from line {line}: {error}"
        raise ArticleFormatError(problem, path=name, field="title") from None
    limit = Article._meta.get_field("title").max_length or len(title)
    return title if len(title) <= limit else title[: limit - 1] + "\u2026"


def _read_jsonl(name: str, file: BinaryIO) -> Iterator[ArticleRecord]:
    for number, line in _lines(name, file):
        if line.strip():
            yield make_record(_json_object(line, path=name, line=number), path=name, line=number)


def _json_object(text: str, *, path: str, line: int) -> dict[str, object]:
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        problem = f"not valid JSON: {error.msg} (column {error.colno})"
        raise ArticleFormatError(problem, path=path, line=line) from None
    except ValueError as error:
        raise ArticleFormatError(f"not valid JSON: {error}", path=path, line=line) from None
    except RecursionError:
        raise ArticleFormatError("the JSON is nested too deeply", path=path, line=line) from None
    if not isinstance(value, dict):
        found = describe_json_type(value)
        raise ArticleFormatError(f"expected a JSON object, found {found}", path=path, line=line)
    return value


def _refuse_constant(constant: str) -> float:
    # Python's json accepts NaN and Infinity; JSON, and PostgreSQL's jsonb, do not.
    raise ValueError(f"{constant} is not a JSON value")


def _read_csv(name: str, file: BinaryIO) -> Iterator[ArticleRecord]:
    lines = _lines(name, file)
    first = next(lines, None)
    if first is None:
        return
    # Spreadsheets in many locales save with semicolons; the header shows which it is.
    delimiter = max(",;\t", key=first[1].count)
    rows = _csv_rows(name, itertools.chain([first], lines), delimiter=delimiter)
    _, header = next(rows)
    columns = _columns(name, header)
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets leave rows of empty cells at the end
        fields = _csv_fields(columns, cells, path=name, line=line)
        yield make_record(fields, path=name, line=line)


def _csv_rows(
    name: str, lines: Iterable[tuple[int, str]], *, delimiter: str
) -> Iterator[tuple[int, list[str]]]:
    """Yield (line the row starts on, cells); a quoted cell may span lines."""
    start, size = 1, 0

    def feed() -> Iterator[str]:
        nonlocal size
        for _, line in lines:
            size += len(line)
            if size > MAX_RECORD_BYTES:  # an unclosed quote can swallow the rest of a file
                raise ArticleFormatError(f"the row {_TOO_LARGE}", path=name, line=start)
            yield line

    # The csv module's own cap on a cell (128 KiB by default) is below a long article, and
    # the cap is process-wide; raising it is harmless, as feed() bounds every row anyway.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES + 1))
    rows = csv.reader(feed(), delimiter=delimiter, strict=True)
    while True:
        start, size = rows.line_num + 1, 0
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            raise ArticleFormatError(f"not valid CSV: {error}", path=name, line=start) from None
        yield start, cells


def _columns(name: str, header: list[str]) -> list[str]:
    columns = [cell.strip() for cell in header]
    columns = [column.lower() if column.lower() in _CSV_FIELDS else column for column in columns]
    if "text" not in columns:
        raise ArticleFormatError(
            "the header row has no 'text' column", path=name, line=1, field="text"
        )
    for column in set(columns) - {""}:
        if columns.count(column) > 1:
            raise ArticleFormatError(
                f"column '{column}' appears twice in the header", path=name, line=1, field=column
            )
    return columns


def _csv_fields(columns: list[str], cells: list[str], *, path: str, line: int) -> dict[str, object]:
    if len(cells) != len(columns):
        # Usually an unquoted separator inside a cell; guessing would shift every field.
        problem = f"the row has {len(cells)} cells but the header has {len(columns)} columns"
        raise ArticleFormatError(problem, path=path, line=line)
    fields: dict[str, object] = {}
    for number, (column, cell) in enumerate(zip(columns, cells, strict=True), start=1):
        if not column and cell.strip():
            problem = f"column {number} has a value but no name in the header"
            raise ArticleFormatError(problem, path=path, line=line)
        if column == "text" or (column and cell.strip()):
            fields[column] = cell
    for column in ("metadata", "meta"):
        if column in fields:
            fields[column] = _json_cell(fields[column], path=path, line=line, field=column)
    return fields


def _json_cell(cell: object, *, path: str, line: int, field: str) -> object:
    try:
        return json.loads(str(cell), parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        problem = f"field '{field}' is not valid JSON"
        raise ArticleFormatError(problem, path=path, line=line, field=field) from None
