"""The datasets of export.py as PostgreSQL writes them: the same bytes, faster.

Building every row in Python (decoding it from the database, assembling it, formatting
its times and quoting its cells) took two to three times as long as PostgreSQL's own COPY
of the same rows (benchmarks/export_dataset.py). Here the database writes the CSV with
COPY's own CSV writer (Python only changes its line ends), and each article's JSON
sentences as one string, which Python only joins; Parquet reads its columns from CSV lines
of the typed values with pyarrow's CSV reader. (CSV lines made in SQL with concat() took
1.8x COPY's time: concat() and quoting cost nearly as much as producing the rows.) The
rules of rows.py and formats.py are spelt again in SQL, and
tests/claims/datasets/test_postgres.py holds both to the same bytes; SQLite exports
through rows.py alone.

Each chunk of articles costs two queries, its articles and then their rows; one more finds
the end, and JIT compilation is turned off before the first chunk and on after the last.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Buffer, Callable, Iterator
from itertools import chain
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorDebugWrapper

from claims.datasets import loading
from claims.datasets.formats import FLUSH_CHARACTERS, FORMULA_STARTS, write_parquet
from claims.datasets.options import ExportOptions
from claims.datasets.rows import TABLE_COLUMNS, DatasetArticle, article_document
from claims.models import Article, Project

# The chunk's sentences, those of them the options keep (`kept`), and their selected
# annotations (`selected`): the filters of loading.selected_annotations and keep_sentence.
# Each table is read through its index, a row at a time (OFFSET 0 keeps the planner from
# flattening the LATERAL subqueries into joins): hashing whole tables for every chunk
# made an export grow with the square of the project. Each sentence's text is cut from
# its article once; source and cue texts are cut from the sentence's text when they lie
# inside it, as they mostly do: substr() walks a multibyte text from its start, and the
# article's is long.
_CHUNK = """
WITH sentences AS MATERIALIZED (
  SELECT "claims_sentence"."id", "claims_sentence"."article_id",
         "claims_sentence"."position", "claims_sentence"."start", "claims_sentence"."end",
         substr(a.text, "claims_sentence"."start" + 1,
                "claims_sentence"."end" - "claims_sentence"."start") AS text,
         a.external_id, a.text AS article_text, g.id AS gold_id, gk.key AS gold,
         g.method AS gold_method, gr.username AS gold_reviewer
  FROM claims_article a
  CROSS JOIN LATERAL (
    SELECT * FROM claims_sentence WHERE article_id = a.id OFFSET 0
  ) "claims_sentence"
  LEFT JOIN LATERAL (
    SELECT * FROM claims_goldlabel WHERE sentence_id = "claims_sentence"."id" AND is_current
    OFFSET 0
  ) g ON true
  LEFT JOIN claims_label gk ON gk.id = g.label_id
  LEFT JOIN auth_user gr ON gr.id = g.reviewer_id
  WHERE a.project_id = %(project)s AND a.id > %(after)s AND a.id <= %(last)s
),
selected AS MATERIALIZED (
  SELECT n.id, n.sentence_id, u.username, l.key AS label, n.seconds, n.created_at
  FROM sentences s
  CROSS JOIN LATERAL (
    SELECT * FROM claims_annotation WHERE sentence_id = s.id AND is_current OFFSET 0
  ) n
  JOIN auth_user u ON u.id = n.annotator_id
  JOIN claims_label l ON l.id = n.label_id
  WHERE {annotations}
),
kept AS MATERIALIZED (
  SELECT s.* FROM sentences s {counts} WHERE {sentences}
)
"""


def _sql_text(expression: str, start: str, end: str, sentence: str = "s") -> str:
    """The article's text in [start, end), or NULL when start is."""
    length = f"{end} - {start}"
    return (
        f'CASE WHEN {start} >= {sentence}.start AND {end} <= {sentence}."end" '
        f"THEN substr({sentence}.text, {start} - {sentence}.start + 1, {length}) "
        f"ELSE substr({expression}, {start} + 1, {length}) END"
    )


