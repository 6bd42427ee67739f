"""The pages of flags and send-backs: the flag form, the review queue's flags and its
send-back form, the annotator's "sent back to you" list, Next, keeping a label, the CSV."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims import flags
from claims.annotations import record_label
from claims.models import Flag, SendBack

HTMX = {"HTTP_HX_REQUEST": "true"}


def flag_url(article, position):
    return reverse("flag_sentence", args=["iraq", article.pk, position])


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def login(client, user: User):
    client.force_login(user)
    return client


def test_the_flag_form_raises_changes_and_withdraws_a_flag(as_alice, article, alice):
    page = as_alice.get(flag_url(article, 1)).content.decode()
    assert "Flag sentence 2" in page and "Swarms of drones" in page
    response = as_alice.post(flag_url(article, 1), {"comment": "a report: vague?"})
    assert response.status_code == 303
    assert response["Location"].endswith("?s=1#sentence-1")
    assert Flag.objects.get().comment == "a report: vague?"
    page = as_alice.get(flag_url(article, 1)).content.decode()
    assert "Your flag on sentence 2" in page and "Withdraw the flag" in page
    assert as_alice.post(flag_url(article, 1), {"withdraw": "1"}).status_code == 303
    assert Flag.objects.get().closed_how == "withdrawn"


def test_a_bad_comment_is_refused_naming_the_field(as_alice, article):
    response = as_alice.post(flag_url(article, 1), {"comment": "x" * 2001})
    assert response.status_code == 422
    assert "Comment: Ensure this value has at most 2000 characters" in response.content.decode()
    assert not Flag.objects.exists()


def test_the_annotate_page_marks_the_own_flag_only(client, article, alice, bob):
    flags.raise_flag(sentence=article.sentences.get(position=1), annotator=alice, comment="zebra")
    page = login(client, alice).get(reverse("annotate", args=["iraq", article.pk])).content
    assert b"is-flagged" in page and b"You flagged this sentence: zebra" in page
    assert b"<kbd>f</kbd> Flag" in page
    page = login(client, bob).get(reverse("annotate", args=["iraq", article.pk])).content
    assert b"is-flagged" not in page and b"zebra" not in page


def test_others_cannot_flag_an_article_they_may_not_open(client, article, olga):
    assert login(client, olga).post(flag_url(article, 1), {"comment": "x"}).status_code == 404
    assert not Flag.objects.exists()


def test_reviewers_see_flags_and_send_a_sentence_back(client, article, alice, rita, labels):
    sentence = article.sentences.get(position=1)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    flags.raise_flag(sentence=sentence, annotator=alice, comment="claim or opinion?")
    as_rita = login(client, rita)
    page = as_rita.get(reverse("review", args=["iraq"])).content.decode()
    assert "⚑ 1 flag" in page and "claim or opinion?" in page
    assert "Send back to an annotator" in page
    url = reverse("send_back", args=["iraq", sentence.pk])
    refused = as_rita.post(url, {"annotator": "alice", "note": ""})
    assert (
        refused.status_code == 422 and "Note: This field is required." in refused.content.decode()
    )
    unknown = as_rita.post(url, {"annotator": "nobody", "note": "look"})
    assert "nobody is not a member of this project" in unknown.content.decode()
    response = as_rita.post(url, {"annotator": "alice", "note": "Who says it?"})
    assert response.status_code == 303 and f"s={sentence.pk}" in response["Location"]
    assert SendBack.objects.get().note == "Who says it?"
    page = as_rita.get(response["Location"]).content.decode()
    assert "Sent back to</span> <strong>alice</strong>" in page
    again = as_rita.post(url, {"annotator": "alice", "note": "again"})
    assert again.status_code == 422 and "already sent back to alice" in again.content.decode()


def test_annotators_cannot_send_back(client, article, alice, bob, labels):
    sentence = article.sentences.get(position=1)
    record_label(sentence=sentence, annotator=bob, label=labels["claim"])
    url = reverse("send_back", args=["iraq", sentence.pk])
    assert login(client, alice).post(url, {"annotator": "bob", "note": "x"}).status_code == 404
    assert not SendBack.objects.exists()


def test_a_sent_back_sentence_tops_the_annotators_work(client, article, alice, rita, labels):
    sentence = article.sentences.get(position=2)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="an opinion?")
    as_alice = login(client, alice)
    page = as_alice.get(reverse("project", args=["iraq"])).content.decode()
    assert "Sent back to you" in page and "an opinion?" in page
    response = as_alice.get(reverse("next_article", args=["iraq"]))
    assert response["Location"].endswith(f"/articles/{article.pk}/?s=2#sentence-2")
    annotate = reverse("annotate", args=["iraq", article.pk])
    page = as_alice.get(annotate).content.decode()
    assert "Sent back to you by a reviewer" in page and "Keep my label" in page
    # A plain post of a new label answers it.
    current = sentence.annotations.get(is_current=True)
    as_alice.post(
        reverse("label_sentence", args=["iraq", article.pk]),
        {"sentence": sentence.pk, "label": "opinion", "based_on": current.pk},
    )
    assert not flags.sent_back_to(annotator=alice, project=article.project).exists()
    assert (
        "Sent back to you" not in as_alice.get(reverse("project", args=["iraq"])).content.decode()
    )


def test_the_answer_of_a_save_says_it_answered_the_send_back(client, article, alice, rita, labels):
    sentence = article.sentences.get(position=2)
    saved = record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="an opinion?")
    response = login(client, alice).post(
        reverse("label_sentence", args=["iraq", article.pk]),
        {"sentence": sentence.pk, "label": "opinion", "based_on": saved.annotation.pk},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="sent-back-2" hx-swap-oob="true"' in html and "answered with your new label" in html


def test_keeping_the_label_answers_the_send_back(client, article, alice, rita, labels):
    sentence = article.sentences.get(position=2)
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="sure?")
    response = login(client, alice).post(reverse("keep_label", args=["iraq", article.pk, 2]))
    assert response.status_code == 303
    assert SendBack.objects.get().kept_at is not None
    assert sentence.annotations.get(is_current=True).label == labels["claim"]  # unchanged


def test_reviewers_download_every_flag_and_send_back(client, article, alice, rita, labels):
    sentence = article.sentences.get(position=1)
    flags.raise_flag(sentence=sentence, annotator=alice, comment="unsure")
    flags.send_back(sentence=sentence, annotator=alice, reviewer=rita, note="label it")
    url = reverse("download_flags", args=["iraq"])
    assert login(client, alice).get(url).status_code == 403
    response = login(client, rita).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="iraq-flags.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["type"], r["state"]) for r in rows] == [("flag", "sent_back"), ("send_back", "open")]
