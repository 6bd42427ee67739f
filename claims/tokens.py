"""API tokens (Authorization: Token ...): one per user, replaced as a whole on rotation."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.authtoken.models import Token


def token_for(*, user: User) -> Token:
    """The user's API token, made on first use."""
    token, _ = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def rotate_token(*, user: User) -> Token:
    """Replace the user's API token with a new one; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_created_at(*, user: User) -> datetime | None:
    """When the user's current token was made; None if they have none."""
    return Token.objects.filter(user=user).values_list("created", flat=True).first()
