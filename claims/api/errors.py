"""Errors the API answers with: domain exceptions become 400 or 409 here, in one place.

Bodies follow DRF's conventions, so clients need one parser: {"detail": "..."} for errors
about the whole request, and {"field": ["message", ...]} for invalid fields.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from claims.annotations import LabelNotInScheme, StaleAnnotation
from claims.api.serializers import AnnotationSerializer
from claims.attributions import InvalidAttribution
from claims.datasets.options import DatasetError
from claims.imports.articles import ArticleFormatError
from claims.owners import MembersConflict, NotAMember, OwnerError
from claims.project_settings import SettingsError
from claims.revisions import SentenceGone

STALE_MESSAGE = (
    "The sentence's label was changed since the revision you based this on; `current` is "
    "what is saved now. Send your change again with based_on set to its id to replace it."
)


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK's EXCEPTION_HANDLER: domain errors first, then DRF's own handling.

    An oversized body is here too: DRF reads JSON through request.body, where Django
    enforces DATA_UPLOAD_MAX_MEMORY_SIZE by raising RequestDataTooBig.
    """
    response = _translated(exc)
    if response is None:
        return exception_handler(exc, context)
    set_rollback()
    return response


def _translated(exc: Exception) -> Response | None:
    """The response for an error this API names itself; None leaves it to DRF."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        detail = (
            f"The request body is larger than {limit:,} bytes ({limit / 2**20:g} MiB), the "
            "limit; send fewer articles per request, or use the import_articles command."
        )
        return Response({"detail": detail}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, SentenceGone):
        detail = "The sentence no longer exists: its article was imported again with new sentences."
        return Response({"detail": detail}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, StaleAnnotation):
        current = AnnotationSerializer(exc.current).data if exc.current else None
        body: dict[str, object] = {"detail": STALE_MESSAGE, "current": current}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, LabelNotInScheme):
        return Response({"label": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, InvalidAttribution):
        body = {"attributions": [str(exc)], "field": exc.path}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ArticleFormatError):
        body = {"detail": exc.message, "index": exc.index, "field": exc.field}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DatasetError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, SettingsError):
        return Response({exc.field: [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OwnerError):
        return _owner_error(exc)
    return None


def _owner_error(exc: OwnerError) -> Response:
    if isinstance(exc, NotAMember):
        return Response({"detail": str(exc)}, status=status.HTTP_404_NOT_FOUND)
    # 409, not 400: the request is well formed, and would succeed against other members.
    if isinstance(exc, MembersConflict):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    body: dict[str, object] = {exc.field: [str(exc)]} if exc.field else {"detail": str(exc)}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ArticleErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    index = serializers.IntegerField(
        required=False, allow_null=True, help_text="Which article of the list sent, from 0."
    )
    field = serializers.CharField(
        required=False, allow_null=True, help_text="The field at fault, when there is one."
    )


class StaleAnnotationErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = AnnotationSerializer(allow_null=True, help_text="The revision current now.")


# DRF's validation errors: messages by field (nested for nested input), or a `detail`.
_VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
            {"type": "object"},
        ]
    },
}
_RESPONSES = {
    400: OpenApiResponse(_VALIDATION_ERROR, "Invalid input: messages by field."),
    401: OpenApiResponse(
        ErrorSerializer, "No credentials, or a wrong token (WWW-Authenticate: Token)."
    ),
    403: OpenApiResponse(ErrorSerializer, "Your role in the project does not allow this."),
    404: OpenApiResponse(
        ErrorSerializer,
        "Not found, or in a project you are not a member of; also for an invalid cursor.",
    ),
    409: OpenApiResponse(
        StaleAnnotationErrorSerializer, "Stale `based_on`: another change came first."
    ),
}


# For the owners' member changes, whose 409 is not about a stale revision.
MEMBERS_CONFLICT = OpenApiResponse(
    ErrorSerializer,
    "The account is a member already, or the change would leave the project without an owner.",
)


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error responses with these status codes, for @extend_schema."""
    return {code: _RESPONSES[code] for code in codes}


@csrf_exempt  # it changes nothing, and a POST to a wrong URL should learn that, not CSRF
def unknown_endpoint(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """A JSON 404 for any URL under /api/v1/ that names no endpoint."""
    detail = "No API endpoint here; /api/v1/docs/ lists them."
    if not request.path.endswith("/"):
        detail += f" Did you mean {request.path}/ ?"
    return JsonResponse({"detail": detail}, status=404)
