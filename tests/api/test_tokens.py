"""API tokens through their doors: `manage.py api_token` and the Authorization header."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient


def api_token(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def status_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/projects/iraq/").status_code


def test_command_prints_the_token_as_its_last_word(alice, project):
    assert status_with(api_token("alice").split()[-1]) == 200


def test_command_will_not_print_an_existing_token_again(alice):
    api_token("alice")
    with pytest.raises(CommandError, match="--rotate"):
        api_token("alice")


def test_command_rotate_prints_a_new_token(alice):
    old = api_token("alice").split()[-1]
    assert api_token("alice", "--rotate").split()[-1] not in {old, ""}


def test_command_rotate_gives_a_token_that_works(alice, project):
    api_token("alice")
    assert status_with(api_token("alice", "--rotate").split()[-1]) == 200


def test_command_rotate_stops_the_old_token(alice, project):
    old = api_token("alice").split()[-1]
    api_token("alice", "--rotate")
    assert status_with(old) == 401


def test_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        api_token("nobody")


def test_the_database_does_not_hold_the_token(alice):
    key = api_token("alice").split()[-1]
    everything = StringIO()
    call_command("dumpdata", stdout=everything)
    assert key not in everything.getvalue()


def test_a_wrong_token_is_refused(alice, project):
    key = api_token("alice").split()[-1]
    assert status_with(key[:-1] + ("0" if key[-1] != "0" else "1")) == 401


def test_a_wrong_token_is_asked_for_a_token(alice, project):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/projects/iraq/")["WWW-Authenticate"] == "Token"


def test_the_token_of_a_deactivated_user_is_refused(alice, project):
    key = api_token("alice").split()[-1]
    alice.is_active = False
    alice.save()
    assert status_with(key) == 401
