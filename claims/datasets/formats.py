"""Encoding chunks of exported articles as JSON Lines, CSV or Parquet bytes, as they come.

Each encoder takes an iterator of article chunks and yields the file's bytes chunk by
chunk, so only one chunk of articles is ever held; nothing here reads the database.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Buffer, Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import batched
from types import ModuleType
from typing import Any

from claims.datasets.rows import (
    ATTRIBUTION_COLUMNS,
    TABLE_COLUMNS,
    DatasetArticle,
    article_document,
    iso_time,
    table_rows,
)

type Chunks = Iterable[Sequence[DatasetArticle]]

# Column types of Parquet files, as pyarrow names them. Offsets fit int32: an article has
# at most a million characters (MAX_TEXT_CHARS).
PARQUET_TYPES = {
    "article_id": "string",
    "sentence_index": "int32",
    "start": "int32",
    "end": "int32",
    "text": "string",
    "annotator": "string",
    "label": "string",
    "gold": "string",
    "updated_at": "timestamp[us, tz=UTC]",
    "is_gold": "bool",
    "attribution": "int32",
    "source_start": "int32",
    "source_end": "int32",
    "source_text": "string",
    "source_kind": "string",
    "cue_start": "int32",
    "cue_end": "int32",
    "cue_text": "string",
    "entity": "string",
    "via": "int32",
    "embedded": "bool",
}
# Empty for sentences without labels, and for annotations without attributions.
_NULLABLE = {"annotator", "label", "gold", "updated_at", *ATTRIBUTION_COLUMNS}
_UPDATED_AT = TABLE_COLUMNS.index("updated_at")

# Text is handed on at least at the end of each chunk of articles, and sooner once this
# much has piled up, so a chunk of long articles is never held as a string (and again as
# bytes) whole.
FLUSH_CHARACTERS = 1 << 20


def encode_jsonl(chunks: Chunks) -> Iterator[bytes]:
    """One JSON object per line, UTF-8 (not \\u-escaped), each line ending in \\n."""
    for articles in chunks:
        lines: list[str] = []
        size = 0
        for article in articles:
            lines.append(json.dumps(article_document(article), ensure_ascii=False) + "\n")
            size += len(lines[-1])
            if size >= FLUSH_CHARACTERS:
                yield "".join(lines).encode()
                lines, size = [], 0
        if lines:
            yield "".join(lines).encode()
        del articles  # before the next chunk is read: one chunk at a time


# A spreadsheet opening a CSV file runs a cell that starts with one of these as a formula
# (=HYPERLINK(...), +cmd|...), so such a cell gets a leading apostrophe, as OWASP's advice on
# CSV injection has it. Text is what articles say, and a sentence may well start with "-".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_FORMULA_GUARD = (
    "in csv files, a cell starting with = + - @, a tab or a carriage return starts with an "
    "added ' so that spreadsheets do not run it as a formula; jsonl and parquet keep every "
    "value as it is"
)


def encode_csv(chunks: Chunks) -> Iterator[bytes]:
    """A header row, then table_rows; RFC 4180 quoting and line ends, UTF-8 without BOM.

    Empty cells are missing values (pandas reads them as NaN); updated_at is ISO 8601.
    Cells a spreadsheet would run as formulas are neutralised (CSV_FORMULA_GUARD).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TABLE_COLUMNS)
    for articles in chunks:
        for article in articles:
            writer.writerows(_csv_cells(row) for row in table_rows([article]))
            if buffer.tell() >= FLUSH_CHARACTERS:
                yield _take(buffer)
        if buffer.tell():
            yield _take(buffer)
        del articles  # before the next chunk is read: one chunk at a time
    if buffer.tell():  # nothing was exported: the header alone
        yield _take(buffer)


def _csv_cells(row: Sequence[object]) -> list[object]:
    # Every cell of every row passes here, so the test is inline rather than a call.
    cells = [
        "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
        for cell in row
    ]
    updated_at = row[_UPDATED_AT]
    cells[_UPDATED_AT] = iso_time(updated_at) if isinstance(updated_at, datetime) else None
    return cells


