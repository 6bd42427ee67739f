"""The queue on the pages: "Next article" claims for annotators; in a blind project an
annotator lists, opens and labels only what the queue gave them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import ArticleClaim

pytestmark = pytest.mark.django_db

NEXT = reverse("next_article", args=["iraq"])
PAGE = reverse("project", args=["iraq"])


@pytest.fixture
def blind(project, article):
    project.blind = True
    project.annotators_per_article = 1
    project.save()
    return project


def test_next_claims_the_article_and_opens_it(blind, article, client, alice):
    client.force_login(alice)
    assert client.get(NEXT)["Location"] == reverse("annotate", args=["iraq", article.pk])
    assert ArticleClaim.objects.filter(annotator=alice, article=article).exists()


def test_a_blind_annotator_sees_and_opens_only_what_the_queue_gave_them(
    blind, article, client, alice, bob
):
    annotate = reverse("annotate", args=["iraq", article.pk])
    client.force_login(bob)
    assert client.get(annotate).status_code == 404
    assert article.title not in client.get(PAGE).content.decode()
    label = reverse("label_sentence", args=["iraq", article.pk])
    sentence = article.sentences.get(position=1)
    assert client.post(label, {"sentence": sentence.pk, "label": "claim"}).status_code == 404
    client.force_login(alice)
    client.get(NEXT)
    assert client.get(annotate).status_code == 200
    assert article.title in client.get(PAGE).content.decode()


def test_an_empty_queue_says_why(blind, article, client, alice, bob):
    client.force_login(alice)
    client.get(NEXT)
    client.force_login(bob)
    page = client.get(NEXT, follow=True)
    assert page.redirect_chain[-1][0] == PAGE
    assert "No more articles for you" in page.content.decode()


def test_reviewers_see_every_article_of_a_blind_project(blind, article, client, rita):
    client.force_login(rita)
    assert client.get(reverse("annotate", args=["iraq", article.pk])).status_code == 200
    assert article.title in client.get(PAGE).content.decode()
