import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Annotation
from claims.projects import add_member, create_project


def project_urls(article):
    args = [article.project.slug, article.pk]
    return {
        "project": reverse("project", args=args[:1]),
        "label_styles": reverse("label_styles", args=args[:1]),
        "annotate": reverse("annotate", args=args),
        "label_sentence": reverse("label_sentence", args=args),
        "undo": reverse("undo", args=args),
    }


WRITES = {"label_sentence", "undo"}


@pytest.mark.parametrize("name", ["project", "label_styles", "annotate", "label_sentence", "undo"])
def test_outsider_gets_404_for_every_project_url(client, olga, sentence, name):
    client.force_login(olga)
    url = project_urls(sentence.article)[name]
    data = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
    response = client.post(url, data) if name in WRITES else client.get(url)
    assert response.status_code == 404


def test_outsider_cannot_label(client, olga, sentence):
    client.force_login(olga)
    data = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
    client.post(project_urls(sentence.article)["label_sentence"], data)
    assert not Annotation.objects.exists()


def test_article_under_another_projects_slug_is_404(client, alice, article):
    add_member(project=create_project(name="Other"), user=alice, role="annotator")
    client.force_login(alice)
    assert client.get(reverse("annotate", args=["other", article.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["home", "project", "label_styles", "annotate", "label_sentence", "undo"]
)
def test_anonymous_is_sent_to_log_in(client, article, name):
    url = reverse("home") if name == "home" else project_urls(article)[name]
    response = client.post(url) if name in WRITES else client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_post_without_csrf_token_is_forbidden(alice, sentence):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    data = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
    response = client.post(project_urls(sentence.article)["label_sentence"], data)
    assert response.status_code == 403


def test_htmx_post_with_the_token_header_is_accepted(alice, sentence):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get(project_urls(sentence.article)["annotate"])  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    data = {"sentence": sentence.pk, "label": "claim", "based_on": 0}
    url = project_urls(sentence.article)["label_sentence"]
    response = client.post(url, data, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_login_page_logs_in(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "alice-password-1"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
