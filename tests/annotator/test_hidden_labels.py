"""The annotate and sources pages with labels and kinds hidden from new work."""

from html import unescape

import pytest
from django.urls import reverse

from claims.annotations import record_label
from claims.models import Label, SourceKind
from claims.scheme import set_hidden


@pytest.fixture
def opinion_hidden(project, owen):
    set_hidden(project=project, model=Label, key="opinion", hidden=True, by=owen)


def _annotate(article):
    return reverse("annotate", args=["iraq", article.pk])


def test_the_annotate_page_offers_no_button_for_a_hidden_label(
    client, alice, article, opinion_hidden
):
    client.force_login(alice)
    page = client.get(_annotate(article)).text
    assert 'value="claim"' in page and 'value="opinion"' not in page


def test_the_annotate_page_offers_no_hidden_kind(client, alice, article, project, owen):
    set_hidden(project=project, model=SourceKind, key="vague", hidden=True, by=owen)
    client.force_login(alice)
    page = client.get(_annotate(article)).text
    assert 'data-kind-key="anonymous"' in page and 'data-kind-key="vague"' not in page


def test_a_sentence_labelled_before_hiding_still_shows_its_label(
    client, alice, article, sentence, labels, project, owen
):
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    set_hidden(project=project, model=Label, key="opinion", hidden=True, by=owen)
    client.force_login(alice)
    page = client.get(_annotate(article)).text
    assert 'data-label="opinion" data-label-name="Opinion"' in page


def test_posting_a_hidden_label_rerenders_naming_the_field(
    client, alice, article, sentence, opinion_hidden
):
    client.force_login(alice)
    url = reverse("label_sentence", args=["iraq", article.pk])
    response = client.post(url, {"sentence": sentence.pk, "label": "opinion", "based_on": 0})
    assert response.status_code == 422
    assert "label 'opinion' is hidden from new work" in unescape(response.text)


def test_the_sources_page_keeps_the_hidden_label_a_sentence_has(
    client, alice, article, sentence, labels, project, owen
):
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    set_hidden(project=project, model=Label, key="opinion", hidden=True, by=owen)
    client.force_login(alice)
    page = client.get(reverse("sentence_sources", args=["iraq", article.pk, 1])).text
    assert '<option value="opinion" selected>' in page
