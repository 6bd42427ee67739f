"""Article.revisions, counted by the database's triggers, and the labels state built on it:
it moves with every change of labels, attributions or gold, whoever writes them."""

import io
import json

from claims.adjudication import adjudicate
from claims.agreement.selection import AgreementFilters
from claims.annotations import record_label, undo_last_change
from claims.attributions import AttributionSpec
from claims.data_state import labels_state
from claims.imports.articles import import_files
from claims.models import Annotation, Article, SourceKind


def revisions(article: Article) -> int:
    return Article.objects.values_list("revisions", flat=True).get(pk=article.pk)


def test_each_revision_counts_once_and_a_repeat_not_at_all(article, sentence, alice, labels):
    assert revisions(article) == 0
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])  # a repeat
    assert revisions(article) == 1
    spec = AttributionSpec(kind="vague", entity="e1")
    record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[spec]
    )
    assert revisions(article) == 2
    undo_last_change(article=article, annotator=alice)
    assert revisions(article) == 3


def test_gold_decisions_count(article, sentence, alice, rita, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    adjudicate(sentence=sentence, by=rita, label=labels["opinion"])
    assert revisions(article) == 2


def test_deleted_revisions_count_too(article, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    Annotation.objects.filter(sentence=sentence).delete()
    assert revisions(article) == 2


def test_a_bulk_import_counts_every_row_of_each_article(project):
    records = [
        {
            "id": f"a{n}",
            "text": "One claim. Another claim.",
            "sentences": [
                {"start": 0, "end": 10, "annotations": [{"annotator": "alice", "label": "claim"}]},
                {
                    "start": 11,
                    "end": 25,
                    "annotations": [
                        {"annotator": "alice", "label": "claim"},
                        {"annotator": "bob", "label": "opinion"},
                    ],
                },
            ],
        }
        for n in range(3)
    ]
    lines = "".join(json.dumps(record) + "\n" for record in records).encode()
    import_files(project=project, files=[("labelled.jsonl", io.BytesIO(lines))])
    assert sorted(project.articles.values_list("revisions", flat=True)) == [3, 3, 3]


def test_the_state_moves_with_labels_gold_articles_and_the_scheme(
    project, article, sentence, alice, rita, labels
):
    states = [labels_state(project=project)]

    def moved() -> bool:
        states.append(labels_state(project=project))
        return states[-1] != states[-2]

    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    assert moved()
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    assert not moved()  # a repeat changes nothing
    adjudicate(sentence=sentence, by=rita, label=labels["claim"])
    assert moved()
    Article.objects.create(project=project, external_id="new", text="New.", segmenter="m")
    assert moved()
    SourceKind.objects.filter(project=project, key="vague").update(media=True)
    assert moved()
    labels["opinion"].role = ""
    labels["opinion"].save()
    assert moved()


def test_the_state_of_a_selection_ignores_other_articles(project, article, sentence, alice, labels):
    other = Article.objects.create(
        project=project, external_id="wire", text="A claim.", outlet="Wire", segmenter="m"
    )
    elsewhere = other.sentences.create(position=0, start=0, end=8)
    wire = AgreementFilters(outlet="Wire")
    before = labels_state(project=project, filters=wire)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    assert labels_state(project=project, filters=wire) == before
    record_label(sentence=elsewhere, annotator=alice, label=labels["claim"])
    assert labels_state(project=project, filters=wire) != before
