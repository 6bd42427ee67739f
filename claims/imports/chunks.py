"""An import's records in chunks, read one after another inside its one transaction, and
the ids seen so far, so that an id given twice is refused across chunks.

A chunk is read and checked, then written, before the next is read, so an import holds one
chunk's records (and their rows) at a time, whatever the size of its files; what it keeps
of the chunks before is their ids and where each was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from claims.imports.errors import describe_location
from claims.imports.records import ArticleRecord

# A chunk ends at whichever limit comes first: each keeps what is held at once to some
# megabytes, and its statements to a few (articles carry their whole text).
CHUNK_ARTICLES = 250
CHUNK_CHARACTERS = 4_000_000  # of text: one long article can have 1,000,000
CHUNK_ROWS = 25_000  # given sentences, annotations, gold labels and their attributions


@dataclass(frozen=True, slots=True)
class Place:
    """Where an id was given: what an error needs of the record, not the record."""

    path: str | None
    line: int | None
    index: int | None

    def describe(self, *, seen_from: ArticleRecord) -> str:
        """ "line 3" in the same file, else "a.jsonl line 3", "a.txt" or "the article at
        index 2"."""
        if self.path == seen_from.path and self.line is not None:
            return f"line {self.line}"
        return describe_location(path=self.path, line=self.line) or (
            f"the article at index {self.index}"
        )


def chunks_of(records: Iterable[ArticleRecord]) -> Iterator[list[ArticleRecord]]:
    """`records` in lists, each taken from `records` only when the one before is done."""
    chunk: list[ArticleRecord] = []
    characters = rows = 0
    for record in records:
        chunk.append(record)
        characters += len(record.text)
        rows += _rows_of(record)
        if len(chunk) >= CHUNK_ARTICLES or characters >= CHUNK_CHARACTERS or rows >= CHUNK_ROWS:
            yield chunk
            chunk, characters, rows = [], 0, 0
    if chunk:
        yield chunk


def refuse_repeated_ids(records: Sequence[ArticleRecord], *, seen: dict[str, Place]) -> None:
    """Raise ArticleFormatError for the first record whose id is in `seen` or given before
    it in `records`; otherwise add the records' ids to `seen`."""
    for record in records:
        earlier = seen.get(record.external_id)
        if earlier is None:
            seen[record.external_id] = Place(record.path, record.line, record.index)
            continue
        where = earlier.describe(seen_from=record)
        if record.is_id_derived:
            problem = f"the same text as {where} (without an id, the id is the text's hash)"
        else:
            problem = f"id '{record.external_id}' was given before, in {where}"
        raise record.error(problem, field="id")


def _rows_of(record: ArticleRecord) -> int:
    """The rows a record's given sentences and labels take."""
    rows = 0
    for sentence in record.sentences or ():
        rows += 1 + len(sentence.annotations) + len(sentence.gold_attributions)
        rows += sum(len(a.attributions) for a in sentence.annotations)
        rows += sentence.gold is not None
    return rows
