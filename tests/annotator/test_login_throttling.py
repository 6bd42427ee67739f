"""Failed logins are throttled per account and per client address (django-axes), at the
site's login and the admin's: once locked out, even the right password is refused with
429 until the cool-off has passed."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F

LIMIT = 5
SITE = "/login/"
ADMIN = "/admin/login/"
ATTACKER = "203.0.113.9"  # documentation addresses (RFC 5737): nothing is sent to them
SOMEONE_ELSE = "198.51.100.7"


@pytest.fixture(autouse=True)
def throttling(settings) -> None:
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def fail(client, username: str, *, url: str = SITE, times: int = LIMIT, **headers) -> None:
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"}, **headers)


def log_in(client, user, *, url: str = SITE, **headers):
    password = f"{user.username}-password-1"  # as tests/conftest.py makes people
    return client.post(url, {"username": user.username, "password": password}, **headers)


def test_the_right_password_after_too_many_wrong_ones_is_refused(client, alice):
    fail(client, "alice")
    assert log_in(client, alice).status_code == 429


def test_a_locked_out_client_is_not_logged_in(client, alice):
    fail(client, "alice")
    log_in(client, alice)
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_lock_nobody_out(client, alice):
    fail(client, "alice", times=LIMIT - 1)
    assert log_in(client, alice).status_code == 302


def test_the_lockout_says_when_to_try_again_in_seconds(client, alice):
    fail(client, "alice")
    assert log_in(client, alice)["Retry-After"] == str(15 * 60)


def test_the_lockout_page_says_when_to_try_again(client, alice):
    fail(client, "alice")
    assert "15 minutes" in log_in(client, alice).content.decode()


def test_the_admin_login_is_throttled_too(client, owen):
    owen.is_staff = True
    owen.save()
    fail(client, "owen", url=ADMIN)
    assert log_in(client, owen, url=ADMIN).status_code == 429


def test_an_account_is_locked_out_from_every_address(client, alice):
    for number in range(LIMIT):
        fail(client, "alice", times=1, REMOTE_ADDR=f"203.0.113.{number}")
    assert log_in(client, alice, REMOTE_ADDR=SOMEONE_ELSE).status_code == 429


def test_an_address_is_locked_out_for_every_account(client, alice):
    for number in range(LIMIT):
        fail(client, f"guess{number}", times=1, REMOTE_ADDR=ATTACKER)
    assert log_in(client, alice, REMOTE_ADDR=ATTACKER).status_code == 429


def test_another_account_from_another_address_still_logs_in(client, alice, bob):
    fail(client, "alice", REMOTE_ADDR=ATTACKER)
    assert log_in(client, bob, REMOTE_ADDR=SOMEONE_ELSE).status_code == 302


def test_the_lockout_lifts_after_the_cool_off(client, alice):
    fail(client, "alice")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert log_in(client, alice).status_code == 302


def test_a_forged_forwarded_for_header_does_not_hide_the_address(client, alice):
    for number in range(LIMIT):
        forged = f"192.0.2.{number}"
        fail(client, f"guess{number}", times=1, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=forged)
    assert log_in(client, alice, REMOTE_ADDR=ATTACKER).status_code == 429


def test_behind_a_proxy_the_address_comes_from_the_configured_header(client, settings, alice):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(LIMIT):
        fail(client, f"guess{number}", times=1, HTTP_X_REAL_IP=ATTACKER, **proxy)
    assert log_in(client, alice, HTTP_X_REAL_IP=SOMEONE_ELSE, **proxy).status_code == 302
