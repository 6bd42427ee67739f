import pytest

from claims.annotations import record_label
from claims.imports.articles import import_article
from claims.models import Annotation
from claims.projects import create_project
from tests.conftest import ARTICLE_TEXT

ANNOTATIONS = "/api/v1/annotations/"
ROLES = [("alice", 201), ("rita", 201), ("owen", 201), ("olga", 404), (None, 401)]
# "a report", the source named in the fixture sentence; offsets index the article's text.
SOURCE = {"start": ARTICLE_TEXT.index("a report"), "end": ARTICLE_TEXT.index(" says")}
REPORT = {"source": SOURCE, "kind": "vague", "entity": "E1"}
UNNAMED = {"kind": "anonymous", "entity": "E2", "via": 0}


def label(client, sentence, key, **fields):
    return client.post(ANNOTATIONS, {"sentence": sentence.pk, "label": key, **fields})


@pytest.mark.parametrize(("person", "status"), ROLES)
def test_members_label_sentences_and_outsiders_find_none(as_person, sentence, person, status):
    assert label(as_person(person), sentence, "claim").status_code == status


def test_a_new_label_answers_with_its_revision(as_alice, sentence):
    body = label(as_alice, sentence, "claim").json()
    assert (body["annotator"], body["label"], body["is_current"]) == ("alice", "claim", True)


def test_a_new_label_gives_the_revisions_location(as_alice, sentence):
    response = label(as_alice, sentence, "claim")
    assert response["Location"].endswith(f"/api/v1/annotations/{response.json()['id']}/")


def test_the_same_label_again_answers_200(as_alice, sentence):
    label(as_alice, sentence, "claim")
    assert label(as_alice, sentence, "claim").status_code == 200


def test_the_same_label_again_keeps_one_revision(as_alice, alice, sentence):
    label(as_alice, sentence, "claim")
    label(as_alice, sentence, "claim")
    assert Annotation.objects.filter(sentence=sentence, annotator=alice).count() == 1


def test_a_change_based_on_the_current_revision_is_stored(as_alice, sentence):
    first = label(as_alice, sentence, "claim").json()
    second = label(as_alice, sentence, "opinion", based_on=first["id"]).json()
    assert (second["label"], second["replaces"]) == ("opinion", first["id"])


def test_a_change_based_on_a_stale_revision_answers_409(as_alice, sentence):
    first = label(as_alice, sentence, "claim").json()
    label(as_alice, sentence, "opinion", based_on=first["id"])
    assert label(as_alice, sentence, "other", based_on=first["id"]).status_code == 409


def test_a_409_carries_the_current_revision(as_alice, alice, sentence, labels):
    current = record_label(sentence=sentence, annotator=alice, label=labels["opinion"]).annotation
    body = label(as_alice, sentence, "other", based_on=0).json()
    assert (body["current"]["id"], body["current"]["label"]) == (current.pk, "opinion")


def test_null_clears_the_label(as_alice, sentence):
    first = label(as_alice, sentence, "claim").json()
    assert label(as_alice, sentence, None, based_on=first["id"]).json()["label"] is None


def test_clearing_a_sentence_never_labelled_answers_204(as_alice, sentence):
    assert label(as_alice, sentence, None).status_code == 204


def test_an_unknown_label_is_a_400_naming_the_field(as_alice, sentence):
    response = label(as_alice, sentence, "rumour")
    assert (response.status_code, list(response.json())) == (400, ["label"])


def test_a_label_key_with_a_nul_character_is_a_400(as_alice, sentence):
    assert label(as_alice, sentence, "cl\x00aim").status_code == 400


def test_a_sentence_id_of_the_wrong_type_is_a_400(as_alice, sentence):
    response = as_alice.post(ANNOTATIONS, {"sentence": "first", "label": "claim"})
    assert list(response.json()) == ["sentence"]


def test_a_sentence_of_a_project_the_user_is_not_in_is_not_found(as_alice, olga):
    elsewhere = create_project(name="Elsewhere", owner=olga)
    article = import_article(project=elsewhere, external_id="x", text="Hidden. Quite hidden.")
    assert label(as_alice, article.sentences.first(), "claim").status_code == 404


def test_a_sentence_that_does_not_exist_is_not_found(as_alice, project):
    assert as_alice.post(ANNOTATIONS, {"sentence": 10**12, "label": "claim"}).status_code == 404


