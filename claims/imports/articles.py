"""Putting articles into a project: read and check the records, segment, write in bulk.

A record may bring its own sentences, and labels for them (an exported dataset read
back): then those boundaries are kept and the labels restored (claims/imports/given_labels.py).

An import is all or nothing, and streams: its records are read, checked and written a
chunk at a time (claims/imports/chunks.py), all in one transaction, so a bad record
anywhere, even the last line of the last file, rolls back the chunks written before it
and leaves the project exactly as it was.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import BinaryIO

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from claims.imports.bulk_rows import insert_rows
from claims.imports.chunks import Place, chunks_of, refuse_repeated_ids
from claims.imports.errors import ArticleFormatError
from claims.imports.files import iter_article_file
from claims.imports.given_labels import CheckedAttributions, LabelImport, has_labels
from claims.imports.records import ArticleRecord, make_record
from claims.models import (
    Annotation,
    Article,
    Attribution,
    GoldAttribution,
    GoldLabel,
    Project,
    Sentence,
)
from claims.segmentation import SEGMENTER_NAME, SentenceSpan, split_sentences

__all__ = ["ArticleFormatError", "ImportReport", "import_article", "import_files", "import_records"]

# Articles carry their whole text, so fewer per INSERT keeps each statement a few MB.
_ARTICLE_BATCH = 250
_LOOKUP_CHUNK = 500  # ids per IN (...) lookup: SQLite caps the parameters of a statement
_RECORD_FIELDS = ("title", "outlet", "url", "author", "published_at", "metadata", "text")
# Stored as the segmenter of given sentences when the record does not name one.
GIVEN_SEGMENTER = "given"


@dataclass(frozen=True, slots=True)
class ImportReport:
    files: int  # 0 for records that came without a file
    created: int  # new articles
    updated: int  # existing articles replaced (update=True)
    sentences: int  # sentences written for new and re-segmented articles
    annotations: int = 0  # restored with given sentences
    gold_labels: int = 0
    new_accounts: tuple[str, ...] = ()  # usernames created for annotators, no password yet
    # The articles written, in the records' order, for a door to show them. Not part of
    # what the report says, so two reports of the same import compare equal.
    article_ids: tuple[int, ...] = field(default=(), compare=False, repr=False)


def import_files(
    *,
    project: Project,
    files: Sequence[tuple[str, BinaryIO]],
    update: bool = False,
    title_line: int | None = None,
    progress: Callable[[int], object] | None = None,  # what it returns is ignored
) -> ImportReport:
    """Import every article in `files`, (display name, binary file) pairs, into `project`.

    The format follows each name's extension (see iter_article_file, which takes the
    title of a .txt file from line `title_line`, or guesses its headline). An id that already
    exists in the project is refused unless `update`; then the article's fields are
    replaced and, if its text changed, it is segmented again, which is refused for an
    article that has annotations (their sentences would move). An id given twice in one
    call is refused. Labels given with sentences are restored into new articles only.
    The files are read while the import writes, a chunk of records at a time, so its
    memory does not grow with them. `progress(n)` is called as each n more articles are done.
    Raises ArticleFormatError naming file, line and field, for the first bad record in
    reading order; then nothing was written.
    """
    # Every extension is checked before anything is read.
    readers = [
        iter_article_file(name=name, file=file, title_line=title_line) for name, file in files
    ]
    records = itertools.chain.from_iterable(readers)
    report = _import(project=project, records=records, update=update, progress=progress)
    return replace(report, files=len(files))


def import_records(
    *,
    project: Project,
    records: Iterable[ArticleRecord],
    update: bool = False,
    progress: Callable[[int], object] | None = None,  # what it returns is ignored
) -> ImportReport:
    """Import validated records (make_record) as import_files does, all or nothing and in
    bulk; what the API's batch create calls. Raises ArticleFormatError naming the record
    (its path and line, or its index) and field; then nothing was written."""
    return _import(project=project, records=records, update=update, progress=progress)


def import_article(
    *,
    project: Project,
    text: str,
    external_id: str,
    title: str = "",
    outlet: str = "",
    url: str = "",
    author: str = "",
    published_at: datetime | str | None = None,
    metadata: dict[str, object] | None = None,
) -> Article:
    """Import one article, checked and segmented exactly as a file's records are.

    A blank `external_id` gets the id derived from the text. Raises ArticleFormatError
    (with no file or line) for bad fields or an id already in the project.
    """
    fields: dict[str, object] = {"text": text, "id": external_id, "title": title, "outlet": outlet}
    fields |= {"url": url, "author": author, "published_at": published_at}
    record = make_record(fields | {"metadata": metadata})
    written: list[Article] = []
    _import(project=project, records=[record], update=False, progress=None, written=written)
    return written[0]


def _import(
    *,
    project: Project,
    records: Iterable[ArticleRecord],
    update: bool,
    progress: Callable[[int], object] | None,
    written: list[Article] | None = None,  # given: gets every article written
) -> ImportReport:
    """Read, check and write `records` a chunk at a time inside one transaction: a bad
    record in a later chunk raises, and the rollback undoes the chunks before it."""
    seen: dict[str, Place] = {}
    try:
        with transaction.atomic():
            # Imports into one project take turns, so the existence checks below hold
            # until commit.
            Project.objects.select_for_update().only("pk").get(pk=project.pk)
            labels = LabelImport(project=project)
            totals = _Totals()
            chunks = chunks_of(records)
            for chunk in chunks:
                refuse_repeated_ids(chunk, seen=seen)
                existing = _existing_articles(project=project, records=chunk)
                if existing and not update:
                    raise _existing_error(
                        project=project, chunk=chunk, existing=existing, rest=chunks, seen=seen
                    )
                checked = labels.check(records=chunk, existing=set(existing))
                articles = _write(
                    project=project,
                    records=chunk,
                    existing=existing,
                    progress=progress,
                    labels=labels,
                    checked=checked,
                    totals=totals,
                )
                if written is not None:
                    written += articles
            if totals.sentences >= ANALYZE_AFTER:
                transaction.on_commit(_analyze)
            return ImportReport(
                files=0,
                created=totals.created,
                updated=totals.updated,
                sentences=totals.sentences,
                annotations=labels.annotations,
                gold_labels=labels.gold_labels,
                new_accounts=tuple(sorted(labels.new_accounts)),
                article_ids=tuple(totals.article_ids),
            )
    except IntegrityError as error:
        # Only a concurrent change gets here (say, a label added to an article being
        # re-segmented): every rule was checked above.
        raise ArticleFormatError(
            f"the articles changed during the import, which was undone; try again ({error})"
        ) from error


@dataclass(slots=True)
class _Totals:
    created: int = 0
    updated: int = 0
    sentences: int = 0
    article_ids: list[int] = field(default_factory=list)


# An import that writes this many sentences or more is a bulk load: PostgreSQL's
# statistics of the tables it filled are then far off (a freshly loaded project had none,
# and its project page took a minute to plan badly), so they are gathered at once rather
# than when autovacuum gets to it. ANALYZE samples at most 30,000 rows per table: a
# fraction of a second, small beside an import of that size.
ANALYZE_AFTER = 5_000
_FILLED = tuple(
    model._meta.db_table
    for model in (Article, Sentence, Annotation, Attribution, GoldLabel, GoldAttribution)
)


def _analyze() -> None:
    """Gather PostgreSQL's statistics of the tables an import fills (after its commit)."""
    if connection.vendor != "postgresql":
        return  # SQLite plans without them well enough for a demo
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(_FILLED)}")


