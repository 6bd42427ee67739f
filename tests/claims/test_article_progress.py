"""Article.sentence_count and ArticleProgress are kept by database triggers (migration
0009): whatever writes sentences or labels, the counts equal a recount from the rows."""

import io
import json
from collections import Counter

from claims.annotations import record_label, undo_last_change
from claims.imports.articles import import_files
from claims.models import Annotation, Article, ArticleProgress, Sentence


def recounted() -> dict[tuple[int, int], int]:
    """(article, annotator) -> sentences labelled, counted from the annotations."""
    current = Annotation.objects.filter(is_current=True, label__isnull=False)
    return dict(Counter(current.values_list("sentence__article", "annotator")))


def kept() -> dict[tuple[int, int], int]:
    """The same, as the triggers keep it (rows left at zero are no labels)."""
    rows = ArticleProgress.objects.filter(labelled__gt=0)
    return {(row.article_id, row.annotator_id): row.labelled for row in rows}


def sentence_counts() -> dict[int, tuple[int, int]]:
    """Article id -> (kept count, recount)."""
    return {
        article.pk: (article.sentence_count, article.sentences.count())
        for article in Article.objects.all()
    }


def test_labels_are_counted_per_article_and_annotator(article, labels, alice, bob):
    first, second, *_ = article.sentences.all()
    record_label(sentence=first, annotator=alice, label=labels["claim"])
    record_label(sentence=second, annotator=alice, label=labels["claim"])
    record_label(sentence=first, annotator=bob, label=labels["claim"])
    assert kept() == {(article.pk, alice.pk): 2, (article.pk, bob.pk): 1}


def test_relabelling_counts_the_sentence_once(sentence, labels, alice):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    assert kept() == {(sentence.article_id, alice.pk): 1}


def test_a_cleared_label_is_not_counted(sentence, labels, alice):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=alice, label=None)
    assert kept() == {} == recounted()


def test_undo_moves_the_count_back_and_forth(article, labels, alice):
    first, second, *_ = article.sentences.all()
    record_label(sentence=first, annotator=alice, label=labels["claim"])
    record_label(sentence=second, annotator=alice, label=labels["claim"])
    undo_last_change(article=article, annotator=alice)  # second unlabelled again
    assert kept() == {(article.pk, alice.pk): 1} == recounted()


def test_undoing_a_clear_counts_the_label_again(sentence, labels, alice):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=alice, label=None)
    undo_last_change(article=sentence.article, annotator=alice)
    assert kept() == {(sentence.article_id, alice.pk): 1}


def test_deleting_revisions_subtracts_them(article, labels, alice, bob):
    for sentence in article.sentences.all():
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
        record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    Annotation.objects.filter(annotator=bob, sentence__position__lt=3).delete()
    assert kept() == recounted() == {(article.pk, alice.pk): 4, (article.pk, bob.pk): 1}


def test_deleting_a_labelled_article_deletes_its_progress(article, labels, alice):
    record_label(sentence=article.sentences.first(), annotator=alice, label=labels["claim"])
    article.delete()
    assert not ArticleProgress.objects.exists()


def test_sentences_are_counted_when_created_and_deleted(article):
    Sentence.objects.filter(article=article, position__gte=2).delete()
    assert sentence_counts() == {article.pk: (2, 2)}


def test_imported_sentences_and_labels_are_counted(project, alice):
    text = "One two. Three four."
    sentences = [
        {
            "start": 0,
            "end": 8,
            "text": "One two.",
            "annotations": [{"annotator": "alice", "label": "claim"}],
        },
        {"start": 9, "end": 20, "text": "Three four."},
    ]
    line = json.dumps({"id": "a", "text": text, "sentences": sentences})
    plain = json.dumps({"id": "b", "text": "Fine. Good. Well."})
    data = f"{line}\n{plain}\n".encode()
    import_files(project=project, files=[("a.jsonl", io.BytesIO(data))])
    first, second = Article.objects.order_by("external_id")
    assert sentence_counts() == {first.pk: (2, 2), second.pk: (3, 3)}
    assert kept() == recounted() == {(first.pk, alice.pk): 1}


def test_the_migration_counts_what_was_there_before(article, labels, alice):
    from importlib import import_module

    from django.db import connection

    record_label(sentence=article.sentences.first(), annotator=alice, label=labels["claim"])
    ArticleProgress.objects.all().delete()
    Article.objects.update(sentence_count=0)
    migration = import_module("claims.migrations.0009_article_progress")
    with connection.cursor() as cursor:
        for statement in migration.BACKFILL:
            cursor.execute(statement)
    assert (kept(), sentence_counts()) == ({(article.pk, alice.pk): 1}, {article.pk: (4, 4)})
