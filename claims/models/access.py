"""API tokens and the request budgets the throttle keeps in the database."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now


class ApiToken(models.Model):
    """A user's REST API token, stored as its SHA-256 digest only (see claims/tokens.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    # The token's first characters: too few to use it, enough to find its row and to tell
    # its owner which token this is.
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64)  # SHA-256 of the whole token, in hex
    created_at = models.DateTimeField(db_default=Now())
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A digest, never the token itself, which has 40 hex digits.
            models.CheckConstraint(
                condition=Q(digest__regex=r"\A[0-9a-f]{64}\Z"), name="apitoken_digest_sha256"
            ),
        ]
        indexes = [
            # Authentication finds a token's row by its prefix (tokens.authenticate_token).
            models.Index(fields=["prefix"], name="apitoken_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.user}'s API token {self.prefix}…"


class RateBudget(models.Model):
    """An API client's place against its rate (claims/api/throttling.py): the moment its
    budget is whole again, in seconds since the epoch (the cell rate algorithm's
    "theoretical arrival time"). One row per client and scope, updated in one statement."""

    key = models.CharField(max_length=200, primary_key=True)
    ready_at = models.FloatField()

    def __str__(self) -> str:
        return f"{self.key} until {self.ready_at}"
