import json

import pytest
from django.urls import reverse

from annotator.views.annotate import STALE_MESSAGE
from claims.annotations import record_label
from claims.models import Annotation

HTMX = {"HTTP_HX_REQUEST": "true"}


def label_url(article):
    return reverse("label_sentence", args=[article.project.slug, article.pk])


def undo_url(article):
    return reverse("undo", args=[article.project.slug, article.pk])


def current_label(sentence, user):
    annotation = sentence.annotations.filter(annotator=user, is_current=True).first()
    return annotation.label.key if annotation and annotation.label else None


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def post_label(client, sentence, label="claim", based_on=0, **extra):
    data = {"sentence": sentence.pk, "label": label, "based_on": based_on, "seconds": "3.5"}
    return client.post(label_url(sentence.article), data, **extra)


def test_htmx_label_is_saved(as_alice, sentence, alice):
    post_label(as_alice, sentence, **HTMX)
    assert current_label(sentence, alice) == "claim"


def test_htmx_label_stores_the_seconds_spent(as_alice, sentence, alice):
    post_label(as_alice, sentence, **HTMX)
    assert Annotation.objects.get(annotator=alice).seconds == 3.5


def test_htmx_label_swaps_only_the_sentence_progress_and_message(as_alice, sentence):
    html = post_label(as_alice, sentence, **HTMX).content.decode()
    swapped = sorted(part.split('"')[1] for part in html.split(" id=")[1:])
    assert (swapped, html.count('hx-swap-oob="true"')) == (
        ["annotate-message", "progress", "sentence-1"],
        3,
    )


def test_htmx_label_response_shows_the_new_label_and_progress(as_alice, sentence):
    html = post_label(as_alice, sentence, **HTMX).content.decode()
    assert 'data-label="claim"' in html and "1 / 4" in html


def test_plain_post_redirects_to_the_next_unlabelled_sentence(as_alice, sentence):
    response = post_label(as_alice, sentence)
    assert (response.status_code, response["Location"]) == (
        303,
        reverse("annotate", args=["iraq", sentence.article_id]) + "?s=2#sentence-2",
    )


def test_clear_removes_the_label(as_alice, sentence, alice, labels):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    data = {"sentence": sentence.pk, "clear": "1", "based_on": first.pk}
    as_alice.post(label_url(sentence.article), data, **HTMX)
    assert current_label(sentence, alice) is None


def test_plain_clear_stays_on_the_sentence(as_alice, sentence, alice, labels):
    first = record_label(sentence=sentence, annotator=alice, label=labels["claim"]).annotation
    data = {"sentence": sentence.pk, "clear": "1", "based_on": first.pk}
    response = as_alice.post(label_url(sentence.article), data)
    assert response["Location"].endswith("?s=1#sentence-1")


def test_stale_label_answers_409_with_what_is_saved(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    response = post_label(as_alice, sentence, based_on=0, **HTMX)
    html = response.content.decode()
    assert response.status_code == 409 and 'data-label="opinion"' in html


def test_stale_label_response_explains_the_conflict(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    html = post_label(as_alice, sentence, based_on=0, **HTMX).content.decode()
    assert STALE_MESSAGE.split(".")[0] in html


def test_stale_label_leaves_the_saved_label_alone(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    post_label(as_alice, sentence, based_on=0, **HTMX)
    assert current_label(sentence, alice) == "opinion"


def test_stale_plain_post_shows_the_page_with_409(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["opinion"])
    response = post_label(as_alice, sentence, based_on=0)
    assert response.status_code == 409 and b"<html" in response.content


@pytest.mark.parametrize(
    "change",
    [
        {"label": "rumour"},
        {"label": ""},
        {"label": "claim", "clear": "1"},
        {"based_on": "x"},
        {"based_on": ""},
        {"seconds": "-1"},
        {"seconds": "nan"},
        {"seconds": "1e9"},
        {"sentence": "0"},
    ],
)
def test_bad_input_answers_422(as_alice, sentence, change):
    data = {"sentence": sentence.pk, "label": "claim", "based_on": 0} | change
    assert as_alice.post(label_url(sentence.article), data, **HTMX).status_code == 422


def test_bad_input_fragment_re_renders_the_form_with_the_error(as_alice, sentence):
    data = {"sentence": sentence.pk, "label": "rumour", "based_on": 0}
    html = as_alice.post(label_url(sentence.article), data, **HTMX).content.decode()
    assert 'id="label-form"' in html and "Select a valid choice" in html and "<html" not in html


def test_bad_input_plain_post_shows_the_page_with_the_error(as_alice, sentence):
    data = {"sentence": sentence.pk, "based_on": 0}
    response = as_alice.post(label_url(sentence.article), data)
    assert response.status_code == 422 and b"Choose a label." in response.content


def test_sentence_of_another_article_is_refused(as_alice, sentence, make_article):
    other = make_article(2).sentences.first()
    data = {"sentence": other.pk, "label": "claim", "based_on": 0}
    assert as_alice.post(label_url(sentence.article), data, **HTMX).status_code == 422


def test_htmx_undo_restores_and_points_the_page_at_the_sentence(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    response = as_alice.post(undo_url(sentence.article), **HTMX)
    event = json.loads(response["HX-Trigger-After-Settle"])
    assert event == {"annotate:changed": {"position": sentence.position}}


def test_htmx_undo_swaps_the_restored_sentence(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    html = as_alice.post(undo_url(sentence.article), **HTMX).content.decode()
    assert 'id="sentence-1"' in html and 'data-label=""' in html


def test_plain_undo_redirects_to_the_changed_sentence(as_alice, sentence, alice, labels):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    response = as_alice.post(undo_url(sentence.article))
    assert response.status_code == 303 and response["Location"].endswith("?s=1#sentence-1")


def test_htmx_undo_with_nothing_to_undo_says_so(as_alice, article):
    response = as_alice.post(undo_url(article), **HTMX)
    assert response.status_code == 200 and b"Nothing to undo." in response.content


def test_plain_undo_with_nothing_to_undo_says_so_after_the_redirect(as_alice, article):
    response = as_alice.post(undo_url(article), follow=True)
    assert b"Nothing to undo." in response.content


@pytest.mark.parametrize("person", ["rita", "owen"])
def test_every_member_may_annotate(client, sentence, person, request):
    user = request.getfixturevalue(person)
    client.force_login(user)
    assert post_label(client, sentence, **HTMX).status_code == 200


def test_label_page_refuses_get(as_alice, article):
    assert as_alice.get(label_url(article)).status_code == 405