def _table_rows(encode: Callable[[str], str]) -> str:
    """One row per sentence, annotation and attribution, as rows.table_rows orders them;
    `at` is updated_at, the rest are the TABLE_COLUMNS of the same name. The texts of
    article_id, text, gold and label are cells already, as `encode` writes a text: those
    of a sentence once, not again in each of its rows."""
    source_text = _sql_text("s.article_text", "t.source_start", "t.source_end")
    cue_text = _sql_text("s.article_text", "t.cue_start", "t.cue_end")
    return f"""
encoded AS MATERIALIZED (
  SELECT s.*, {encode("s.external_id")} AS id_cell, {encode("s.text")} AS text_cell,
         {encode("s.gold")} AS gold_cell
  FROM kept s
),
cells AS (
  SELECT s.article_id, s.position, s.id_cell AS external_id, s.start, s."end",
         s.text_cell AS text, s.gold_cell AS gold, false AS is_gold, n.username AS annotator,
         {encode("n.label")} AS label, n.created_at AS at, n.id AS revision,
         t.position AS attribution, t.source_start, t.source_end, {source_text} AS source_text,
         k.key AS source_kind, t.cue_start, t.cue_end, {cue_text} AS cue_text, t.entity, t.via,
         t.embedded
  FROM encoded s
  JOIN selected n ON n.sentence_id = s.id
  LEFT JOIN LATERAL (
    SELECT * FROM claims_attribution WHERE annotation_id = n.id OFFSET 0
  ) t ON true
  LEFT JOIN claims_sourcekind k ON k.id = t.kind_id
  UNION ALL
  SELECT s.article_id, s.position, s.id_cell, s.start, s."end", s.text_cell, s.gold_cell,
         false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL
  FROM encoded s
  WHERE NOT EXISTS (SELECT FROM selected n WHERE n.sentence_id = s.id)
  UNION ALL
  SELECT s.article_id, s.position, s.id_cell, s.start, s."end", s.text_cell, s.gold_cell,
         true, NULL, s.gold_cell, NULL, NULL, t.position, t.source_start, t.source_end,
         {source_text}, k.key, t.cue_start, t.cue_end, {cue_text}, t.entity, t.via,
         t.embedded
  FROM encoded s
  CROSS JOIN LATERAL (
    SELECT * FROM claims_goldattribution WHERE gold_id = s.gold_id OFFSET 0
  ) t
  JOIN claims_sourcekind k ON k.id = t.kind_id
)
"""


