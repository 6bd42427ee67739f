"""PostgreSQL writes the same datasets as rows.py and formats.py, byte for byte, whatever
the texts hold and whichever options select the rows."""

import io
from datetime import UTC, datetime, timedelta

import pyarrow.parquet as pq
import pytest
from django.db import connection

from claims.annotations import record_label
from claims.attributions import AttributionSpec, Span
from claims.datasets import formats, postgres
from claims.datasets.loading import load_articles
from claims.datasets.options import ExportOptions
from claims.imports.articles import import_article
from claims.models import Annotation, Article, Attribution

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL writes these rows"
)

# Quotes, commas and line breaks that CSV quotes; a backslash, a control character, a tab
# and curly quotes that JSON escapes or not; cells that start like formulas.
AWKWARD = (
    'Le "ministre", a dit: \u00abnon\u00bb \\ back\x01.\r\nShe said\ttab, "x".\n\n'
    "=SUM(A1) is here, he said. -Minus starts this one. \u201cQuoted,\u201d said the aide."
)


@pytest.fixture
def awkward(labelled, labels, alice, bob):
    """The labelled project and an article whose texts a format must escape, labelled at
    several times, with seconds in Python's and PostgreSQL's different notations."""
    article = import_article(
        project=labelled,
        external_id='=odd, "id"',
        text=AWKWARD,
        title='Title, with "quotes"\nand a line',
        author="@someone",
        metadata={"tags": ["a", "\u00e9"], "n": 1.5, "nested": {"z": None, "a": True}},
    )
    sentences = list(article.sentences.all())
    cue = AWKWARD.index("said")
    for number, sentence in enumerate(sentences):
        for person, seconds in ((alice, 2.0), (bob, 5e-05 if number % 2 else 86400.0)):
            record_label(
                sentence=sentence,
                annotator=person,
                label=labels["attribution"],
                seconds=seconds,
                attributions=[
                    # A source in another sentence, and one that names none.
                    AttributionSpec(
                        kind="named_official", source=Span(0, 9), cue=Span(cue, cue + 4)
                    ),
                    AttributionSpec(kind="anonymous", entity='e,"2"', via=0),
                ],
            )
    # Times an hour apart, so that since and until select some annotations.
    for hours, pk in enumerate(Annotation.objects.order_by("pk").values_list("pk", flat=True)):
        moment = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=hours, microseconds=7)
        Annotation.objects.filter(pk=pk).update(created_at=moment)
    return labelled


OPTIONS = [
    ExportOptions(),
    ExportOptions(gold_only=True),
    ExportOptions(min_annotations=2),
    ExportOptions(annotator="alice"),
    ExportOptions(
        since=datetime(2025, 1, 1, 3, tzinfo=UTC), until=datetime(2025, 1, 1, 9, tzinfo=UTC)
    ),
]


@pytest.fixture(params=[1, 100], ids=["article chunks", "one chunk"])
def chunk_size(request, monkeypatch):
    monkeypatch.setattr("claims.datasets.loading.ARTICLES_PER_CHUNK", request.param)


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_text_formats_are_the_same_bytes(awkward, chunk_size, format, options):
    written = getattr(postgres, f"encode_{format}")(project=awkward, options=options)
    built = getattr(formats, f"encode_{format}")(load_articles(project=awkward, options=options))
    assert b"".join(written).decode() == b"".join(built).decode()


def assert_same_csv(project):
    written = postgres.encode_csv(project=project, options=ExportOptions())
    built = formats.encode_csv(load_articles(project=project, options=ExportOptions()))
    assert b"".join(written).decode() == b"".join(built).decode()


# COPY ends its rows in \n, as a line break inside a cell may also be; csv.writer in \r\n.
@pytest.mark.parametrize("entity", ["two\nlines", "lone\rreturn", "ends\r\n", "\n"])
def test_csv_line_breaks_inside_cells_are_the_same_bytes(awkward, chunk_size, entity):
    first = Attribution.objects.order_by("pk")[:1].values("pk")
    Attribution.objects.filter(pk__in=first).update(entity=entity)
    assert_same_csv(awkward)


def test_csv_empty_text_is_the_same_bytes(awkward, chunk_size):
    # COPY quotes an empty text, where csv.writer writes nothing.
    Article.objects.filter(external_id='=odd, "id"').update(external_id="")
    assert_same_csv(awkward)


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_parquet_holds_the_same_table(awkward, chunk_size, options):
    metadata = {"dataset_info": "{}"}
    written = postgres.encode_parquet(project=awkward, options=options, metadata=metadata)
    built = formats.encode_parquet(
        load_articles(project=awkward, options=options), metadata=metadata
    )
    table, expected = (pq.read_table(io.BytesIO(b"".join(file))) for file in (written, built))
    assert table.schema == expected.schema
    assert table.to_pylist() == expected.to_pylist()


def test_the_awkward_article_needs_quoting_escaping_and_guarding(awkward):
    csv = b"".join(formats.encode_csv(load_articles(project=awkward, options=ExportOptions())))
    jsonl = b"".join(formats.encode_jsonl(load_articles(project=awkward, options=ExportOptions())))
    assert b'"\'=odd, ""id"""' in csv and b'"She said\ttab, ""x""."' in csv
    for written in (b'"seconds": 2.0,', b'"seconds": 5e-05,', b"\\u0001", b"\\n", b"\\\\ back"):
        assert written in jsonl
