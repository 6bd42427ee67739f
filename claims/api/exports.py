"""GET /api/v1/projects/{slug}/export/: a project's labelled dataset, streamed.

The file is produced by claims.datasets.export chunk by chunk and sent as it comes, so memory
stays flat whatever the project's size; this view only checks who asks and for what.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from claims import queries
from claims.api.errors import errors
from claims.api.permissions import signed_in_user
from claims.api.views import SLUG
from claims.datasets.export import (
    FORMATS,
    content_type_for,
    export_dataset,
    filename_for,
)
from claims.datasets.options import parse_options

_WHEN = "A date (2024-05-31) or an ISO 8601 time; a time without offset is the server's"


class ExportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=FORMATS, default="jsonl")
    gold_only = serializers.BooleanField(
        default=False, help_text="Only sentences with a gold label."
    )
    min_annotations = serializers.IntegerField(
        min_value=0,
        max_value=1000,
        default=0,
        help_text="Only sentences with at least this many (selected) labels.",
    )
    annotator = serializers.CharField(
        required=False, max_length=150, help_text="Only this annotator's labels (a username)."
    )
    since = serializers.CharField(
        required=False, max_length=40, help_text=f"Only labels set at or after this. {_WHEN}."
    )
    until = serializers.CharField(
        required=False,
        max_length=40,
        help_text=f"Only labels set before this. {_WHEN}; a date includes that whole day.",
    )


class IgnoreFormatNegotiation(BaseContentNegotiation):
    """`?format=` names the dataset's format here, not a DRF renderer, and the dataset is
    streamed, not rendered: only errors are rendered, always as JSON, whatever `Accept`."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = list(renderers)[0]
        return renderer, renderer.media_type


def _media_type(format: str) -> str:
    return content_type_for(format).split(";")[0]


_FILE_TYPES: dict[str, Any] = {"jsonl": OpenApiTypes.STR, "csv": OpenApiTypes.STR}


class ExportView(APIView):
    content_negotiation_class = IgnoreFormatNegotiation

    @extend_schema(
        operation_id="projects_export",
        description=(
            "The project's labelled dataset as a file download (Content-Disposition: "
            "attachment), streamed. jsonl: one article per line with its sentences, labels "
            "and gold label; csv and parquet: one row per sentence and annotator. Reviewers "
            "and owners only."
        ),
        parameters=[
            SLUG,
            ExportQuerySerializer,
        ],
        responses={
            **{
                (200, _media_type(name)): OpenApiResponse(
                    _FILE_TYPES.get(name, OpenApiTypes.BINARY), "The dataset, as a file."
                )
                for name in FORMATS
            },
            **errors(400, 401, 403, 404),
        },
    )
    def get(self, request: Request, slug: str) -> StreamingHttpResponse:
        projects = queries.projects_for(signed_in_user(request))
        # Declared: through get_object_or_404 alone, the checker loses the annotations.
        project: queries.ProjectWithRole = get_object_or_404(projects, slug=slug)
        if not project.is_reviewer:
            raise PermissionDenied("Only the project's reviewers and owners export datasets.")
        # A plain dict: given a QueryDict, DRF takes a blank value for an absent one.
        query = ExportQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        options = dict(query.validated_data)
        format = options.pop("format")
        # export_dataset checks everything before returning, so a DatasetError is still
        # a 400 here; afterwards the database is read as the response is sent.
        chunks = export_dataset(project=project, format=format, options=parse_options(**options))
        response = StreamingHttpResponse(chunks, content_type=content_type_for(format))
        filename = filename_for(project, format)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
