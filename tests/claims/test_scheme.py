import pytest
from django.db import IntegrityError

from claims.annotations import record_label
from claims.attributions import AttributionSpec
from claims.models import Label, ProjectChange, SourceKind
from claims.scheme import (
    SchemeError,
    add_row,
    delete_row,
    move_row,
    scheme_rows,
    set_hidden,
    update_row,
)


def _keys(project, model):
    return [row.key for row in scheme_rows(project=project, model=model)]


def _last_summary(project):
    return ProjectChange.objects.filter(project=project, what="scheme").first().summary


def test_renaming_a_label_is_recorded_with_old_and_new_name(project, owen):
    update_row(project=project, model=Label, key="claim", values={"name": "Factual"}, by=owen)
    assert _last_summary(project) == "label claim: name 'Claim' → 'Factual'"


def test_an_unchanged_value_records_nothing(project, owen):
    changed = update_row(
        project=project, model=Label, key="claim", values={"name": "Claim"}, by=owen
    )
    assert (changed, ProjectChange.objects.count()) == ({}, 0)


def test_added_label_goes_last_and_is_recorded(project, owen):
    row = Label(key="quote", name="Quote", colour="#123456", hotkey=5)
    add_row(project=project, row=row, by=owen)
    assert (_keys(project, Label)[-1], _last_summary(project)) == (
        "quote",
        "label quote: added 'Quote'",
    )


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (Label(key="bad key", name="Bad"), "key"),
        (Label(key="claim", name="Again"), "key"),
        (Label(key="new", name="  "), "name"),
        (Label(key="new", name="New", colour="red"), "colour"),
        (Label(key="new", name="New", hotkey=1), "hotkey"),
        (Label(key="new", name="New", hotkey=10), "hotkey"),
        (SourceKind(key="new", name="New", source_class="vague", hotkey="j"), "hotkey"),
        (SourceKind(key="new", name="New", source_class="vague", hotkey="o"), "hotkey"),
        (SourceKind(key="new", name="New", source_class="vague", hotkey="Q"), "hotkey"),
        (SourceKind(key="new", name="New", source_class="rumour"), "source_class"),
    ],
)
def test_invalid_rows_are_refused_naming_the_field(project, owen, row, field):
    with pytest.raises(SchemeError) as error:
        add_row(project=project, row=row, by=owen)
    assert error.value.field == field


def test_a_kind_cannot_take_a_key_of_the_annotate_page(project, owen):
    with pytest.raises(SchemeError, match="u is a key of the annotate page"):
        update_row(project=project, model=SourceKind, key="vague", values={"hotkey": "u"}, by=owen)


def test_duplicate_label_hotkey_names_the_label_that_has_it(project, owen):
    with pytest.raises(SchemeError, match="2 is the key of 'Attribution'"):
        update_row(project=project, model=Label, key="claim", values={"hotkey": 2}, by=owen)


def test_moving_up_swaps_with_the_label_before(project, owen):
    move_row(project=project, model=Label, key="attribution", up=True, by=owen)
    assert _keys(project, Label)[:2] == ["attribution", "claim"]


def test_the_first_kind_does_not_move_up(project, owen):
    first = _keys(project, SourceKind)[0]
    assert move_row(project=project, model=SourceKind, key=first, up=True, by=owen) is False


def test_hiding_frees_the_hotkey_for_another_label(project, owen):
    set_hidden(project=project, model=Label, key="claim", hidden=True, by=owen)
    update_row(project=project, model=Label, key="opinion", values={"hotkey": 1}, by=owen)
    assert Label.objects.get(project=project, key="opinion").hotkey == 1


def test_hiding_is_recorded_with_the_key_freed(project, owen):
    set_hidden(project=project, model=SourceKind, key="vague", hidden=True, by=owen)
    assert _last_summary(project) == "kind vague: hidden from new work, key w freed"


def test_the_database_refuses_a_hidden_row_with_a_hotkey(project):
    with pytest.raises(IntegrityError):
        Label.objects.filter(project=project, key="claim").update(hidden=True)


def test_an_unused_label_is_deleted(project, owen):
    delete_row(project=project, model=Label, key="other", by=owen)
    assert "other" not in _keys(project, Label)


def test_a_used_label_cannot_be_deleted_only_hidden(project, owen, alice, sentence, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    with pytest.raises(SchemeError, match="in use, so it cannot be deleted; hide it instead"):
        delete_row(project=project, model=Label, key="claim", by=owen)


def test_a_kind_used_by_an_attribution_cannot_be_deleted(project, owen, alice, sentence, labels):
    spec = AttributionSpec(kind="vague")
    record_label(
        sentence=sentence, annotator=alice, label=labels["attribution"], attributions=[spec]
    )
    with pytest.raises(SchemeError, match="in use"):
        delete_row(project=project, model=SourceKind, key="vague", by=owen)


def test_scheme_rows_say_which_are_in_use(project, alice, sentence, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    used = [row.key for row in scheme_rows(project=project, model=Label) if row.is_used]
    assert used == ["opinion"]


def test_a_colour_in_other_case_is_no_change(project, owen):
    values = {"colour": "#0072b2"}  # the default scheme has #0072B2
    assert update_row(project=project, model=Label, key="claim", values=values, by=owen) == {}