def _existing_articles(*, project: Project, records: Sequence[ArticleRecord]) -> dict[str, Article]:
    ids = [record.external_id for record in records]
    return {
        article.external_id: article
        for chunk in _chunks(ids)
        for article in Article.objects.filter(project=project, external_id__in=chunk)
    }


def _chunks[T](items: Sequence[T]) -> list[Sequence[T]]:
    """`items` in slices short enough for one IN (...): SQLite caps a statement's parameters."""
    return [items[start : start + _LOOKUP_CHUNK] for start in range(0, len(items), _LOOKUP_CHUNK)]


def _existing_error(
    *,
    project: Project,
    chunk: Sequence[ArticleRecord],
    existing: dict[str, Article],
    rest: Iterator[list[ArticleRecord]],
    seen: dict[str, Place],
) -> ArticleFormatError:
    """The error for the first record of `chunk` already in `project`, counting those of
    the chunks still to come; they are read (and checked, so a bad record or a repeated
    id among them is still what is reported first) but not written."""
    first = next(record for record in chunk if record.external_id in existing)
    more = len(existing) - 1
    for later in rest:
        refuse_repeated_ids(later, seen=seen)
        more += len(_existing_articles(project=project, records=later))
    also = f" (and {more:,} more articles of this import)" if more else ""
    return first.error(
        f"article '{first.external_id}' is already in project '{project.slug}'{also}; "
        f"import with update to replace {'them' if more else 'it'}",
        field="id",
    )


