"""The label endpoint with attributions: one request carries the label and the sentence's
whole list of attributions (JSON in a form field)."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from claims.annotations import current_attributions, record_label
from claims.attributions import AttributionSpec, Span
from claims.models import Annotation
from tests.conftest import ARTICLE_TEXT

HTMX = {"HTTP_HX_REQUEST": "true"}
# The sentence's lock and the read of its state: one round trip on PostgreSQL, two on SQLite.
LOCK_AND_STATE = 1 if connection.vendor == "postgresql" else 2
REPORT = ARTICLE_TEXT.index("a report")
EXPERTS = ARTICLE_TEXT.index("Experts")


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def source(start, end, kind="vague", **fields):
    return {"source": {"start": start, "end": end}, "kind": kind, **fields}


def post(client, sentence, attributions=None, based_on=0, label="attribution", **extra):
    data = {"sentence": sentence.pk, "label": label, "based_on": based_on}
    if attributions is not None:
        data["attributions"] = json.dumps(attributions)
    url = reverse("label_sentence", args=[sentence.article.project.slug, sentence.article.pk])
    return client.post(url, data, **extra)


def saved(sentence, user):
    current = Annotation.objects.get(sentence=sentence, annotator=user, is_current=True)
    return current_attributions(current)[0]


def test_label_and_attributions_are_saved_in_one_request(as_alice, sentence, alice):
    post(as_alice, sentence, [source(REPORT, REPORT + 8)], **HTMX)
    assert saved(sentence, alice) == (
        AttributionSpec(kind="vague", source=Span(REPORT, REPORT + 8), entity=f"m{REPORT}"),
    )


def test_leaving_the_field_out_keeps_the_attributions(as_alice, sentence, alice, labels):
    first = post(as_alice, sentence, [source(REPORT, REPORT + 8)], **HTMX)
    assert first.status_code == 200
    revision = Annotation.objects.get(annotator=alice, is_current=True).pk
    post(as_alice, sentence, based_on=revision, **HTMX)  # the same label, no field
    assert [spec.kind for spec in saved(sentence, alice)] == ["vague"]


def test_an_empty_list_removes_them(as_alice, sentence, alice):
    post(as_alice, sentence, [source(REPORT, REPORT + 8)], **HTMX)
    revision = Annotation.objects.get(annotator=alice, is_current=True).pk
    post(as_alice, sentence, [], based_on=revision, **HTMX)
    assert saved(sentence, alice) == ()


def test_the_response_draws_the_source_with_its_kind(as_alice, sentence):
    html = post(as_alice, sentence, [source(REPORT, REPORT + 8)], **HTMX).content.decode()
    drawn = f'<span class="mark source" data-kind="vague" data-entity="m{REPORT}" data-tag="vague">'
    assert drawn + "a report</span>" in html


def test_a_source_in_another_sentence_is_redrawn_there(as_alice, article):
    experts = article.sentences.get(position=2)
    html = post(as_alice, experts, [source(REPORT, REPORT + 8)], **HTMX).content.decode()
    assert 'id="sentence-1"' in html and 'id="sentence-2"' in html


def test_the_drawn_text_is_the_article_text(as_alice, sentence, article):
    post(as_alice, sentence, [source(REPORT, REPORT + 8)], **HTMX)
    html = as_alice.get(reverse("annotate", args=["iraq", article.pk])).content.decode()
    assert "a report says." not in html  # cut into a mark and the rest
    assert "Swarms of drones are flying over al-Anbar, " in html


def test_bad_json_is_refused_naming_the_field(as_alice, sentence):
    url = reverse("label_sentence", args=["iraq", sentence.article.pk])
    data = {"sentence": sentence.pk, "label": "attribution", "based_on": 0, "attributions": "[{"}
    response = as_alice.post(url, data, **HTMX)
    assert (
        response.status_code == 422 and "attributions: not valid JSON" in response.content.decode()
    )


@pytest.mark.parametrize(
    ("attributions", "path"),
    [
        ([{"kind": "vague", "via": "0"}], "attributions[0].via"),
        ([source(REPORT, REPORT + 8, kind="gossip")], "attributions[0].kind"),
        ([source(REPORT, 10_000)], "attributions[0].source.end"),
        ([source(REPORT, REPORT + 8, via=0)], "attributions[0].via"),
    ],
)
def test_a_bad_attribution_is_refused_naming_its_path(as_alice, sentence, attributions, path):
    response = post(as_alice, sentence, attributions, **HTMX)
    assert response.status_code == 422 and f"{path}:" in response.content.decode()


def test_a_refused_attribution_writes_nothing(as_alice, sentence, alice):
    post(as_alice, sentence, [source(REPORT, REPORT + 8, kind="gossip")], **HTMX)
    assert not Annotation.objects.filter(annotator=alice).exists()


def test_stale_based_on_answers_409_and_keeps_what_is_saved(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    response = post(as_alice, sentence, [source(REPORT, REPORT + 8)], based_on=0, **HTMX)
    assert (response.status_code, saved(sentence, alice)) == (409, ())


def test_stale_based_on_shows_what_is_saved(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    html = post(as_alice, sentence, [source(REPORT, REPORT + 8)], **HTMX).content.decode()
    assert 'data-label="claim"' in html and "mark source" not in html


def test_saving_attributions_costs_a_fixed_number_of_queries(
    as_alice, make_article, alice, django_assert_max_num_queries
):
    article = make_article(300)
    sentence = article.sentences.get(position=5)
    post(as_alice, sentence, [source(sentence.start, sentence.end, kind="anonymous")], **HTMX)
    revision = Annotation.objects.get(annotator=alice, is_current=True).pk
    # Fixed, not small: session, membership, the revision and its attributions, the gold
    # refresh (labels and attributions of the sentence), the changed fragment.
    with django_assert_max_num_queries(23):
        response = post(as_alice, sentence, [], based_on=revision, **HTMX)
    assert response.status_code == 200


def test_relabelling_a_sentence_keeps_the_marks_of_sources_cited_from_elsewhere(
    as_alice, article, alice, labels, django_assert_num_queries
):
    """The source of sentence 2's attribution lies in sentence 1: a new label on sentence 1
    redraws that mark, which only a read of the other sentences' attributions can know."""
    report, experts = article.sentences.get(position=1), article.sentences.get(position=2)
    post(as_alice, experts, [source(REPORT, REPORT + 8)], **HTMX)
    record_label(sentence=report, annotator=alice, label=labels["claim"])
    revision = Annotation.objects.get(sentence=report, annotator=alice, is_current=True).pk
    # Session, user, target; savepoint, lock and state, retire, insert, release; the marks.
    with django_assert_num_queries(8 + LOCK_AND_STATE):
        html = post(as_alice, report, based_on=revision, label="opinion", **HTMX).content.decode()
    assert 'data-kind="vague"' in html and "a report</span>" in html


def test_without_marks_from_elsewhere_the_answer_reads_no_attributions(
    as_alice, article, django_assert_num_queries
):
    report = article.sentences.get(position=1)
    # Session, user, target; savepoint, lock and state, insert, release.
    with django_assert_num_queries(6 + LOCK_AND_STATE):
        html = post(as_alice, report, label="claim", **HTMX).content.decode()
    assert 'id="sentence-1"' in html and "mark source" not in html
