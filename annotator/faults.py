"""What a request gets when the database is down, restarting or too slow: 503 with
Retry-After, as JSON for the API and as a short page for people, instead of a 500.

Django turns an exception raised anywhere in a request (a view, a middleware reading the
session) into the response of `handler500`, so that is the one place that sees them all.
Connection failures, the connect timeout and the statement timeout all arrive as
OperationalError; a connection lost mid-request as InterfaceError. Any other error is a bug
and keeps its 500 page.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error

# A database restart takes a few seconds; clients that honour this do not pile on.
RETRY_AFTER_SECONDS = 10

UNAVAILABLE = "The database is not answering; nothing was saved. Try again in a few seconds."


def server_error_or_unavailable(request: HttpRequest) -> HttpResponse:
    """handler500: 503 for a database fault, Django's 500 page for anything else."""
    error = sys.exc_info()[1]  # called while the exception is being handled
    if not isinstance(error, OperationalError | InterfaceError):
        return server_error(request)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        # Rendered without a request context: that may be what needs the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
