"""/healthz and /readyz: cheap, no login, no host check, no HTTPS redirect. (A database
that does not answer: tests/serving/test_faults.py, against a real server.)"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe(settings) -> Client:
    # As in production behind a TLS proxy: a probe over plain HTTP, to an internal address.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["annotate.example.org"]
    return Client(HTTP_HOST="10.0.0.7:8000")


def test_healthz_answers_without_the_database(probe, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = probe.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_asks_the_database_one_trivial_query(probe, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = probe.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_other_paths_still_get_the_host_check_and_the_redirect(probe):
    assert probe.get("/healthz/").status_code == 400  # the host is not allowed
    public = Client(HTTP_HOST="annotate.example.org")
    assert public.get("/login/").status_code == 301  # to HTTPS
