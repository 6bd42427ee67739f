"""API tokens are stored as SHA-256 digests: the token itself is only ever returned once."""

import hashlib

import pytest

from claims.models import ApiToken
from claims.tokens import TokenExists, authenticate_token, create_token, rotate_token


def test_the_stored_digest_is_not_the_token(alice):
    key = create_token(user=alice)
    assert key not in {ApiToken.objects.get(user=alice).digest, ""}


def test_the_stored_digest_is_the_tokens_sha256(alice):
    key = create_token(user=alice)
    assert ApiToken.objects.get(user=alice).digest == hashlib.sha256(key.encode()).hexdigest()


def test_a_token_has_160_random_bits_in_hex(alice):
    assert len(bytes.fromhex(create_token(user=alice))) == 20


def test_a_token_authenticates_its_user(alice):
    assert authenticate_token(key=create_token(user=alice)).user == alice


def test_a_wrong_token_authenticates_nobody(alice):
    key = create_token(user=alice)
    assert authenticate_token(key=key[:8] + "0" * 32) is None


def test_an_empty_token_authenticates_nobody(alice):
    create_token(user=alice)
    assert authenticate_token(key="") is None


def test_a_token_with_a_nul_authenticates_nobody(alice):
    create_token(user=alice)
    assert authenticate_token(key="\x00" * 40) is None


def test_rotation_invalidates_the_old_token(alice):
    old = create_token(user=alice)
    rotate_token(user=alice)
    assert authenticate_token(key=old) is None


def test_a_second_token_is_refused_while_one_exists(alice):
    create_token(user=alice)
    with pytest.raises(TokenExists):
        create_token(user=alice)


def test_use_is_recorded(alice):
    authenticate_token(key=create_token(user=alice))
    assert ApiToken.objects.get(user=alice).last_used_at is not None
