import re

from django.urls import reverse
from rest_framework.test import APIClient

from claims.tokens import rotate_token


def shown_token(html: str) -> str:
    return re.search(r'<code id="api-token">([^<]+)</code>', html).group(1)


def status_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/projects/").status_code


def test_account_page_is_a_full_page(client, alice):
    client.force_login(alice)
    html = client.get(reverse("account")).content.decode()
    assert "<html" in html and "REST API token" in html


def test_account_page_needs_a_login(client, db):
    assert client.get(reverse("account")).status_code == 302


def test_account_page_does_not_show_an_existing_token(client, alice):
    key = rotate_token(user=alice)
    client.force_login(alice)
    assert key not in client.get(reverse("account")).content.decode()


def test_account_page_names_the_existing_token_by_its_first_characters(client, alice):
    key = rotate_token(user=alice)
    client.force_login(alice)
    assert f"<code>{key[:8]}…</code>" in client.get(reverse("account")).content.decode()


def test_post_creates_a_token_and_shows_it(client, alice):
    client.force_login(alice)
    assert status_with(shown_token(client.post(reverse("account")).content.decode())) == 200


def test_post_replaces_the_old_token(client, alice):
    old = rotate_token(user=alice)
    client.force_login(alice)
    client.post(reverse("account"))
    assert status_with(old) == 401


def test_post_without_csrf_token_is_refused(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(reverse("account")).status_code == 403


def test_account_page_is_never_cached(client, alice):
    client.force_login(alice)
    assert "no-store" in client.post(reverse("account"))["Cache-Control"]


def test_the_header_links_to_the_account_page(client, alice):
    client.force_login(alice)
    assert f'href="{reverse("account")}"' in client.get(reverse("home")).content.decode()
