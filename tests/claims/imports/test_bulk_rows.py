"""Labels restored in bulk (COPY on PostgreSQL, bulk_create on SQLite) are stored as the
ORM stores them: every field, attribution and gold revision, checked by the database's
own constraints, and counted in Article.revisions by its triggers."""

import io
import json
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction

from claims.imports.articles import import_files
from claims.imports.bulk_rows import insert_rows, insert_rows_with_ids
from claims.models import Annotation, Attribution, GoldLabel, Sentence

TEXT = "Officials said so. It was a claim, he said."


def upload(project, *sentences: dict) -> None:
    line = json.dumps({"id": "a", "text": TEXT, "sentences": list(sentences)}) + "\n"
    import_files(project=project, files=[("a.jsonl", io.BytesIO(line.encode()))])


def source(start: int, end: int, **fields) -> dict:
    return {"source": {"start": start, "end": end}, "kind": "named_official"} | fields


FIRST = {"start": 0, "end": 18}
SECOND = {"start": 19, "end": 43}


def test_annotations_keep_their_seconds_and_times(project, alice):
    given = {"annotator": "alice", "label": "claim", "seconds": 2.5}
    upload(project, FIRST | {"annotations": [given | {"updated_at": "2025-01-02T03:04:05Z"}]})
    stored = Annotation.objects.get()
    assert (stored.seconds, stored.created_at, stored.is_current) == (
        2.5,
        datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        True,
    )


def test_attributions_keep_via_entity_and_embedded(project, alice):
    said = [
        source(0, 9, entity="ministry"),
        source(10, 14, kind="news_media", entity="agency", via=0),
    ]
    embedded = [source(35, 37, kind="vague", entity="he", embedded=True)]
    upload(
        project,
        FIRST
        | {"annotations": [{"annotator": "alice", "label": "attribution", "attributions": said}]},
        SECOND
        | {"annotations": [{"annotator": "alice", "label": "claim", "attributions": embedded}]},
    )
    stored = Attribution.objects.order_by("annotation__sentence__position", "position")
    assert list(stored.values_list("kind__key", "source_start", "entity", "via", "embedded")) == [
        ("named_official", 0, "ministry", None, False),
        ("news_media", 10, "agency", 0, False),
        ("vague", 35, "he", None, True),
    ]


def test_an_attribution_without_an_entity_gets_one(project, alice):
    said = [{"annotator": "alice", "label": "attribution", "attributions": [source(0, 9)]}]
    upload(project, FIRST | {"annotations": said})
    assert Attribution.objects.get().entity != ""


def test_gold_keeps_its_method_reviewer_and_attributions(project, alice, rita):
    gold = {"gold": "attribution", "gold_method": "adjudicated", "gold_reviewer": "rita"}
    said = [{"annotator": "alice", "label": "claim"}]
    upload(project, FIRST | gold | {"annotations": said, "gold_attributions": [source(0, 9)]})
    stored = GoldLabel.objects.get()
    assert (stored.method, stored.reviewer, stored.note, stored.is_current) == (
        "adjudicated",
        rita,
        "",
        True,
    )
    assert list(stored.attributions.values_list("position", "source_start", "source_end")) == [
        (0, 0, 9)
    ]


def test_every_revision_is_counted_in_the_article(project, alice, bob):
    labels = [{"annotator": "alice", "label": "claim"}, {"annotator": "bob", "label": "claim"}]
    upload(
        project, FIRST | {"annotations": labels, "gold": "claim"}, SECOND | {"annotations": labels}
    )
    assert project.articles.values_list("revisions", flat=True).get() == 5


def test_rows_with_ids_get_their_keys_in_order(article):
    rows = [(article.pk, position, position * 10, position * 10 + 5) for position in (7, 8, 9)]
    ids = insert_rows_with_ids(Sentence, ("article", "position", "start", "end"), rows)
    stored = dict(Sentence.objects.filter(pk__in=ids).values_list("pk", "position"))
    assert [stored[pk] for pk in ids] == [7, 8, 9] and ids == sorted(ids)


def test_a_row_breaking_a_constraint_is_an_integrity_error(article):
    rows = [(article.pk, 50, 10, 5)]  # ends before it starts
    with pytest.raises(IntegrityError, match="sentence_start_before_end"), transaction.atomic():
        insert_rows(Sentence, ("article", "position", "start", "end"), rows)
