"""The agreement page's choice of what the bootstrap resamples: a plain form field."""

import pytest
from django.urls import reverse

from claims.agreement import agreement_report
from claims.annotations import record_label

HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = reverse("agreement", args=["iraq"])
KEYS = ["claim", "attribution", "opinion", "other"]


@pytest.fixture
def labelled(make_article, alice, bob, labels):
    """Two articles of 8 sentences; alice and bob disagree on every third."""
    for name in ("first", "second"):
        article = make_article(8, external_id=name)
        for number, sentence in enumerate(article.sentences.all()):
            record_label(sentence=sentence, annotator=alice, label=labels[KEYS[number % 4]])
            bob_key = "other" if number % 3 == 0 else KEYS[number % 4]
            record_label(sentence=sentence, annotator=bob, label=labels[bob_key])
    return article.project


@pytest.fixture
def as_rita(client, rita):
    client.force_login(rita)
    return client


def _interval(report):
    low, high = report["krippendorff_alpha_ci95"]
    return f"95% interval {low:.3f} to {high:.3f}"


def test_the_page_resamples_articles_by_default(as_rita, labelled):
    html = as_rita.get(PAGE).content.decode()
    expected = _interval(agreement_report(project=labelled))
    assert expected in html and "bootstrap over whole articles" in html


def test_the_page_resamples_sentences_when_chosen(as_rita, labelled):
    html = as_rita.get(PAGE, {"resample": "sentences"}).content.decode()
    expected = _interval(agreement_report(project=labelled, resample="sentences"))
    assert expected in html and "bootstrap over single sentences" in html


def test_the_form_keeps_the_choice(as_rita, labelled):
    html = as_rita.get(PAGE, {"resample": "sentences"}).content.decode()
    assert '<option value="sentences" selected>' in html


def test_the_poll_asks_for_the_chosen_unit(as_rita, labelled):
    html = as_rita.get(PAGE, {"resample": "sentences"}, **HTMX).content.decode()
    assert "bootstrap over single sentences" in html


def test_two_articles_are_too_few_for_a_reliable_interval_and_the_page_says_so(as_rita, labelled):
    assert "only 2 articles, too few" in as_rita.get(PAGE).content.decode()


def test_an_unknown_resample_is_named_with_400(as_rita, labelled):
    response = as_rita.get(PAGE, {"resample": "paragraphs"})
    assert response.status_code == 400
    assert "Filter resample must be articles or sentences" in response.content.decode()
