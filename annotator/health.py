"""Probes for a load balancer or container runtime, answered by the first middleware.

`/healthz`: the process is up and answering; it touches nothing else, so a database outage
never gets the web processes restarted (which would not help). `/readyz`: the database
answers one trivial query; 503 when not, so traffic goes elsewhere until it is back. Neither
needs a login, a session or an allowed host name, and neither is redirected to HTTPS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from annotator.faults import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


def probes(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path == "/readyz":
            return _no_store(_ready())
        return get_response(request)

    return middleware


def _ready() -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        # The reason goes to the log, not to whoever can reach the probe.
        logger.warning("Not ready: %s", error)
        response = JsonResponse(
            {"status": "unavailable", "detail": "The database does not answer."}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok"})


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response
