"""Requests that arrive at once spend one budget: no more than the rate gets through."""

from __future__ import annotations

import urllib.request

import pytest

from claims.tokens import rotate_token
from tests.concurrency.conftest import call, needs_postgresql, send_at_once

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
RATE = 5


@pytest.fixture(autouse=True)
def low_rate(settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": f"{RATE}/minute", "anon": "60/minute"},
    }


def _get(live_server, token: str):
    def send():
        request = urllib.request.Request(
            live_server.url + "/api/v1/projects/", headers={"Authorization": f"Token {token}"}
        )
        return call(urllib.request.build_opener(), request)

    return send


def test_parallel_requests_of_one_client_get_exactly_the_rate(live_server, alice, bob):
    alice_token, bob_token = rotate_token(user=alice), rotate_token(user=bob)
    answers = send_at_once([_get(live_server, alice_token)] * (3 * RATE))
    assert sorted(answer.status for answer in answers) == [200] * RATE + [429] * (2 * RATE)
    # Another client's budget is its own.
    assert _get(live_server, bob_token)().status == 200
