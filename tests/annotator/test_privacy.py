"""Pages and API answers stay out of shared caches; errors come as the site's own pages."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse


def test_a_page_is_private_and_not_stored(client, alice, article):
    client.force_login(alice)
    response = client.get(reverse("annotate", args=["iraq", article.pk]))
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}


def test_an_api_answer_is_private_and_not_stored(client, alice, project):
    client.force_login(alice)
    response = client.get("/api/v1/projects/")
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}


def test_a_view_that_sets_its_own_caching_keeps_it(client, alice, project):
    client.force_login(alice)
    response = client.get(reverse("label_styles", args=["iraq"]))
    assert "max-age=300" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["review", "agreement"])
def test_a_reviewers_page_shows_an_annotator_the_sites_own_404_page(client, alice, project, name):
    client.force_login(alice)
    response = client.get(reverse(name, args=["iraq"]))
    assert (response.status_code, "Page not found" in response.text) == (404, True)


def test_the_404_page_keeps_the_sites_header(client, alice, project):
    client.force_login(alice)
    response = client.get(reverse("review", args=["iraq"]))
    assert 'class="brand"' in response.text


def test_the_500_page_renders_without_a_request():
    # Django renders it with an empty context: it must not need one.
    assert "Something went wrong" in render_to_string("500.html")
