import pytest
from django.db import IntegrityError

from claims.annotations import (
    MAX_SECONDS,
    NO_REVISION,
    LabelNotInScheme,
    StaleAnnotation,
    record_label,
    undo_last_change,
)
from claims.models import Annotation, Sentence
from claims.projects import create_project
from claims.revisions import SentenceGone


def _labels_in_order(sentence, annotator):
    revisions = sentence.annotations.filter(annotator=annotator).order_by("pk")
    return [revision.label.key if revision.label else None for revision in revisions]


def _current(sentence, annotator):
    return sentence.annotations.get(annotator=annotator, is_current=True)


def test_first_label_becomes_the_current_revision(sentence, alice, labels):
    annotation = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    assert _current(sentence, alice) == annotation


def test_relabel_keeps_the_earlier_revision(sentence, alice, labels):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"], based_on=first.pk)
    assert _labels_in_order(sentence, alice) == ["claim", "opinion"]


def test_relabel_moves_current_to_the_new_revision(sentence, alice, labels):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    second = record_label(sentence=sentence, annotator=alice, label=labels["opinion"]).annotation
    assert (_current(sentence, alice), second.replaces) == (second, first)


def test_database_refuses_a_second_current_revision(sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    with pytest.raises(IntegrityError):
        Annotation.objects.create(sentence=sentence, annotator=alice, label=labels["opinion"])


def test_same_label_again_adds_no_revision(sentence, alice, labels):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    again = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    assert (again, sentence.annotations.count()) == (first, 1)


def test_stale_based_on_is_refused(sentence, alice, labels):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"], based_on=first.pk)
    with pytest.raises(StaleAnnotation):
        record_label(sentence=sentence, annotator=alice, label=labels["other"], based_on=first.pk)


def test_stale_error_carries_the_current_revision(sentence, alice, labels):
    current = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    with pytest.raises(StaleAnnotation) as error:
        record_label(
            sentence=sentence, annotator=alice, label=labels["opinion"], based_on=NO_REVISION
        )
    assert error.value.current == current


def test_no_revision_is_accepted_for_an_unlabelled_sentence(sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"], based_on=NO_REVISION)
    assert _labels_in_order(sentence, alice) == ["claim"]


def test_other_annotators_revisions_do_not_make_a_label_stale(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=bob, label=labels["opinion"])
    record_label(sentence=sentence, annotator=alice, label=labels["claim"], based_on=NO_REVISION)
    assert _current(sentence, alice).label == labels["claim"]


def test_clear_appends_a_revision_without_label(sentence, alice, labels):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    record_label(sentence=sentence, annotator=alice, label=None, based_on=first.pk)
    assert _labels_in_order(sentence, alice) == ["claim", None]


def test_clearing_an_unlabelled_sentence_changes_nothing(sentence, alice):
    assert record_label(sentence=sentence, annotator=alice, label=None).annotation is None


def test_seconds_are_stored_with_the_revision(sentence, alice, labels):
    annotation = record_label(
        sentence=sentence, annotator=alice, label=labels["claim"], seconds=4.5
    ).annotation
    assert Annotation.objects.get(pk=annotation.pk).seconds == 4.5


def test_label_of_another_project_is_refused(sentence, alice):
    elsewhere = create_project(name="Elsewhere").labels.get(key="claim")
    with pytest.raises(LabelNotInScheme):
        record_label(sentence=sentence, annotator=alice, label=elsewhere)


def test_undo_restores_the_previous_label(sentence, alice, labels):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"], based_on=first.pk)
    undo_last_change(article=sentence.article, annotator=alice)
    assert _current(sentence, alice).label == labels["claim"]


def test_undo_appends_a_revision_naming_the_undone_change(sentence, alice, labels):
    change = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    undo = undo_last_change(article=sentence.article, annotator=alice)
    assert (undo.undoes, undo.label, sentence.annotations.count()) == (change, None, 2)


def test_repeated_undo_walks_back_through_the_article(article, alice, labels):
    first, second = article.sentences.all()[:2]
    record_label(sentence=first, annotator=alice, label=labels["claim"])
    record_label(sentence=second, annotator=alice, label=labels["opinion"])
    record_label(sentence=first, annotator=alice, label=labels["other"])
    undone = [undo_last_change(article=article, annotator=alice).sentence for _ in range(3)]
    assert undone == [first, second, first]


def test_undoing_everything_leaves_every_sentence_unlabelled(article, alice, labels):
    first, second = article.sentences.all()[:2]
    record_label(sentence=first, annotator=alice, label=labels["claim"])
    record_label(sentence=first, annotator=alice, label=labels["opinion"])
    record_label(sentence=second, annotator=alice, label=labels["other"])
    for _ in range(3):
        undo_last_change(article=article, annotator=alice)
    current = Annotation.objects.filter(annotator=alice, is_current=True)
    assert [annotation.label for annotation in current] == [None, None]


def test_undo_with_nothing_to_undo_returns_none(article, alice):
    assert undo_last_change(article=article, annotator=alice) is None


def test_undo_stops_when_every_change_is_undone(sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    undo_last_change(article=sentence.article, annotator=alice)
    assert undo_last_change(article=sentence.article, annotator=alice) is None


def test_undo_ignores_other_annotators_changes(sentence, alice, bob, labels):
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    assert undo_last_change(article=sentence.article, annotator=alice) is None


def test_change_after_undo_is_undone_first(sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    undo_last_change(article=sentence.article, annotator=alice)
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    undo_last_change(article=sentence.article, annotator=alice)
    assert _current(sentence, alice).label is None


def test_more_than_a_day_on_one_sentence_is_refused(sentence, alice, labels):
    with pytest.raises(ValueError, match="between 0 and"):
        record_label(
            sentence=sentence, annotator=alice, label=labels["claim"], seconds=MAX_SECONDS + 1
        )


def test_a_change_says_it_stored_a_revision(sentence, alice, labels):
    assert record_label(sentence=sentence, annotator=alice, label=labels["claim"]).is_new


def test_asking_again_for_the_current_label_says_nothing_was_stored(sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    assert not record_label(sentence=sentence, annotator=alice, label=labels["claim"]).is_new


def test_a_sentence_deleted_meanwhile_is_refused_by_name(sentence, alice, labels):
    # As when an import with update re-segments the article between page and save.
    Sentence.objects.filter(pk=sentence.pk).delete()
    with pytest.raises(SentenceGone):
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
