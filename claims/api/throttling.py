"""The API's rate limits: DRF's user and anonymous throttles, with two changes.

Their counts live in the "throttle" cache, a database table (settings.CACHES), so every
web process counts the same requests. The rates are read from the settings on each
request (DRF reads them once, at import), so that the settings decide, tests included; and
anonymous clients are told apart by claims.clients.client_address, since DRF's own way
trusts any X-Forwarded-For a client sends.
"""

from __future__ import annotations

from django.core.cache import caches
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from claims.clients import client_address


class _SettingsRateAndAddress(SimpleRateThrottle):
    cache = caches["throttle"]  # see CACHES in settings

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES[self.scope or ""]
        return None if rate is None else str(rate)

    def get_ident(self, request: Request) -> str:
        return client_address(request)


class UserThrottle(_SettingsRateAndAddress, UserRateThrottle):
    """REST_FRAMEWORK's "user" rate, per user (per address for anonymous requests)."""


class AnonThrottle(_SettingsRateAndAddress, AnonRateThrottle):
    """REST_FRAMEWORK's "anon" rate, per address, for requests without credentials."""