def test_negative_seconds_are_a_400(as_alice, sentence):
    assert label(as_alice, sentence, "claim", seconds=-1).status_code == 400


def send(client, sentence, key, attributions, **fields):
    body = {"sentence": sentence.pk, "label": key, "attributions": attributions, **fields}
    return client.post(ANNOTATIONS, body, format="json")


def test_attributions_are_stored_with_the_label(as_alice, sentence):
    body = send(as_alice, sentence, "attribution", [REPORT, UNNAMED]).json()
    assert body["attributions"] == [
        REPORT | {"source": SOURCE, "cue": None, "embedded": False, "via": None},
        UNNAMED | {"source": None, "cue": None, "embedded": False, "entity": "E2"},
    ]


def test_a_mention_sent_without_entity_gets_its_own(as_alice, sentence):
    body = send(as_alice, sentence, "attribution", [{"kind": "vague", "source": SOURCE}]).json()
    assert body["attributions"][0]["entity"] == f"m{SOURCE['start']}"


def test_a_new_attribution_for_the_same_label_is_a_new_revision(as_alice, sentence):
    first = label(as_alice, sentence, "attribution").json()
    response = send(as_alice, sentence, "attribution", [REPORT], based_on=first["id"])
    assert (response.status_code, response.json()["replaces"]) == (201, first["id"])


def test_the_same_label_and_attributions_again_answer_200(as_alice, sentence):
    send(as_alice, sentence, "attribution", [REPORT])
    assert send(as_alice, sentence, "attribution", [REPORT]).status_code == 200


def test_a_label_change_without_attributions_keeps_them(as_alice, sentence, project):
    project.labels.create(key="quote", name="Quote", hotkey=5, position=4)
    send(as_alice, sentence, "attribution", [REPORT])
    body = label(as_alice, sentence, "quote").json()
    assert [a["kind"] for a in body["attributions"]] == ["vague"]


def test_an_empty_list_removes_them(as_alice, sentence):
    send(as_alice, sentence, "attribution", [REPORT])
    assert send(as_alice, sentence, "attribution", []).json()["attributions"] == []


def test_a_stale_change_of_attributions_is_a_409_with_the_current_ones(as_alice, sentence):
    send(as_alice, sentence, "attribution", [REPORT])
    response = send(as_alice, sentence, "attribution", [REPORT | {"kind": "anonymous"}], based_on=0)
    assert response.status_code == 409
    assert response.json()["current"]["attributions"][0]["entity"] == "E1"


@pytest.mark.parametrize(
    ("attribution", "field"),
    [
        (REPORT | {"source": SOURCE | {"end": len(ARTICLE_TEXT) + 1}}, "attributions[0].source"),
        (REPORT | {"source": SOURCE | {"text": "a rumour"}}, "attributions[0].source.text"),
        (REPORT | {"kind": "rumour"}, "attributions[0].kind"),
        (REPORT | {"via": 0}, "attributions[0].via"),
        (REPORT | {"embedded": False}, None),  # fine under an attribution label
    ],
)
def test_a_broken_attribution_is_a_400_naming_the_field(as_alice, sentence, attribution, field):
    response = send(as_alice, sentence, "attribution", [attribution])
    if field is None:
        assert response.status_code == 201
    else:
        assert (response.status_code, response.json()["field"]) == (400, field)
        assert field in response.json()["attributions"][0]


def test_a_source_ending_before_it_starts_is_a_400(as_alice, sentence):
    backwards = SOURCE | {"start": SOURCE["end"], "end": SOURCE["start"]}
    response = send(as_alice, sentence, "attribution", [REPORT | {"source": backwards}])
    assert response.status_code == 400


def test_a_direct_attribution_under_a_claim_label_is_a_400(as_alice, sentence):
    response = send(as_alice, sentence, "claim", [REPORT])
    assert (response.status_code, response.json()["field"]) == (400, "attributions[0].embedded")
    assert send(as_alice, sentence, "claim", [REPORT | {"embedded": True}]).status_code == 201


def test_attributions_without_a_label_are_a_400(as_alice, sentence):
    assert send(as_alice, sentence, None, [REPORT]).status_code == 400


def test_the_old_single_source_field_is_refused_not_dropped(as_alice, sentence):
    response = label(as_alice, sentence, "attribution", source="x")
    assert response.status_code == 400
    assert "attributions" in response.json()["source"][0]
