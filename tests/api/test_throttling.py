"""The API's rate limits (DRF throttles, budgets in the database): 429 with Retry-After."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.api.throttling import UserThrottle
from claims.models import RateBudget

USER_RATE = 3
ANON_RATE = 2


@pytest.fixture(autouse=True)
def low_rates(db, settings) -> None:
    RateBudget.objects.all().delete()  # the live-server tests' budgets outlast their tests
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": f"{USER_RATE}/minute", "anon": f"{ANON_RATE}/minute"},
    }


def over_the_rate(client, url: str = "/api/v1/projects/", rate: int = USER_RATE, **headers):
    for _ in range(rate):
        client.get(url, **headers)
    return client.get(url, **headers)


def test_a_user_within_the_rate_is_served(as_alice):
    for _ in range(USER_RATE - 1):
        as_alice.get("/api/v1/projects/")
    assert as_alice.get("/api/v1/projects/").status_code == 200


def test_a_user_over_the_rate_gets_429(as_alice):
    assert over_the_rate(as_alice).status_code == 429


def test_the_429_says_how_many_seconds_to_wait(as_alice):
    assert 0 < int(over_the_rate(as_alice)["Retry-After"]) <= 60


def test_the_429_body_is_a_detail_like_other_errors(as_alice):
    assert list(over_the_rate(as_alice).json()) == ["detail"]


def test_one_user_over_the_rate_does_not_slow_another(as_alice, as_bob):
    over_the_rate(as_alice)
    assert as_bob.get("/api/v1/projects/").status_code == 200


def test_anonymous_clients_have_their_own_lower_rate(client, db):
    assert over_the_rate(client, "/api/v1/schema/", ANON_RATE).status_code == 429


def test_anonymous_clients_are_counted_by_address(client, db):
    over_the_rate(client, "/api/v1/schema/", ANON_RATE, REMOTE_ADDR="203.0.113.9")
    assert client.get("/api/v1/schema/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, db):
    for number in range(ANON_RATE):
        client.get("/api/v1/schema/", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert client.get("/api/v1/schema/", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(UserThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def test_the_budget_refills_at_the_rate_pace(as_alice, clock):
    over_the_rate(as_alice)
    clock[0] += 60 / USER_RATE  # one request's worth of the minute
    assert as_alice.get("/api/v1/projects/").status_code == 200
    assert as_alice.get("/api/v1/projects/").status_code == 429


def test_retry_after_is_when_one_request_is_allowed_again(as_alice, clock):
    assert over_the_rate(as_alice)["Retry-After"] == str(60 // USER_RATE)
    clock[0] += 60 / USER_RATE - 1
    assert as_alice.get("/api/v1/projects/")["Retry-After"] == "1"
    clock[0] += 1
    assert as_alice.get("/api/v1/projects/").status_code == 200


def test_refused_requests_do_not_push_the_wait_further(as_alice, clock):
    over_the_rate(as_alice)
    for _ in range(10):
        as_alice.get("/api/v1/projects/")
    clock[0] += 60 / USER_RATE
    assert as_alice.get("/api/v1/projects/").status_code == 200


def test_a_client_idle_for_the_period_has_its_whole_budget(as_alice, clock):
    over_the_rate(as_alice)
    clock[0] += 3600
    for _ in range(USER_RATE):
        assert as_alice.get("/api/v1/projects/").status_code == 200


def test_a_request_spends_one_statement_on_its_budget(as_alice):
    with CaptureQueriesContext(connection) as queries:
        as_alice.get("/api/v1/projects/")
    budget = [q["sql"] for q in queries.captured_queries if "ratebudget" in q["sql"]]
    assert len(budget) == 1 and budget[0].startswith("INSERT")


def test_whole_budgets_are_swept(as_alice, clock, monkeypatch):
    as_alice.get("/api/v1/projects/")
    clock[0] += 3600
    monkeypatch.setattr("claims.api.throttling.random.randrange", lambda _: 0)
    as_alice.get("/api/v1/projects/")  # sweeps the hour-old budget, then spends its own
    assert RateBudget.objects.count() == 1
