"""GET /api/v1/projects/{slug}/flags/: the project's flags and send-backs, open and closed,
as the flags CSV has them (claims/flags.py). Reviewers and owners get all of them; an
annotator only their own flags and what was sent back to them (blind to the others)."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import flags, queries
from claims.api.errors import errors
from claims.api.permissions import signed_in_user
from claims.api.views import SLUG


class FlagSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=["flag", "send_back"],
        help_text="flag: an annotator is unsure about the sentence; send_back: a reviewer "
        "asks an annotator to look at it again.",
    )
    article_id = serializers.IntegerField()
    article_title = serializers.CharField()
    sentence_id = serializers.IntegerField()
    position = serializers.IntegerField(help_text="The sentence's position, from 0.")
    sentence_text = serializers.CharField()
    annotator = serializers.CharField(help_text="Whose label it is about.")
    by = serializers.CharField(help_text="Who wrote `text`: the annotator, or the reviewer.")
    text = serializers.CharField(allow_blank=True, help_text="The comment or the note.")
    at = serializers.DateTimeField()
    state = serializers.ChoiceField(
        choices=["open", "withdrawn", "edited", "decided", "sent_back", "answered", "kept"],
        help_text="open, or how it closed: a flag withdrawn, edited (a newer comment "
        "follows), decided (a reviewer set the gold), sent_back; a send-back answered (a "
        "new label) or kept (the annotator kept their label).",
    )
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_by = serializers.CharField(allow_blank=True)


class FlagsView(APIView):
    @extend_schema(
        operation_id="projects_flags",
        description=(
            "Every flag and send-back of the project, flags first, each in article order. "
            "Annotators get only their own."
        ),
        parameters=[SLUG],
        responses={200: FlagSerializer(many=True), **errors(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        user = signed_in_user(request)
        project: queries.ProjectWithRole = get_object_or_404(queries.projects_for(user), slug=slug)
        rows = flags.flag_rows(project=project, annotator=None if project.is_reviewer else user)
        return Response(FlagSerializer([asdict(row) for row in rows], many=True).data)
