"""A request from someone whose session has ended: htmx gets 401, a plain post the login page.

With a redirect, htmx would follow it and receive the login page as a 200: the page's script
could not tell it from a saved change. 401 is an error htmx does not swap, and the unsaved
change stays on screen (annotator/http.py).
"""

import pytest
from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def label_url(sentence):
    return reverse("label_sentence", args=["iraq", sentence.article_id])


@pytest.fixture
def label_data(sentence):
    return {"sentence": sentence.pk, "label": "claim", "based_on": 0}


def test_htmx_post_after_logging_out_answers_401(client, label_url, label_data):
    assert client.post(label_url, label_data, **HTMX).status_code == 401


def test_htmx_401_says_the_user_is_logged_out(client, label_url, label_data):
    assert b"You are logged out" in client.post(label_url, label_data, **HTMX).content


def test_htmx_401_does_not_tell_htmx_to_navigate(client, label_url, label_data):
    headers = client.post(label_url, label_data, **HTMX).headers
    assert not {"Location", "HX-Redirect", "HX-Location", "HX-Refresh"} & set(headers)


def test_htmx_decision_after_logging_out_answers_401(client, sentence):
    url = reverse("decide_gold", args=["iraq", sentence.pk])
    assert client.post(url, {"label": "claim", "based_on": 0}, **HTMX).status_code == 401


def test_htmx_poll_after_logging_out_answers_401(client, article):
    # The agreement page polls for its interval; it must not swap the login page in.
    url = reverse("agreement", args=["iraq"])
    assert client.get(url, **HTMX).status_code == 401


def test_plain_post_after_logging_out_redirects_to_the_login_page(client, label_url, label_data):
    response = client.post(label_url, label_data)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('login')}?next={label_url}",
    )


def test_plain_page_after_logging_out_redirects_to_the_login_page(client, article):
    url = reverse("annotate", args=["iraq", article.pk])
    assert client.get(url)["Location"] == f"{reverse('login')}?next={url}"


def test_htmx_post_of_a_logged_in_user_is_answered_as_before(client, alice, label_url, label_data):
    client.force_login(alice)
    assert client.post(label_url, label_data, **HTMX).status_code == 200