def _write(
    *,
    project: Project,
    records: Sequence[ArticleRecord],
    existing: dict[str, Article],
    progress: Callable[[int], object] | None,
    labels: LabelImport,
    checked: CheckedAttributions,  # what labels.check returned for `records`
    totals: _Totals,
) -> list[Article]:
    """Write one chunk's articles, sentences and labels; add what was written to `totals`."""
    to_segment = _articles_to_segment(records=records, existing=existing)
    articles = [
        _fill(existing.get(record.external_id) or Article(project=project), record)
        for record in records
    ]
    spans = _segment(articles, records, ids=to_segment, progress=progress)
    created = [article for article in articles if article.pk is None]
    updated = [article for article in articles if article.pk is not None]
    Article.objects.bulk_create(created, batch_size=_ARTICLE_BATCH)
    fields = [*_RECORD_FIELDS, "segmenter", "updated_at"]
    Article.objects.bulk_update(updated, fields, batch_size=_ARTICLE_BATCH)
    for chunk in _chunks([article for article in updated if article.external_id in spans]):
        Sentence.objects.filter(article__in=chunk).delete()
    rows = [
        (article.pk, position, span.start, span.end)
        for article in articles
        for position, span in enumerate(spans.get(article.external_id, ()))
    ]
    # On PostgreSQL, COPY is about six times faster than multi-row INSERTs (see
    # benchmarks/import_articles.py); the database still checks every constraint.
    insert_rows(Sentence, ("article", "position", "start", "end"), rows)
    labelled = [(a, r) for a, r in zip(articles, records, strict=True) if has_labels(r)]
    labels.restore(articles=labelled, checked=checked)
    totals.created += len(created)
    totals.updated += len(updated)
    totals.sentences += len(rows)
    totals.article_ids += [article.pk for article in articles]
    return articles


def _segment(
    articles: Sequence[Article],
    records: Sequence[ArticleRecord],
    *,
    ids: set[str],
    progress: Callable[[int], object] | None,
) -> dict[str, list[SentenceSpan]]:
    """Sentences for the articles named in `ids`, by id: the records' own if they give
    them, else from the segmenter, the slow part of an import."""
    spans = {}
    for article, record in zip(articles, records, strict=True):
        if article.external_id in ids and record.sentences is not None:
            spans[article.external_id] = [SentenceSpan(s.start, s.end) for s in record.sentences]
            article.segmenter = _segmenter_for(record)
        elif article.external_id in ids:
            spans[article.external_id] = split_sentences(article.text)
            article.segmenter = SEGMENTER_NAME
        if progress is not None:
            progress(1)
    return spans


def _fill(article: Article, record: ArticleRecord) -> Article:
    article.external_id = record.external_id
    for name in _RECORD_FIELDS:
        setattr(article, name, getattr(record, name))
    if article.pk is not None:
        article.updated_at = timezone.now()
    return article


def _articles_to_segment(
    *, records: Sequence[ArticleRecord], existing: dict[str, Article]
) -> set[str]:
    """Ids of the articles that need (new) sentences; refuses moving annotated sentences.

    New articles and those whose text changed are segmented. An unchanged article made by
    another segmenter, or given sentences, gets new ones only if nobody has labelled it yet.
    """
    stale = {
        record.external_id: existing[record.external_id]
        for record in records
        if record.external_id in existing
        and (
            existing[record.external_id].text != record.text
            or existing[record.external_id].segmenter != _segmenter_for(record)
            or record.sentences is not None
        )
    }
    labelled = _lock_and_count_annotations(list(stale.values()))
    for record in records:
        article = stale.get(record.external_id)
        if article is not None and article.pk in labelled and article.text != record.text:
            count = labelled[article.pk]
            raise record.error(
                f"article '{record.external_id}' has {count:,} "
                f"annotation{'s' if count != 1 else ''}, and its new text would move the "
                "sentences they label; import the new text under another id",
                field="text",
            )
    keep = {key for key, article in stale.items() if article.pk in labelled}
    new = {record.external_id for record in records if record.external_id not in existing}
    return new | (set(stale) - keep)


def _segmenter_for(record: ArticleRecord) -> str:
    if record.sentences is None:
        return SEGMENTER_NAME
    return record.segmenter or GIVEN_SEGMENTER


def _lock_and_count_annotations(articles: Sequence[Article]) -> dict[int, int]:
    """Annotations per article pk, for articles that have any.

    The articles' sentences are locked first, so no label can be added to a sentence
    between this count and its deletion.
    """
    counts: dict[int, int] = {}
    for chunk in _chunks(articles):
        list(Sentence.objects.select_for_update().filter(article__in=chunk).values("pk"))
        rows = (
            Annotation.objects.filter(sentence__article__in=chunk)
            .values_list("sentence__article")
            .annotate(count=Count("pk"))
        )
        counts |= dict(rows)
    return counts
