"""An import reads its files a chunk of records at a time, writing each chunk before
reading on, all in one transaction: a bad record late in a file undoes the chunks written
before it, and what must hold across the whole import (an id given once, accounts made
once, revision counts) holds across chunks."""

import io
import json

import pytest

from claims.imports import chunks
from claims.imports.articles import ArticleFormatError, import_files
from claims.models import Annotation, Article

TEXT = "One two. Three four."


class CountingFile(io.RawIOBase):
    """A .jsonl file made line by line as it is read, noting how many articles the
    database held when each line was asked for."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.articles_at_line: list[int] = []

    def readline(self, size: int = -1) -> bytes:
        self.articles_at_line.append(Article.objects.count())
        return next(self.lines, b"")


def article(number: int, **fields) -> bytes:
    return (json.dumps({"id": f"a{number}", "text": f"Article {number}."} | fields) + "\n").encode()


def labelled(number: int, annotator: str = "alice") -> bytes:
    annotations = [{"annotator": annotator, "label": "claim"}]
    sentences = [{"start": 0, "end": 8, "annotations": annotations, "gold": "claim"}]
    return article(number, text=TEXT, sentences=sentences)


def upload(project, *lines: bytes):
    return import_files(project=project, files=[("a.jsonl", io.BytesIO(b"".join(lines)))])


@pytest.fixture
def chunks_of_two(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_ARTICLES", 2)


def test_a_chunk_is_written_before_the_rest_of_the_file_is_read(project, chunks_of_two):
    file = CountingFile(article(n) for n in range(5))
    import_files(project=project, files=[("a.jsonl", file)])
    # The last read finds the end of the file; the last chunk is written after it.
    assert file.articles_at_line == [0, 0, 2, 2, 4, 4]


def test_a_bad_first_line_is_reported_without_reading_on(project):
    endless = (b"{}\n" if n == 0 else article(n) for n in range(10**9))
    file = CountingFile(endless)
    with pytest.raises(ArticleFormatError, match="^a.jsonl line 1: field 'text' is missing"):
        import_files(project=project, files=[("a.jsonl", file)])
    assert len(file.articles_at_line) == 1


def test_a_bad_last_line_undoes_the_chunks_written_before_it(project, chunks_of_two):
    lines = [labelled(n) for n in range(5)] + [article(5, published_at="May 5")]
    with pytest.raises(ArticleFormatError, match="^a.jsonl line 6: field 'published_at'"):
        upload(project, *lines)
    assert (Article.objects.count(), Annotation.objects.count()) == (0, 0)


def test_an_id_repeated_in_a_later_chunk_is_refused(project, chunks_of_two):
    with pytest.raises(ArticleFormatError) as caught:
        upload(project, article(1), article(2), article(3), article(1))
    assert str(caught.value) == "a.jsonl line 4: id 'a1' was given before, in line 1"


def test_existing_articles_of_later_chunks_are_counted_in_the_refusal(project, chunks_of_two):
    upload(project, article(1), article(3), article(4))
    with pytest.raises(ArticleFormatError) as caught:
        upload(project, article(0), article(1), article(2), article(3), article(4))
    assert str(caught.value).startswith(
        "a.jsonl line 2: article 'a1' is already in project 'iraq' "
        "(and 2 more articles of this import)"
    )


def test_an_account_made_in_one_chunk_labels_in_the_next(project, chunks_of_two):
    report = upload(project, *(labelled(n, annotator="carol") for n in range(5)))
    assert (report.annotations, report.new_accounts) == (5, ("carol",))


def test_revisions_are_counted_over_every_chunk(project, chunks_of_two):
    upload(project, *(labelled(n) for n in range(5)))
    assert list(project.articles.values_list("revisions", flat=True)) == [2] * 5


def test_the_report_adds_up_the_chunks(project, chunks_of_two):
    report = upload(project, *(labelled(n) for n in range(5)))
    stored = list(project.articles.order_by("pk").values_list("pk", flat=True))
    assert (report.created, report.sentences, report.gold_labels, list(report.article_ids)) == (
        5,
        5,
        5,
        stored,
    )


def test_progress_counts_every_article_of_every_chunk(project, chunks_of_two):
    done: list[int] = []
    import_files(
        project=project,
        files=[("a.jsonl", io.BytesIO(article(1) + article(2) + article(3)))],
        progress=done.append,
    )
    assert sum(done) == 3
