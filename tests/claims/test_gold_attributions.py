"""Gold decides the whole annotation: its label and its attributions."""

import pytest

from claims.adjudication import StaleGold, adjudicate, refresh_automatic_gold
from claims.annotations import record_label
from claims.attributions import AttributionSpec, InvalidAttribution, current_attributions
from claims.models import GoldLabel, Sentence

UNNAMED = AttributionSpec(kind="anonymous", entity="E1")
OFFICIAL = AttributionSpec(kind="named_official", entity="E9")


def gold_of(sentence):
    gold = GoldLabel.objects.filter(sentence=sentence, is_current=True).first()
    return None if gold is None else (gold.label.key, gold.method, current_attributions(gold)[0])


def label(sentence, person, labels, *attributions, key="attribution"):
    record_label(sentence=sentence, annotator=person, label=labels[key], attributions=attributions)


def test_agreeing_on_label_and_kind_earns_gold_with_the_earliest_attributions(
    sentence, alice, bob, labels
):
    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, AttributionSpec(kind="anonymous", entity="other"))
    assert gold_of(sentence) == ("attribution", "unanimous", (UNNAMED,))


def test_agreeing_on_the_label_but_not_the_kind_earns_no_gold(sentence, alice, bob, labels):
    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, OFFICIAL)
    assert gold_of(sentence) is None


def test_a_relay_does_not_count_against_agreement_on_the_originating_kind(
    sentence, alice, bob, labels
):
    agency = AttributionSpec(kind="news_media", entity="A")
    label(sentence, alice, labels, agency, AttributionSpec(kind="anonymous", entity="B", via=0))
    label(sentence, bob, labels, UNNAMED)
    assert gold_of(sentence)[:2] == ("attribution", "unanimous")


def test_changing_a_kind_retires_automatic_gold(sentence, alice, bob, labels):
    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, UNNAMED)
    label(sentence, bob, labels, OFFICIAL)
    assert gold_of(sentence) is None


def test_a_reviewer_takes_one_annotators_annotation_whole(sentence, alice, bob, rita, labels):
    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, OFFICIAL)
    adjudicate(sentence=sentence, by=rita, take_from=bob)
    assert gold_of(sentence) == ("attribution", "adjudicated", (OFFICIAL,))


def test_a_label_decision_takes_the_first_such_annotators_attributions(
    sentence, alice, bob, rita, labels
):
    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, OFFICIAL)
    adjudicate(sentence=sentence, label=labels["attribution"], by=rita)
    assert gold_of(sentence)[2] == (UNNAMED,)  # alice's: first by username


def test_a_reviewer_may_give_attributions_of_their_own(sentence, alice, bob, rita, labels):
    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, OFFICIAL)
    mine = AttributionSpec(kind="vague", entity="R")
    adjudicate(sentence=sentence, label=labels["attribution"], by=rita, attributions=[mine])
    assert gold_of(sentence)[2] == (mine,)


def test_the_same_decision_again_is_a_repeat_even_when_stale(sentence, alice, bob, rita, labels):
    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, OFFICIAL)
    first = adjudicate(sentence=sentence, by=rita, take_from=bob, based_on=0)
    assert adjudicate(sentence=sentence, by=rita, take_from=bob, based_on=0) == first
    with pytest.raises(StaleGold):
        adjudicate(sentence=sentence, by=rita, take_from=alice, based_on=0)


def test_gold_attributions_follow_the_rules(sentence, alice, rita, labels):
    label(sentence, alice, labels, UNNAMED)
    with pytest.raises(InvalidAttribution, match="embedded"):
        adjudicate(sentence=sentence, label=labels["claim"], by=rita, attributions=[UNNAMED])


def test_taking_from_someone_without_a_label_is_refused(sentence, alice, bob, rita, labels):
    label(sentence, alice, labels, UNNAMED)
    with pytest.raises(ValueError, match="has no label"):
        adjudicate(sentence=sentence, by=rita, take_from=bob)


def test_applying_automatic_gold_uses_the_same_rule(sentence, alice, bob, labels, project):
    project.annotators_per_article = 3
    project.save()
    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, UNNAMED)
    assert gold_of(sentence) is None
    project.annotators_per_article = 2
    project.save()
    assert refresh_automatic_gold(sentences=Sentence.objects.filter(pk=sentence.pk)) == 1
    assert gold_of(sentence) == ("attribution", "unanimous", (UNNAMED,))


def test_a_disagreement_on_kind_under_one_label_is_disputed(sentence, alice, bob, labels, project):
    from claims.adjudication import disputed_sentences

    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, OFFICIAL)
    disputed = list(disputed_sentences(project=project))
    assert [(s.pk, s.distinct_labels) for s in disputed] == [(sentence.pk, 1)]


def test_agreeing_on_kind_is_not_disputed(sentence, alice, bob, labels, project):
    from claims.adjudication import disputed_sentences

    label(sentence, alice, labels, UNNAMED)
    label(sentence, bob, labels, AttributionSpec(kind="anonymous", entity="x"))
    assert not disputed_sentences(project=project).exists()
