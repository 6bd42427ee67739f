from html import unescape

import pytest
from django.urls import reverse

from claims.annotations import record_label
from claims.models import Label, ProjectChange, SourceKind

PAGE = reverse("owner_scheme", args=["iraq"])


def _row(part, key):
    return reverse("owner_scheme_row", args=["iraq", part, key])


def _label_fields(key, **changes):
    label = Label.objects.get(project__slug="iraq", key=key)
    fields = {
        "name": label.name,
        "description": label.description,
        "example": label.example,
        "colour": label.colour,
        "hotkey": label.hotkey or "",
    } | changes
    return {f"label-{key}-{name}": value for name, value in fields.items()}


@pytest.fixture
def as_owen(client, owen, project):
    client.force_login(owen)
    return client


def test_owner_sees_labels_and_kinds(as_owen):
    page = as_owen.get(PAGE)
    assert b'value="Attribution"' in page.content and b'value="Anonymous source"' in page.content


@pytest.mark.parametrize("who", ["alice", "rita", "olga"])
def test_scheme_page_is_404_for_non_owners(client, project, olga, who, django_user_model):
    client.force_login(django_user_model.objects.get(username=who))
    assert client.get(PAGE).status_code == 404


@pytest.mark.parametrize("who", ["alice", "rita", "olga"])
def test_non_owners_cannot_change_a_label(client, project, olga, who, django_user_model):
    client.force_login(django_user_model.objects.get(username=who))
    response = client.post(_row("labels", "claim"), _label_fields("claim", name="Mine"))
    assert (response.status_code, Label.objects.get(key="claim").name) == (404, "Claim")


def test_project_and_settings_pages_link_the_scheme_page(as_owen):
    for page in ("project", "owner_settings", "owner_members", "owner_guidelines"):
        assert PAGE.encode() in as_owen.get(reverse(page, args=["iraq"])).content, page


def test_saving_a_row_renames_the_label_and_redirects(as_owen):
    response = as_owen.post(_row("labels", "claim"), _label_fields("claim", name="Factual claim"))
    assert (response.status_code, response["Location"]) == (303, PAGE + "#labels")
    assert Label.objects.get(key="claim").name == "Factual claim"


def test_saving_is_recorded_in_the_history(as_owen):
    as_owen.post(_row("labels", "claim"), _label_fields("claim", colour="#112233"))
    summary = ProjectChange.objects.get(what="scheme").summary
    assert summary == "label claim: colour '#0072B2' → '#112233'"


def test_a_taken_hotkey_rerenders_naming_row_and_field(as_owen):
    response = as_owen.post(_row("labels", "claim"), _label_fields("claim", hotkey="2"))
    assert response.status_code == 422
    assert "Label 'Claim', Hotkey: 2 is the key of 'Attribution' already" in unescape(response.text)


def test_a_rerendered_row_keeps_what_was_typed(as_owen):
    fields = _label_fields("claim", name="Typed", colour="not a colour")
    response = as_owen.post(_row("labels", "claim"), fields)
    assert response.status_code == 422 and 'value="Typed"' in response.text


def test_move_down_reorders(as_owen, project):
    as_owen.post(_row("labels", "claim"), {"action": "down"})
    assert [label.key for label in project.labels.all()][:2] == ["attribution", "claim"]


def test_hide_then_unhide_a_kind(as_owen):
    as_owen.post(_row("kinds", "vague"), {"action": "hide"})
    assert SourceKind.objects.get(key="vague").hidden is True
    as_owen.post(_row("kinds", "vague"), {"action": "unhide"})
    assert SourceKind.objects.get(key="vague").hidden is False


def test_deleting_a_used_label_is_refused_with_a_message(as_owen, alice, sentence, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    response = as_owen.post(_row("labels", "claim"), {"action": "delete"}, follow=True)
    assert "Claim: label 'Claim' is in use, so it cannot be deleted" in unescape(response.text)


def test_used_rows_offer_no_delete_button(as_owen, alice, sentence, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    page = as_owen.get(PAGE).text
    assert 'aria-label="Delete Claim"' not in page and 'aria-label="Delete Opinion"' in page


def test_adding_a_kind(as_owen, project):
    fields = {"key": "poll", "name": "Poll", "colour": "#336699", "hotkey": "q"}
    fields |= {"source_class": "identified", "description": "", "example": ""}
    response = as_owen.post(
        reverse("owner_scheme_add", args=["iraq", "kinds"]),
        {f"new-kinds-{name}": value for name, value in fields.items()},
    )
    assert response.status_code == 303
    assert list(project.source_kinds.values_list("key", flat=True))[-1] == "poll"


def test_adding_a_label_with_a_taken_key_names_the_field(as_owen):
    fields = {"key": "claim", "name": "Again", "colour": "#336699", "hotkey": "", "role": ""}
    response = as_owen.post(
        reverse("owner_scheme_add", args=["iraq", "labels"]),
        {f"new-labels-{name}": value for name, value in fields.items()},
    )
    assert response.status_code == 422
    assert "New label, Key: the project has a label 'claim' already" in unescape(response.text)


def test_an_unknown_row_is_404(as_owen):
    assert as_owen.post(_row("labels", "nothing"), {"action": "hide"}).status_code == 404


def test_scheme_page_query_count_is_bounded(as_owen, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        assert as_owen.get(PAGE).status_code == 200
