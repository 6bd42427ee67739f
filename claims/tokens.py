"""API tokens (Authorization: Token ...): one per user, replaced as a whole on rotation.

Only a token's SHA-256 digest is stored, as GitHub and Django REST Knox do, so a copy of the
database (a backup, a dump) holds no token anyone can use. The token itself exists only in
the answer to whoever made it. A fast hash is right here, unlike for passwords: a token is
160 random bits, so there is no dictionary to try, and a slow hash would only slow down
every API request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from claims.models import ApiToken

KEY_BYTES = 20  # 40 hex digits, the shape rest_framework.authtoken's keys had
PREFIX_LENGTH = 8
_KEY_FORMAT = re.compile(r"[0-9a-f]{40}")  # KEY_BYTES in hex
# last_used_at is for people ("used today?"): it is written at most this often, not on
# every request.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenExists(Exception):
    """The user has a token already: it cannot be shown again, only replaced."""

    def __init__(self, token: ApiToken) -> None:
        super().__init__(f"{token.user} has an API token already")
        self.token = token


@transaction.atomic
def create_token(*, user: User) -> str:
    """Make the user's first API token and return it: the only time it can be read.

    Raises TokenExists if the user has one; rotate_token replaces it."""
    if existing := current_token(user=user):
        raise TokenExists(existing)
    return _issue(user=user)


@transaction.atomic
def rotate_token(*, user: User) -> str:
    """Replace the user's API token with a new one (or make their first) and return it,
    this once. The old one stops working at once."""
    ApiToken.objects.filter(user=user).delete()
    return _issue(user=user)


def current_token(*, user: User) -> ApiToken | None:
    """The user's token as stored (prefix and dates, never the token); None if none."""
    return ApiToken.objects.filter(user=user).first()


def authenticate_token(*, key: str) -> ApiToken | None:
    """The stored token that `key` is, of an active user, or None.

    The row is found by the key's prefix and the digests are compared in constant time, so
    the answer's timing says nothing about how much of a guess was right. Anything not
    shaped like a token is refused before the database is asked (PostgreSQL would fail
    on a NUL in it)."""
    if not _KEY_FORMAT.fullmatch(key):
        return None
    digest = _digest(key)
    candidates = ApiToken.objects.select_related("user").filter(
        prefix=key[:PREFIX_LENGTH], user__is_active=True
    )
    token = next((t for t in candidates if hmac.compare_digest(t.digest, digest)), None)
    if token is not None:
        _record_use(token)
    return token


def _issue(*, user: User) -> str:
    key = secrets.token_hex(KEY_BYTES)
    ApiToken.objects.create(user=user, prefix=key[:PREFIX_LENGTH], digest=_digest(key))
    return key


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _record_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
