"""The API's rate limits, as DRF throttles ("user" and "anon" scopes, 429 with Retry-After).

Each client's budget is one row in the database (RateBudget), so every web process counts
the same requests, and a request spends one statement on it. DRF's own throttles keep a
list of timestamps in a cache; in the database cache that was six statements a request
(read, count for culling, begin, select, update, commit), a fifth of a label save's.
The rule is the generic cell rate algorithm: a rate of n per period lets a client send n
requests at once and then one every period/n, and the budget refills at that pace; it is
what a sliding window gives, kept as one number.

The rates are read from the settings on each request (DRF reads them once, at import), so
that the settings decide, tests included; and anonymous clients are told apart by
claims.clients.client_address, since DRF's own way trusts any X-Forwarded-For a client sends.
"""

from __future__ import annotations

import math
import random
import time
from typing import TYPE_CHECKING

from django.db import connection
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from claims.clients import client_address
from claims.models import RateBudget

if TYPE_CHECKING:  # DRF's views import the throttles named in the settings
    from rest_framework.views import APIView

# Once in so many requests, budgets that are whole again are deleted: their rows say
# nothing a missing row does not.
_SWEEP_ONE_IN = 1000


class _RateThrottle(BaseThrottle):
    scope = ""
    timer = staticmethod(time.time)  # tests may replace it

    def __init__(self) -> None:
        self.retry_after: float | None = None

    def allow_request(self, request: Request, view: APIView) -> bool:
        rate = api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        key = self.key_for(request)
        if rate is None or key is None:
            return True
        count, period = _parse(str(rate))
        interval = period / count
        now = self.timer()
        ready_at = _spend(key=f"{self.scope}:{key}", now=now, interval=interval, burst=period)
        if ready_at is None:
            # Over the rate: the budget was full; wait until one request's worth is back.
            stored = RateBudget.objects.filter(key=f"{self.scope}:{key}").first()
            self.retry_after = (stored.ready_at - now - period + interval) if stored else 1
            return False
        if random.randrange(_SWEEP_ONE_IN) == 0:
            RateBudget.objects.filter(ready_at__lt=now).delete()
        return True

    def key_for(self, request: Request) -> str | None:
        raise NotImplementedError

    def wait(self) -> float | None:
        return None if self.retry_after is None else max(1, math.ceil(self.retry_after))


_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _parse(rate: str) -> tuple[int, int]:
    """DRF's rate notation, "1000/minute" (only the unit's first letter counts): the
    number of requests and the period in seconds."""
    count, _, unit = rate.partition("/")
    return int(count), _PERIODS[unit[:1]]


def _spend(*, key: str, now: float, interval: float, burst: float) -> float | None:
    """Take one request from `key`'s budget: its new ready_at, or None (nothing written)
    when the budget is spent, that is when its ready_at is `burst` seconds or more away."""
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    table = RateBudget._meta.db_table
    # The WHERE of DO UPDATE makes a refused request write nothing, so a client that keeps
    # knocking does not push its own wait further out.
    sql = (
        f"INSERT INTO {table} (key, ready_at) VALUES (%s, %s) "
        f"ON CONFLICT (key) DO UPDATE SET ready_at = {greatest}({table}.ready_at, %s) + %s "
        f"WHERE {greatest}({table}.ready_at, %s) + %s - %s <= %s "
        "RETURNING ready_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, now + interval, now, interval, now, interval, now, burst])
        row = cursor.fetchone()
    return None if row is None else row[0]


class UserThrottle(_RateThrottle):
    """REST_FRAMEWORK's "user" rate, per user (per address for anonymous requests)."""

    scope = "user"

    def key_for(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return str(request.user.pk)
        return client_address(request)


class AnonThrottle(_RateThrottle):
    """REST_FRAMEWORK's "anon" rate, per address, for requests without credentials."""

    scope = "anon"

    def key_for(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return client_address(request)
