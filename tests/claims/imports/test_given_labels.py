"""import_files reads exported JSON Lines back: given sentences keep their boundaries,
their labels are restored, and every bad value is refused naming line and field."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from claims.imports.articles import GIVEN_SEGMENTER, ArticleFormatError, import_files
from claims.models import Annotation, GoldLabel, Membership

TEXT = "One two. Three four."


def sentence(start: int, end: int, **fields) -> dict:
    return {"start": start, "end": end, "text": TEXT[start:end]} | fields


def labelled(annotator: str = "alice", label: str = "claim") -> dict:
    return {"annotator": annotator, "label": label}


def said(*attributions: dict) -> dict:
    """alice's attribution label with these attributions, each a vague one by default."""
    listed = [{"kind": "vague", "entity": f"E{n}"} | given for n, given in enumerate(attributions)]
    return labelled(label="attribution") | {"attributions": listed}


def upload(project, *sentences: dict, update: bool = False, **fields):
    line = json.dumps({"id": "a", "text": TEXT, "sentences": list(sentences)} | fields)
    data = (json.dumps({"id": "first", "text": "Fine."}) + "\n" + line + "\n").encode()
    return import_files(project=project, files=[("a.jsonl", io.BytesIO(data))], update=update)


def refusal(project, *sentences: dict, **fields) -> str:
    with pytest.raises(ArticleFormatError) as caught:
        upload(project, *sentences, **fields)
    return str(caught.value)


def test_given_sentences_keep_their_boundaries(project):
    upload(project, sentence(0, 3), sentence(9, 20))
    stored = project.articles.get(external_id="a").sentences.values_list("start", "end")
    assert list(stored) == [(0, 3), (9, 20)]


def test_given_sentences_record_their_segmenter(project):
    upload(project, sentence(0, 8), segmenter="newsplit-2")
    assert project.articles.get(external_id="a").segmenter == "newsplit-2"


def test_given_sentences_without_a_segmenter_are_marked_as_given(project):
    upload(project, sentence(0, 8))
    assert project.articles.get(external_id="a").segmenter == GIVEN_SEGMENTER


def test_annotations_are_restored_as_current_revisions(project, alice, bob):
    upload(project, sentence(0, 8, annotations=[labelled("alice"), labelled("bob", "opinion")]))
    restored = Annotation.objects.filter(is_current=True).order_by("annotator__username")
    assert [(a.annotator.username, a.label.key) for a in restored] == [
        ("alice", "claim"),
        ("bob", "opinion"),
    ]


def test_unknown_annotators_become_accounts_that_cannot_log_in(project):
    upload(project, sentence(0, 8, annotations=[labelled("carol")]))
    assert not User.objects.get(username="carol").has_usable_password()


def test_the_report_lists_new_accounts(project, alice):
    report = upload(project, sentence(0, 8, annotations=[labelled("alice"), labelled("carol")]))
    assert (report.annotations, report.new_accounts) == (2, ("carol",))


def test_new_accounts_join_no_project(project):
    gold = {"gold": "claim", "gold_method": "adjudicated", "gold_reviewer": "vera"}
    upload(project, sentence(0, 8, annotations=[labelled("carol")], **gold))
    assert not Membership.objects.filter(user__username__in=["carol", "vera"]).exists()


def test_an_account_outside_the_project_is_refused_by_line_and_name(project, olga):
    assert refusal(project, sentence(0, 8, annotations=[labelled("olga")])) == (
        "a.jsonl line 2: field 'sentences[0].annotations[0].annotator' is 'olga', an account "
        "that is not a member of project 'iraq'; add them first"
    )


def test_an_annotator_cannot_be_named_as_the_adjudicating_reviewer(project, alice, bob):
    gold = {"gold": "claim", "gold_method": "adjudicated", "gold_reviewer": "bob"}
    message = refusal(project, sentence(0, 8, annotations=[labelled("alice")], **gold))
    assert "'bob', who does not review project 'iraq'" in message


def test_a_refused_name_imports_nothing(project, olga):
    refusal(project, sentence(0, 8, annotations=[labelled("olga")]))
    assert (project.articles.count(), Annotation.objects.count()) == (0, 0)


def test_gold_without_a_method_is_unanimous_when_the_annotations_agree(project):
    upload(project, sentence(0, 8, annotations=[labelled("alice"), labelled("bob")], gold="claim"))
    assert GoldLabel.objects.get().method == "unanimous"


def test_the_import_command_prints_new_accounts(project, tmp_path, capsys):
    line = {"id": "a", "text": TEXT, "sentences": [sentence(0, 8, annotations=[labelled("carol")])]}
    (tmp_path / "a.jsonl").write_text(json.dumps(line) + "\n")
    call_command("import_articles", "iraq", str(tmp_path / "a.jsonl"))
    assert (
        "cannot log in until an owner sets a password (manage.py changepassword USER): carol."
        in (capsys.readouterr().out)
    )


def test_a_refused_label_imports_nothing_and_creates_no_account(project):
    refusal(project, sentence(0, 8, annotations=[labelled("carol", "rumour")]))
    assert (project.articles.count(), User.objects.filter(username="carol").exists()) == (0, False)


def test_labels_for_an_existing_article_are_refused(project):
    upload(project, sentence(0, 8))
    message = refusal(project, sentence(0, 8, annotations=[labelled()]), update=True)
    assert "labels are only restored into new articles" in message


def test_errors_name_the_file_line_and_field(project):
    message = refusal(project, sentence(0, 8), sentence(9, 20), {"start": 19, "end": 25})
    assert (
        message == "a.jsonl line 2: field 'sentences[2].end' is 25, past the end of the text (20)"
    )


