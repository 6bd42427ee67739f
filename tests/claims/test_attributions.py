"""Attributions on revisions: stored with the label, compared, refused, kept and undone."""

import pytest

from claims.annotations import (
    StaleAnnotation,
    current_attributions,
    record_label,
    undo_last_change,
)
from claims.attributions import (
    AttributionSpec,
    InvalidAttribution,
    Span,
    fitting,
    originating,
    originating_kinds,
)
from claims.models import Annotation, Attribution, Label
from tests.conftest import ARTICLE_TEXT


def span(text: str) -> Span:
    start = ARTICLE_TEXT.index(text)
    return Span(start, start + len(text))


REPORT = AttributionSpec(kind="vague", source=span("a report"), cue=span("says"), entity="E1")
EXPERTS = AttributionSpec(kind="vague", source=span("Experts"), entity="E2")


def attributions_of(annotation: Annotation | None) -> tuple[AttributionSpec, ...]:
    return current_attributions(annotation)[0]


def test_attributions_are_stored_with_the_revision_in_order(sentence, alice, labels):
    change = record_label(
        sentence=sentence,
        annotator=alice,
        label=labels["attribution"],
        attributions=[REPORT, EXPERTS],
    )
    assert attributions_of(change.annotation) == (REPORT, EXPERTS)


def test_the_same_label_and_attributions_again_store_nothing(sentence, alice, labels):
    for _ in range(2):
        change = record_label(
            sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[REPORT]
        )
    assert (change.is_new, sentence.annotations.count(), Attribution.objects.count()) == (
        False,
        1,
        1,
    )


def test_a_mention_without_an_entity_is_named_after_its_source_so_repeats_match(
    sentence, alice, labels
):
    unnamed = AttributionSpec(kind="vague", source=span("a report"))
    for _ in range(2):
        change = record_label(
            sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[unnamed]
        )
    assert not change.is_new
    assert attributions_of(change.annotation)[0].entity == f"m{span('a report').start}"


def test_a_mention_without_a_source_is_named_after_its_sentence_and_place(sentence, alice, labels):
    reportedly = AttributionSpec(kind="vague")
    change = record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[reportedly]
    )
    assert attributions_of(change.annotation)[0].entity == f"m{sentence.start}.0"


def test_changing_one_attribution_is_a_new_revision_and_the_old_one_stays(sentence, alice, labels):
    first = record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[REPORT]
    ).annotation
    anonymous = AttributionSpec(kind="anonymous", source=REPORT.source, entity="E1")
    second = record_label(
        sentence=sentence,
        annotator=alice,
        label=labels["attribution"],
        attributions=[anonymous],
        based_on=first.pk,
    ).annotation
    assert second.replaces_id == first.pk
    assert (attributions_of(first), attributions_of(second)) == ((REPORT,), (anonymous,))


def test_a_source_may_lie_in_another_sentence(sentence, alice, labels):
    headline = AttributionSpec(kind="document", source=span("Drones"), entity="E9")
    change = record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[headline]
    )
    assert attributions_of(change.annotation) == (headline,)


def test_a_stale_change_of_attributions_is_refused_with_what_is_current(sentence, alice, labels):
    saved = record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[REPORT]
    ).annotation
    with pytest.raises(StaleAnnotation) as refused:
        record_label(
            sentence=sentence,
            annotator=alice,
            label=labels["attribution"],
            attributions=[EXPERTS],
            based_on=0,
        )
    assert refused.value.current == saved
    assert attributions_of(saved) == (REPORT,)


def test_relabelling_without_attributions_keeps_them(sentence, alice, labels, project):
    own = Label.objects.create(project=project, key="quote", name="Quote", hotkey=5, position=4)
    record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[REPORT]
    )
    change = record_label(sentence=sentence, annotator=alice, label=own)
    assert attributions_of(change.annotation) == (REPORT,)


def test_relabelling_as_a_claim_keeps_only_the_embedded_ones_and_their_relays(
    sentence, alice, labels
):
    embedded_agency = AttributionSpec(
        kind="news_media", source=span("a report"), entity="A", embedded=True
    )
    direct = AttributionSpec(kind="vague", source=span("Experts"), entity="B")
    embedded_relayed = AttributionSpec(kind="anonymous", entity="C", via=0, embedded=True)
    record_label(
        sentence=sentence,
        annotator=alice,
        label=labels["attribution"],
        attributions=[embedded_agency, direct, embedded_relayed],
    )
    change = record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    assert attributions_of(change.annotation) == (embedded_agency, embedded_relayed)