def _take(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data


def encode_parquet(chunks: Chunks, *, metadata: dict[str, str]) -> Iterator[bytes]:
    """A Parquet file of table_rows, one row group per chunk, `metadata` in its schema.
    Rows become Arrow columns BATCH_ROWS at a time, so a chunk is never held as Python
    rows whole. Raises ImportError without pyarrow."""

    def tables(schema: Any) -> Iterator[Any]:
        import pyarrow as pa

        for articles in chunks:
            batches = [
                pa.RecordBatch.from_arrays(_arrow_columns(pa, rows, schema), schema=schema)
                for rows in batched(table_rows(articles), BATCH_ROWS, strict=False)
            ]
            yield pa.Table.from_batches(batches, schema=schema) if batches else None
            del articles, batches  # before the next chunk is read: one chunk at a time

    return write_parquet(tables, metadata=metadata)


def write_parquet(
    tables: Callable[[Any], Iterable[Any]], *, metadata: dict[str, str]
) -> Iterator[bytes]:
    """A Parquet file of the Arrow tables that `tables(schema)` gives, one row
    group each (None: a chunk without rows), `metadata` in its schema.

    pyarrow writes each row group as soon as it is given one, into a sink that we empty
    after every write, so the file never sits in memory whole; the footer follows the
    last row group.
    """
    import pyarrow as pa
    import pyarrow.parquet as parquet

    schema = pa.schema(_parquet_fields(pa), metadata=metadata)
    # The system allocator gives each chunk's memory back; pyarrow's default (mimalloc)
    # keeps it, which measured 15 MB more peak RSS (benchmarks/export_dataset.py). The
    # writer still allocates some of its buffers from the default pool, so that pool is
    # asked to let go after each row group too (another 10 MB).
    pool = pa.system_memory_pool()
    sink = _Drain()
    with parquet.ParquetWriter(sink, schema, memory_pool=pool) as writer:
        for table in tables(schema):
            if table is not None:
                writer.write_table(table)
                del table
                pa.default_memory_pool().release_unused()
                yield sink.take()
    yield sink.take()


# Rows turned into Arrow columns at a time: a few MB of Python objects.
BATCH_ROWS = 4096
_EPOCH, _MICROSECOND = datetime(1970, 1, 1, tzinfo=UTC), timedelta(microseconds=1)


def _arrow_columns(pa: ModuleType, rows: Sequence[Sequence[object]], schema: Iterable[Any]) -> list:
    """The columns of `rows` as Arrow arrays of the schema's types, built from buffers:
    pyarrow.array() would do it from the values, but its first call imports pandas (to
    ask whether they are a Series), some 50 MB an export has no use for."""
    import numpy as np

    count = len(rows)
    arrays = []
    for values, field in zip(zip(*rows, strict=True), schema, strict=True):
        valid = np.fromiter((value is not None for value in values), np.bool_, count)
        nulls = count - int(np.count_nonzero(valid))
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
        kind = PARQUET_TYPES[field.name]
        if kind == "string":
            encoded = [b"" if value is None else value.encode() for value in values]
            offsets = np.zeros(count + 1, np.int32)
            np.cumsum(np.fromiter(map(len, encoded), np.int32, count), out=offsets[1:])
            buffers = [bitmap, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
        elif kind == "bool":
            bits = np.fromiter((value is True for value in values), np.bool_, count)
            buffers = [bitmap, pa.py_buffer(np.packbits(bits, bitorder="little"))]
        elif kind == "int32":
            numbers = np.fromiter((value or 0 for value in values), np.int32, count)
            buffers = [bitmap, pa.py_buffer(numbers)]
        else:  # timestamps, as microseconds since the epoch
            micros = (0 if value is None else (value - _EPOCH) // _MICROSECOND for value in values)
            buffers = [bitmap, pa.py_buffer(np.fromiter(micros, np.int64, count))]
        arrays.append(pa.Array.from_buffers(field.type, count, buffers, null_count=nulls))
    return arrays


def _parquet_fields(pa: ModuleType) -> list:
    arrow_types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "timestamp[us, tz=UTC]": pa.timestamp("us", tz="UTC"),
        "bool": pa.bool_(),
    }
    return [
        pa.field(name, arrow_types[kind], nullable=name in _NULLABLE)
        for name, kind in PARQUET_TYPES.items()
    ]


class _Drain(io.RawIOBase):
    """A write-only file that hands over what was written since the last take()."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Buffer) -> int:
        self._parts.append(bytes(data))
        self._position += len(self._parts[-1])
        return len(self._parts[-1])

    def tell(self) -> int:
        # pyarrow asks for the position to record row group offsets in the footer.
        return self._position

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data
