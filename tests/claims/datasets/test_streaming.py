"""Exports stream: chunks of articles are read and handed on one at a time, each chunk at
a constant number of queries, so memory does not grow with the project."""

import gc
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.datasets.export import FORMATS, export_dataset
from claims.models import Annotation, Article, Sentence

CHUNK = 5
if connection.vendor == "postgresql":
    QUERIES_PER_CHUNK = 2  # articles, then the rows PostgreSQL writes of them
    BEFORE, AFTER = 1, 1  # JIT compilation turned off for the export, and back on
else:
    # articles, sentences, annotations joined to their attributions, gold joined to its
    QUERIES_PER_CHUNK = 4
    BEFORE, AFTER = 1, 0  # the scheme's source kinds, read once
SENTENCE_READ = '"claims_sentence"."start"'  # only the chunk's sentence query selects it


@pytest.fixture
def grow(project, labels, alice, bob, monkeypatch):
    """grow(n): give the project n labelled articles of ten sentences; chunks of CHUNK."""
    monkeypatch.setattr("claims.datasets.loading.ARTICLES_PER_CHUNK", CHUNK)

    def add(count: int) -> None:
        text = " ".join(f"Sentence number {i} of the article." for i in range(10))
        articles = Article.objects.bulk_create(
            Article(project=project, external_id=f"a{n}", text=text, segmenter="manual")
            for n in range(Article.objects.count(), Article.objects.count() + count)
        )
        starts = [text.index(f"Sentence number {i} ") for i in range(10)]
        sentences = Sentence.objects.bulk_create(
            Sentence(article=article, position=i, start=start, end=start + 33)
            for article in articles
            for i, start in enumerate(starts)
        )
        Annotation.objects.bulk_create(
            Annotation(sentence=sentence, annotator=person, label=labels["claim"])
            for sentence in sentences
            for person in (alice, bob)
        )

    return add


def test_first_chunk_comes_after_reading_only_the_first_articles(project, grow):
    grow(20)
    chunks = export_dataset(project=project, format="jsonl")
    with CaptureQueriesContext(connection) as queries:
        first = next(chunks)
    assert (len(queries), first.count(b"\n")) == (BEFORE + QUERIES_PER_CHUNK, CHUNK)


@pytest.mark.parametrize("articles", [10, 40])
def test_each_chunk_costs_the_same_queries_whatever_the_size(project, grow, articles):
    grow(articles)
    chunks = export_dataset(project=project, format="csv")
    with CaptureQueriesContext(connection) as queries:
        list(chunks)
    # + 1 finds the end
    assert len(queries) == BEFORE + QUERIES_PER_CHUNK * articles // CHUNK + 1 + AFTER


@pytest.mark.parametrize("format", FORMATS)
def test_chunks_grow_in_number_with_the_project(project, grow, format):
    grow(10)
    small = len(list(export_dataset(project=project, format=format)))
    grow(30)
    assert len(list(export_dataset(project=project, format=format))) == small + 30 // CHUNK


def test_parquet_starts_before_the_project_is_read(project, grow):
    grow(20)
    with CaptureQueriesContext(connection) as queries:
        chunks = export_dataset(project=project, format="parquet")
        first = next(chunks)
    reading = [q for q in queries.captured_queries if '"claims_sentence"."start"' in q["sql"]]
    assert (first[:4], len(reading)) == (b"PAR1", 1)


def peak_bytes(project, format: str) -> int:
    """Most memory Python held at once while the export was consumed and thrown away."""
    gc.collect()
    tracemalloc.start()
    try:
        for _ in export_dataset(project=project, format=format):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_memory_does_not_grow_with_the_number_of_articles(project, grow, format):
    grow(20)
    small = peak_bytes(project, format)
    grow(180)
    # Ten times the articles; a whole-file export would need about ten times the memory.
    assert peak_bytes(project, format) < 2 * small