def test_clearing_drops_the_attributions(sentence, alice, labels):
    record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[REPORT]
    )
    change = record_label(sentence=sentence, annotator=alice, label=None)
    assert attributions_of(change.annotation) == ()


def test_undo_brings_back_the_label_and_its_attributions_together(sentence, alice, labels):
    first = record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[REPORT]
    ).annotation
    record_label(
        sentence=sentence,
        annotator=alice,
        label=labels["opinion"],
        attributions=[],
        based_on=first.pk,
    )
    undone = undo_last_change(article=sentence.article, annotator=alice)
    assert undone is not None
    assert (undone.label, attributions_of(undone)) == (labels["attribution"], (REPORT,))


@pytest.mark.parametrize(
    ("attributions", "label_key", "path", "words"),
    [
        (
            [AttributionSpec(kind="rumour")],
            "attribution",
            "attributions[0].kind",
            "not a source kind",
        ),
        (
            [AttributionSpec(kind="vague", source=Span(5, 5))],
            "attribution",
            "attributions[0].source",
            "not a span",
        ),
        (
            [AttributionSpec(kind="vague", cue=Span(0, len(ARTICLE_TEXT) + 1))],
            "attribution",
            "attributions[0].cue",
            "not a span",
        ),
        (
            [AttributionSpec(kind="vague", source=Span(0, 6, text="Dronez"))],
            "attribution",
            "attributions[0].source.text",
            "which reads 'Drones'",
        ),
        (
            [REPORT, AttributionSpec(kind="vague", via=1)],
            "attribution",
            "attributions[1].via",
            "points to itself",
        ),
        (
            [AttributionSpec(kind="vague", via=3)],
            "attribution",
            "attributions[0].via",
            "not the index",
        ),
        (
            [AttributionSpec(kind="vague", via=1), AttributionSpec(kind="vague", via=0)],
            "attribution",
            "attributions[0].via",
            "circle",
        ),
        ([REPORT], "claim", "attributions[0].embedded", "embedded"),
        (
            [AttributionSpec(kind="vague", entity="x" * 101)],
            "attribution",
            "attributions[0].entity",
            "100",
        ),
        ([REPORT] * 21, "attribution", "attributions", "at most 20"),
    ],
)
def test_broken_rules_are_refused_naming_the_field(
    sentence, alice, labels, attributions, label_key, path, words
):
    with pytest.raises(InvalidAttribution) as refused:
        record_label(
            sentence=sentence, annotator=alice, label=labels[label_key], attributions=attributions
        )
    assert refused.value.path == path
    assert words in refused.value.message
    assert not Annotation.objects.exists()


def test_a_cleared_sentence_has_no_attributions(sentence, alice):
    with pytest.raises(InvalidAttribution, match="cleared"):
        record_label(sentence=sentence, annotator=alice, label=None, attributions=[REPORT])


def test_a_kind_of_another_project_is_refused(sentence, alice, labels, project):
    project.source_kinds.filter(key="vague").update(key="hazy")
    with pytest.raises(InvalidAttribution, match="'vague' is not a source kind"):
        record_label(
            sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[REPORT]
        )


def test_the_originating_attribution_is_the_one_no_other_relays():
    agency = AttributionSpec(kind="news_media", entity="A")
    unnamed = AttributionSpec(kind="anonymous", entity="B", via=0)
    despite = AttributionSpec(kind="named_organization", entity="C", embedded=True)
    assert originating([agency, unnamed, despite]) == [unnamed]
    assert originating_kinds([agency, unnamed, despite]) == ("anonymous",)


def test_two_sources_side_by_side_both_originate_sorted_by_kind():
    assert originating_kinds(
        [AttributionSpec(kind="vague", entity="A"), AttributionSpec(kind="anonymous", entity="B")]
    ) == ("anonymous", "vague")


def test_only_embedded_attributions_leave_no_originating_one():
    assert originating([AttributionSpec(kind="vague", entity="A", embedded=True)]) == []


def test_fitting_a_custom_label_without_role_keeps_everything(labels, project):
    own = Label(project=project, key="quote", role="")
    assert fitting([REPORT], label=own) == (REPORT,)
