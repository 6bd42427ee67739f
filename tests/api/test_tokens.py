from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.tokens import rotate_token, token_for


def api_token(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_token_as_its_last_word(alice):
    assert api_token("alice").split()[-1] == Token.objects.get(user=alice).key


def test_command_prints_the_same_token_again(alice):
    assert api_token("alice").split()[-1] == api_token("alice").split()[-1]


def test_command_rotate_prints_a_new_token(alice):
    old = token_for(user=alice).key
    assert api_token("alice", "--rotate").split()[-1] not in {old, ""}


def test_command_rotate_stops_the_old_token(alice):
    old = token_for(user=alice).key
    api_token("alice", "--rotate")
    assert not Token.objects.filter(key=old).exists()


def test_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        api_token("nobody")


def test_token_in_the_authorization_header_authenticates(alice, project):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=alice).key}")
    assert client.get("/api/v1/projects/iraq/").status_code == 200


def test_a_rotated_token_is_refused(alice, project):
    old = token_for(user=alice).key
    rotate_token(user=alice)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/api/v1/projects/iraq/").status_code == 401