_ROW_ORDER = "position, is_gold, annotator, revision, attribution"
# In the time zone and form of rows.iso_time (the connection's time zone is UTC).
_ISO_TIME = """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
_STARTS = ", ".join(
    "E'\\t'" if c == "\t" else "E'\\r'" if c == "\r" else f"'{c}'" for c in FORMULA_STARTS
)


def _csv_bool(column: str) -> str:  # as Python's str() of a bool
    return f"CASE WHEN {column} THEN 'True' WHEN NOT {column} THEN 'False' END"


_ENCODED_COLUMNS = {"article_id": "external_id", "text": "text", "gold": "gold", "label": "label"}
_TEXT_COLUMNS = {name: name for name in ("annotator", "source_text", "source_kind")}
_TEXT_COLUMNS |= {name: name for name in ("cue_text", "entity")}
_INT_COLUMNS = {"sentence_index": "position", "start": "start", "end": '"end"'}
_INT_COLUMNS |= {name: name for name in ("attribution", "source_start", "source_end")}
_INT_COLUMNS |= {name: name for name in ("cue_start", "cue_end", "via")}


def _csv_text(column: str) -> str:
    """The text, formula guard included, for COPY's CSV writer to quote. That quotes an
    empty text ("") where csv.writer writes nothing, so it goes as NULL, written as nothing.
    """
    guard = f"CASE WHEN left({column}, 1) IN ({_STARTS}) THEN '''' || {column} ELSE {column} END"
    return f"NULLIF({guard}, '')"


def _csv_cell(name: str) -> str:
    if name in _ENCODED_COLUMNS:
        return _ENCODED_COLUMNS[name]
    if name in _TEXT_COLUMNS:
        return _csv_text(_TEXT_COLUMNS[name])
    if name in _INT_COLUMNS:
        return _INT_COLUMNS[name]
    if name == "updated_at":
        return _ISO_TIME.format("at")
    return _csv_bool(name)


# COPY's CSV writer quotes a cell that holds a quote, a comma or a line break and doubles
# its quotes, as csv.writer does; but its rows end in \n, not csv.writer's \r\n (_csv_lines).
_CSV_QUERY = f"""COPY ({_CHUNK}, {_table_rows(_csv_text)}
SELECT {", ".join(map(_csv_cell, TABLE_COLUMNS))}
FROM cells ORDER BY article_id, {_ROW_ORDER}
) TO STDOUT (FORMAT csv)"""


def _parquet_text(column: str) -> str:
    return f"'\"' || replace({column}, '\"', '\"\"') || '\"'"


def _parquet_cell(name: str) -> str:
    """The typed value as pyarrow's CSV reader reads it back: NULL as an empty cell, every
    text quoted (so that "" is an empty text), times as microseconds since the epoch."""
    if name in _ENCODED_COLUMNS:
        return _ENCODED_COLUMNS[name]
    if name in _TEXT_COLUMNS:
        return _parquet_text(_TEXT_COLUMNS[name])
    if name in _INT_COLUMNS:
        return f"{_INT_COLUMNS[name]}::text"
    if name == "updated_at":
        return "(extract(epoch FROM at) * 1000000)::bigint::text"
    return f"{name}::text"  # true or false


_PARQUET_LINE = "concat({}, E'\\n')".format(", ',', ".join(map(_parquet_cell, TABLE_COLUMNS)))
_PARQUET_QUERY = f"""{_CHUNK}, {_table_rows(_parquet_text)}
SELECT string_agg({_PARQUET_LINE}, '' ORDER BY {_ROW_ORDER})
FROM cells GROUP BY article_id ORDER BY article_id
"""


def _json_text(column: str) -> str:  # to_json escapes as json.dumps(ensure_ascii=False)
    return f"coalesce(to_json({column})::text, 'null')"


def _json_span(start: str, end: str) -> str:
    return (
        f"CASE WHEN {start} IS NULL OR {end} IS NULL THEN 'null' ELSE concat("
        f"""'{{"start": ', {start}, ', "end": ', {end}, ', "text": ', """
        f"to_json({_sql_text('s.article_text', start, end)})::text, '}}') END"
    )


def _json_attributions(table: str, condition: str) -> str:
    """The attributions of rows._attribution_document, ", "-separated, of the revision
    that `condition` names, in sentence `s`: a subquery run for each, through the index
    (joined as a whole, the planner's estimate of one row made it a nested loop)."""
    return f"""(
  SELECT string_agg(concat(
           '{{"source": ', {_json_span("t.source_start", "t.source_end")},
           ', "cue": ', {_json_span("t.cue_start", "t.cue_end")},
           ', "kind": ', {_json_text("k.key")}, ', "entity": ', {_json_text("t.entity")},
           ', "via": ', coalesce(t.via::text, 'null'),
           ', "embedded": ', t.embedded::text, '}}'), ', ' ORDER BY t.position)
  FROM {table} t
  JOIN claims_sourcekind k ON k.id = t.kind_id
  WHERE t.{condition}
)"""


# Seconds are at most annotations.MAX_SECONDS, where float8's text is Python's repr()
# but for the ".0" of whole numbers (PostgreSQL writes 1e+15 for 1000000000000000.0).
_JSON_SECONDS = (
    "CASE WHEN n.seconds IS NULL THEN 'null' WHEN n.seconds::text ~ '^[0-9]+$' "
    "THEN n.seconds::text || '.0' ELSE n.seconds::text END"
)
# The sentences of rows.article_document, as the text between the brackets of its list.
_JSON_ATTRIBUTIONS = _json_attributions("claims_attribution", "annotation_id = n.id")
_JSON_GOLD_ATTRIBUTIONS = _json_attributions("claims_goldattribution", "gold_id = s.gold_id")
# A sentence's selected annotations, a subquery for each through the index, as `selected`
# selects them (joining that instead, the planner's estimate of its groups made the join a
# nested loop).
_JSON_ANNOTATIONS = f"""(
  SELECT string_agg(concat(
           '{{"annotator": ', {_json_text("u.username")}, ', "label": ', {_json_text("l.key")},
           ', "attributions": [', {_JSON_ATTRIBUTIONS}, '], "seconds": ', {_JSON_SECONDS},
           ', "updated_at": "', {_ISO_TIME.format("n.created_at")}, '"}}'),
           ', ' ORDER BY u.username, n.id)
  FROM claims_annotation n
  JOIN auth_user u ON u.id = n.annotator_id
  JOIN claims_label l ON l.id = n.label_id
  WHERE n.sentence_id = s.id AND {{annotations}}
)"""
# The sentences of rows.article_document, as the text between the brackets of its list.
_JSONL_QUERY = f"""{_CHUNK}
SELECT s.article_id, string_agg(concat(
         '{{"index": ', s.position, ', "start": ', s.start, ', "end": ', s."end",
         ', "text": ', {_json_text("s.text")}, ', "annotations": [', {_JSON_ANNOTATIONS},
         '], "gold": ', {_json_text("s.gold")}, ', "gold_method": ', {_json_text("s.gold_method")},
         ', "gold_reviewer": ', {_json_text("s.gold_reviewer")},
         ', "gold_attributions": [', {_JSON_GOLD_ATTRIBUTIONS}, ']}}'), ', ' ORDER BY s.position)
FROM kept s
GROUP BY s.article_id
"""


def _query(template: str, *, options: ExportOptions) -> tuple[str, dict[str, Any]]:
    annotations = ["n.is_current"]
    params: dict[str, Any] = {}
    if options.annotator is not None:
        annotations.append("u.username = %(annotator)s")
        params["annotator"] = options.annotator
    if options.since is not None:
        annotations.append("n.created_at >= %(since)s")
        params["since"] = options.since
    if options.until is not None:
        annotations.append("n.created_at < %(until)s")
        params["until"] = options.until
    sentences, counts = ["true"], ""
    if options.gold_only:
        sentences.append("s.gold IS NOT NULL")
    if options.min_annotations > 0:
        counts = (
            "LEFT JOIN (SELECT sentence_id, count(*) AS labels FROM selected GROUP BY 1) c "
            "ON c.sentence_id = s.id"
        )
        sentences.append("coalesce(c.labels, 0) >= %(minimum)s")
        params["minimum"] = options.min_annotations
    sql = template.replace("{annotations}", " AND ".join(annotations))
    sql = sql.replace("{counts}", counts)
    return sql.replace("{sentences}", " AND ".join(sentences)), params


type _Read = Callable[[str, dict[str, Any]], Iterator[Any]]


def _chunks(
    template: str, *, project: Project, options: ExportOptions, fields: tuple[str, ...], read: _Read
) -> Iterator[tuple[list[tuple], Iterator[Any]]]:
    """For each chunk: its articles' rows of pk and `fields`, and `read` of the query for
    them, to be read before the next."""
    sql, params = _query(template, options=options)
    params["project"] = project.pk
    # The planner overestimates a chunk's rows a hundredfold and compiles the query with
    # LLVM, which took seconds for a query that then runs in a fraction of one.
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        last = 0
        while True:
            articles = Article.objects.filter(project=project, pk__gt=last).order_by("pk")
            rows = list(articles.values_list("pk", *fields)[: loading.ARTICLES_PER_CHUNK])
            if not rows:
                return
            yield rows, read(sql, params | {"after": last, "last": rows[-1][0]})
            last = rows[-1][0]
            del rows  # before the next chunk is read: one chunk at a time
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


def _fetch_all(sql: str, params: dict[str, Any]) -> Iterator[list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield cursor.fetchall()


def _fetch_batches(batch: int) -> _Read:
    """The query's rows in lists of `batch`: a server-side cursor hands over that many at a
    time, where a client one would hold the whole chunk twice, in libpq's buffer and as
    Python strings."""

    def fetch(sql: str, params: dict[str, Any]) -> Iterator[list[tuple]]:
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while found := cursor.fetchmany(batch):
                yield found

    return fetch


def _copy_csv(sql: str, params: dict[str, Any]) -> Iterator[bytes]:
    """The bytes of COPY `sql`, as csv.writer writes its rows, about FLUSH_CHARACTERS at
    a time.

    A COPY goes past Django's cursor, so when Django logs queries (DEBUG, or a test's
    CaptureQueriesContext) it is logged here, as Django logs the queries it runs.
    """
    with connection.cursor() as cursor:
        logged = (
            cursor.debug_sql(sql, params)
            if isinstance(cursor, CursorDebugWrapper)
            else contextlib.nullcontext()
        )
        with logged, cursor.cursor.copy(sql, params) as copy:
            rows: list[Buffer] = []
            size = 0
            for row in copy:
                rows.append(row)
                size += len(row)
                if size >= FLUSH_CHARACTERS:
                    yield _csv_lines(rows)
                    rows, size = [], 0
            if rows:
                yield _csv_lines(rows)


def _csv_lines(rows: list[Buffer]) -> bytes:
    r"""COPY's rows with csv.writer's line ends, \r\n for COPY's \n. The server sends each
    row in a message of its own (PostgreSQL's protocol, on CopyData), so every row ends in
    its \n; when no other \n is among them (no cell holds a line break), all are ends."""
    data = b"".join(rows)
    if data.count(b"\n") == len(rows):
        return data.replace(b"\n", b"\r\n")
    return b"".join(bytes(row)[:-1] + b"\r\n" for row in rows)


def encode_csv(*, project: Project, options: ExportOptions) -> Iterator[bytes]:
    """formats.encode_csv's bytes."""
    header = (",".join(TABLE_COLUMNS) + "\r\n").encode()
    chunks = _chunks(_CSV_QUERY, project=project, options=options, fields=(), read=_copy_csv)
    for _, results in chunks:
        for lines in results:
            yield header + lines if header else lines
            header = b""
    if header:  # nothing was exported: the header alone
        yield header


def encode_jsonl(*, project: Project, options: ExportOptions) -> Iterator[bytes]:
    """formats.encode_jsonl's bytes."""
    filtered = options.gold_only or options.min_annotations > 0
    fields = loading.ARTICLE_FIELDS[1:]
    chunks = _chunks(_JSONL_QUERY, project=project, options=options, fields=fields, read=_fetch_all)
    for articles, results in chunks:
        sentences = dict(chain.from_iterable(results))
        lines: list[str] = []
        size = 0
        for pk, *values in articles:
            kept = sentences.get(pk)
            if kept is None and filtered:
                continue
            head = json.dumps(
                article_document(DatasetArticle(*values, sentences=())),  # type: ignore[misc]
                ensure_ascii=False,
            )
            # "sentences" is the document's last key: '"sentences": []}' ends the head.
            lines.append(f"{head[:-2]}{kept or ''}]}}\n")
            size += len(lines[-1])
            if size >= FLUSH_CHARACTERS:
                yield "".join(lines).encode()
                lines, size = [], 0
        if lines:
            yield "".join(lines).encode()


def encode_parquet(
    *, project: Project, options: ExportOptions, metadata: dict[str, str]
) -> Iterator[bytes]:
    """formats.encode_parquet's rows and file."""

    def tables(schema: Any) -> Iterator[Any]:
        return _parquet_tables(project=project, options=options, schema=schema)

    return write_parquet(tables, metadata=metadata)


def _parquet_tables(*, project: Project, options: ExportOptions, schema: Any) -> Iterator[Any]:
    """Each chunk's rows as a pyarrow Table of `schema`, or None for a chunk without rows."""
    import pyarrow as pa
    from pyarrow import csv

    read = csv.ReadOptions(column_names=list(TABLE_COLUMNS), use_threads=False)
    parse = csv.ParseOptions(newlines_in_values=True)
    types = {name: field.type for name, field in zip(TABLE_COLUMNS, schema, strict=True)}
    types["updated_at"] = pa.int64()
    convert = csv.ConvertOptions(
        column_types=types,
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        null_values=[""],
    )
    # Ten articles' lines at a time: a chunk's 6 MB of them read at once held some 30 MB
    # more (libpq's buffer, the text, the reader's), past the 150 MB an export may take.
    chunks = _chunks(
        _PARQUET_QUERY, project=project, options=options, fields=(), read=_fetch_batches(10)
    )
    for _, results in chunks:
        tables = [
            csv.read_csv(
                io.BytesIO("".join(text for (text,) in found).encode()),
                read_options=read,
                parse_options=parse,
                convert_options=convert,
            )
            for found in results
        ]
        if not tables:
            yield None
            continue
        table = pa.concat_tables(tables)
        at = TABLE_COLUMNS.index("updated_at")
        # Microseconds since the epoch are the timestamps' values: a view, not a cast,
        # which would load pyarrow.compute (9 MB) for it.
        moment = schema.field(at).type
        times = pa.chunked_array([c.view(moment) for c in table.column(at).chunks], moment)
        columns = [*table.columns[:at], times, *table.columns[at + 1 :]]
        del tables, table, times
        yield pa.Table.from_arrays(columns, schema=schema)
        del columns  # before the next chunk is read: one chunk at a time