@pytest.mark.parametrize(
    ("sentences", "fields", "message"),
    [
        ([], {}, "field 'sentences' is empty"),
        ([sentence(0, 8), sentence(4, 8)], {}, "'sentences[1].start' is 4, before the end of"),
        ([sentence(3, 3)], {}, "'sentences[0].end' is 3; it must be greater than start"),
        ([{"start": 0, "end": 8, "text": "One"}], {}, "'sentences[0].text' differs from the text"),
        ([{"start": "0", "end": 8}], {}, "'sentences[0].start' must be a whole number"),
        ([sentence(0, 8, lable="x")], {}, "'sentences[0].lable' is not known here"),
        (
            [sentence(0, 8, annotations=[labelled(label="rumour")])],
            {},
            "'sentences[0].annotations[0].label' is 'rumour', which is not a label of project",
        ),
        (
            [sentence(0, 8, gold="rumour", gold_method="majority")],
            {},
            "'sentences[0].gold' is 'rumour'",
        ),
        (
            [sentence(0, 8, annotations=[labelled("no one")])],
            {},
            "'sentences[0].annotations[0].annotator' is not a valid username",
        ),
        ([sentence(0, 8, annotations=[labelled(), labelled()])], {}, "labels the sentence twice"),
        (
            [sentence(0, 8, annotations=[labelled() | {"seconds": -1}])],
            {},
            "'sentences[0].annotations[0].seconds' must be a number of seconds >= 0",
        ),
        (
            [sentence(0, 8, annotations=[labelled() | {"source": {"start": 0, "end": 3}}])],
            {},
            "'sentences[0].annotations[0].source' was replaced by 'attributions'",
        ),
        (
            [sentence(0, 8, annotations=[said({"source": {"start": 0, "end": 99}})])],
            {},
            "'sentences[0].annotations[0].attributions[0].source.end' is 99, past the end",
        ),
        (
            [sentence(0, 8, annotations=[said({"source": {"start": 0, "end": 3, "text": "Two"}})])],
            {},
            "'sentences[0].annotations[0].attributions[0].source.text' differs from the text",
        ),
        (
            [sentence(0, 8, annotations=[said({"kind": "rumour"})])],
            {},
            "'sentences[0].annotations[0].attributions[0].kind' 'rumour' is not a source kind "
            "of this project (anonymous, document,",
        ),
        (
            [sentence(0, 8, annotations=[said({}, {"via": 1})])],
            {},
            "'sentences[0].annotations[0].attributions[1].via' points to itself",
        ),
        (
            [sentence(0, 8, annotations=[said({"via": "0"})])],
            {},
            "'sentences[0].annotations[0].attributions[0].via' must be a whole number",
        ),
        (
            [sentence(0, 8, annotations=[said({}) | {"label": "claim"}])],
            {},
            "'sentences[0].annotations[0].attributions[0].embedded' a sentence labelled 'claim'",
        ),
        (
            [sentence(0, 8, annotations=[said({"embedded": "yes"})])],
            {},
            "'sentences[0].annotations[0].attributions[0].embedded' must be true or false",
        ),
        (
            [sentence(0, 8, gold_attributions=[{"kind": "vague"}])],
            {},
            "'sentences[0].gold_attributions' is given for a sentence without 'gold'",
        ),
        (
            [sentence(0, 8, annotations=[labelled(label="opinion")], gold="claim")],
            {},
            "'sentences[0].gold_method' is needed: the annotations do not agree on 'claim'",
        ),
        (
            [sentence(0, 8, gold="claim", gold_method="adjudicated")],
            {},
            "'sentences[0].gold_reviewer' is needed for adjudicated gold",
        ),
        (
            [sentence(0, 8, gold="claim", gold_method="majority", gold_reviewer="rita")],
            {},
            "'sentences[0].gold_reviewer' is only for adjudicated gold",
        ),
        (
            [sentence(0, 8)],
            {"text": "One two.\r\nThree four."},
            "'sentences' cannot be kept: the text has \\r line ends",
        ),
    ],
)
def test_bad_sentences_are_refused_naming_the_field(project, sentences, fields, message):
    assert message in refusal(project, *sentences, **fields)


def test_attributions_are_restored_with_their_revision(project, alice, rita):
    attributions = [
        {"source": {"start": 0, "end": 3, "text": "One"}, "kind": "news_media", "entity": "A"},
        {"cue": {"start": 4, "end": 7}, "kind": "anonymous", "entity": "B", "via": 0},
    ]
    gold = [{"kind": "anonymous", "entity": "B"}]
    upload(
        project,
        sentence(
            0,
            8,
            annotations=[labelled(label="attribution") | {"attributions": attributions}],
            gold="attribution",
            gold_method="adjudicated",
            gold_reviewer="rita",
            gold_attributions=gold,
        ),
    )
    annotation = Annotation.objects.get(is_current=True)
    stored = annotation.attributions.order_by("position").values_list(
        "source_start", "source_end", "cue_start", "kind__key", "entity", "via"
    )
    assert list(stored) == [
        (0, 3, None, "news_media", "A", None),
        (None, None, 4, "anonymous", "B", 0),
    ]
    gold_row = GoldLabel.objects.get(is_current=True).attributions.get()
    assert (gold_row.kind.key, gold_row.entity) == ("anonymous", "B")


def test_a_bad_attribution_writes_nothing(project, alice):
    refusal(project, sentence(0, 8, annotations=[said({}, {"via": 1})]))
    assert not project.articles.exists()
    assert not Annotation.objects.exists()


def test_a_segmenter_without_sentences_is_refused(project):
    data = json.dumps({"text": TEXT, "segmenter": "mine"}).encode()
    with pytest.raises(ArticleFormatError, match="field 'segmenter' is only for given 'sentences'"):
        import_files(project=project, files=[("a.jsonl", io.BytesIO(data))])
