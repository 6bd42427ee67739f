"""Reading a project's dataset from the database: in chunks of articles, and as counts.

Chunks are read by keyset pagination over article ids: each chunk is a handful of short,
indexed queries, so an export holds no long-lived cursor or transaction (a server-side
cursor outside a transaction is WITH HOLD on PostgreSQL, which copies the whole result on
the server first) and behaves the same on SQLite. Each chunk sees the database as it is
when read, so labels changed during a long export show in the chunks read after the
change. Exports and counts select the same annotations and sentences through the same
filters, so dataset_info matches the file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import groupby
from operator import itemgetter

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery

from claims.datasets.options import ExportOptions
from claims.datasets.rows import (
    DatasetAnnotation,
    DatasetArticle,
    DatasetAttribution,
    DatasetSentence,
    keep_sentence,
)
from claims.models import (
    Annotation,
    Article,
    GoldLabel,
    Project,
    Sentence,
    SourceKind,
)

# Articles per chunk: for seed-sized articles with seven annotators, 2,800 sentences and
# 20,000 annotations, about 20 MB while encoded; 250 measured 30 MB more peak RSS for
# Parquet and only 10 % less time (benchmarks/export_dataset.py). Also far below SQLite's
# limit on the parameters of an IN (...).
ARTICLES_PER_CHUNK = 100

ARTICLE_FIELDS: tuple[str, ...] = ("pk", "external_id", "title", "outlet", "url", "author")
ARTICLE_FIELDS += ("published_at", "text", "metadata", "segmenter")
_ANNOTATION_FIELDS: tuple[str, ...] = ("pk", "sentence_id", "annotator__username", "label__key")
_ANNOTATION_FIELDS += ("seconds", "created_at")
_ATTRIBUTION_FIELDS: tuple[str, ...] = (
    "position",
    "source_start",
    "source_end",
    "cue_start",
    "cue_end",
)
_ATTRIBUTION_FIELDS += ("kind_id", "entity", "via", "embedded")
_JOINED_ATTRIBUTION_FIELDS = tuple(f"attributions__{name}" for name in _ATTRIBUTION_FIELDS)
_FIRST_FIVE, _FIRST_SIX = itemgetter(0, 1, 2, 3, 4), itemgetter(0, 1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class DatasetCounts:
    articles: int
    sentences: int
    annotations: int
    gold_labels: int
    annotators: int  # distinct annotators of the annotations
    segmenters: tuple[str, ...]  # distinct, of the articles
    # Distinct guideline versions the annotations were made under (None: before versions).
    guideline_versions: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, int]:
        """The counts alone, without the segmenters and guideline versions."""
        counts = asdict(self)
        del counts["segmenters"]
        del counts["guideline_versions"]
        return counts


def load_articles(
    *, project: Project, options: ExportOptions, chunk_size: int | None = None
) -> Iterator[list[DatasetArticle]]:
    """The dataset's articles in id order, `chunk_size` articles read at a time
    (ARTICLES_PER_CHUNK by default).

    Each chunk costs four queries (articles, sentences, annotations joined to their
    attributions, gold joined to its), whatever its size; one more finds the end, and one
    reads the scheme's kinds. Only sentences that pass the options are kept; with a
    sentence filter (gold_only, min_annotations), articles left without sentences are
    dropped, so a chunk may be shorter than `chunk_size`, or empty.
    """
    chunk_size = chunk_size or ARTICLES_PER_CHUNK
    # Kinds by id: the attribution rows name them so, which saves a join per row.
    kinds = dict(SourceKind.objects.filter(project=project).values_list("pk", "key"))
    last = 0
    while read := _read_chunk(
        project=project, options=options, after=last, size=chunk_size, kinds=kinds
    ):
        last, chunk = read
        yield chunk
        # Freed before the next chunk is read, so no more than one is ever held.
        del read, chunk


def _read_chunk(
    *, project: Project, options: ExportOptions, after: int, size: int, kinds: dict[int, str]
) -> tuple[int, list[DatasetArticle]] | None:
    """(last article pk read, the chunk's articles), or None after the last article."""
    articles = Article.objects.filter(project=project, pk__gt=after).order_by("pk")
    rows = list(articles.values_list(*ARTICLE_FIELDS)[:size])
    if not rows:
        return None
    ids = [row[0] for row in rows]
    sentences = _sentences_by_article(ids)
    annotations = _annotations_by_sentence(ids, options=options, kinds=kinds)
    gold = _gold_by_sentence(ids, kinds=kinds)
    chunk = []
    for pk, *fields in rows:
        built = (
            DatasetSentence(index, start, end, tuple(annotations.get(sid, ())), *gold.get(sid, ()))
            for sid, index, start, end in sentences.get(pk, ())
        )
        kept = tuple(
            sentence
            for sentence in built
            if keep_sentence(
                sentence, gold_only=options.gold_only, min_annotations=options.min_annotations
            )
        )
        if kept or not (options.gold_only or options.min_annotations > 0):
            # `fields` are ARTICLE_FIELDS after pk, all but the last of DatasetArticle's; mypy
            # cannot count a starred list, so it fears they reach `sentences` too.
            chunk.append(DatasetArticle(*fields, sentences=kept))  # type: ignore[misc]
    return ids[-1], chunk


def selected_annotations(*, options: ExportOptions) -> QuerySet[Annotation]:
    """Current annotations with a label (a cleared sentence is not an annotation) that
    pass the options' annotator and updated_at range [since, until)."""
    annotations = Annotation.objects.filter(is_current=True, label__isnull=False)
    if options.annotator is not None:
        annotations = annotations.filter(annotator__username=options.annotator)
    if options.since is not None:
        annotations = annotations.filter(created_at__gte=options.since)
    if options.until is not None:
        annotations = annotations.filter(created_at__lt=options.until)
    return annotations


def count_dataset(*, project: Project, options: ExportOptions) -> DatasetCounts:
    """What load_articles would give, counted in the database."""
    annotations = selected_annotations(options=options).filter(sentence__article__project=project)
    sentences = Sentence.objects.filter(article__project=project)
    articles = Article.objects.filter(project=project)
    if options.gold_only:
        current_gold = GoldLabel.objects.filter(sentence=OuterRef("pk"), is_current=True)
        sentences = sentences.filter(Exists(current_gold))
    if options.min_annotations > 0:
        per_sentence = (
            annotations.filter(sentence=OuterRef("pk"))
            .order_by()
            .values("sentence")
            .annotate(count=Count("pk"))
            .values("count")
        )
        sentences = sentences.alias(
            labels=Subquery(per_sentence, output_field=IntegerField())
        ).filter(labels__gte=options.min_annotations)
    if options.gold_only or options.min_annotations > 0:
        annotations = annotations.filter(sentence__in=sentences)
        articles = articles.filter(Exists(sentences.filter(article=OuterRef("pk"))))
    gold = GoldLabel.objects.filter(is_current=True, sentence__in=sentences)
    return DatasetCounts(
        articles=articles.count(),
        sentences=sentences.count(),
        annotations=annotations.count(),
        gold_labels=gold.count(),
        annotators=annotations.values("annotator").distinct().count(),
        segmenters=tuple(
            sorted(articles.order_by().values_list("segmenter", flat=True).distinct())
        ),
        guideline_versions=tuple(
            sorted(
                number
                for number in annotations.order_by()
                .values_list("guideline_version", flat=True)
                .distinct()
                if number is not None
            )
        ),
    )


def _sentences_by_article(ids: Sequence[int]) -> dict[int, list[tuple[int, int, int, int]]]:
    by_article: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
    rows = (
        Sentence.objects.filter(article_id__in=ids)
        .order_by("article_id", "position")
        .values_list("article_id", "pk", "position", "start", "end")
    )
    for article_id, pk, position, start, end in rows:
        by_article[article_id].append((pk, position, start, end))
    return by_article


def _annotations_by_sentence(
    ids: Sequence[int], *, options: ExportOptions, kinds: dict[int, str]
) -> dict[int, list[DatasetAnnotation]]:
    by_sentence: dict[int, list[DatasetAnnotation]] = defaultdict(list)
    selected = selected_annotations(options=options).filter(sentence__article_id__in=ids)
    # Ordered by username, so each sentence lists its annotators in a stable order and a
    # re-imported project exports the same bytes; then by attribution, joined in the same
    # query (an annotation without any has one row of nulls).
    rows = selected.order_by("annotator__username", "pk", "attributions__position").values_list(
        *_ANNOTATION_FIELDS, *_JOINED_ATTRIBUTION_FIELDS
    )
    for (_, sentence_id, annotator, label, seconds, updated_at), group in groupby(
        rows, key=_FIRST_SIX
    ):
        annotation = DatasetAnnotation(
            annotator, label, seconds, updated_at, attributions=_attributions(group, 6, kinds)
        )
        by_sentence[sentence_id].append(annotation)
    return by_sentence


def _attributions(
    rows: Iterable[tuple], start: int, kinds: dict[int, str]
) -> tuple[DatasetAttribution, ...]:
    """One revision's attributions from its joined rows, whose attribution fields begin at
    `start`; none if the one row it has is a null attribution."""
    found = []
    for row in rows:
        _, source_start, source_end, cue_start, cue_end, kind, entity, via, embedded = row[start:]
        if kind is None:  # every attribution has a kind: this row joined none
            return ()
        found.append(
            DatasetAttribution(
                source_start, source_end, cue_start, cue_end, kinds[kind], entity, via, embedded
            )
        )
    return tuple(found)


type _Gold = tuple[str, str, str | None, tuple[DatasetAttribution, ...]]


def _gold_by_sentence(ids: Sequence[int], *, kinds: dict[int, str]) -> dict[int, _Gold]:
    current = GoldLabel.objects.filter(sentence__article_id__in=ids, is_current=True)
    rows = current.order_by("pk", "attributions__position").values_list(
        "pk",
        "sentence_id",
        "label__key",
        "method",
        "reviewer__username",
        *_JOINED_ATTRIBUTION_FIELDS,
    )
    return {
        sentence_id: (key, method, reviewer, _attributions(group, 5, kinds))
        for (_, sentence_id, key, method, reviewer), group in groupby(rows, key=_FIRST_FIVE)
    }
