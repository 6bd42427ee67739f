"""GET, PUT and PATCH /api/v1/projects/{slug}/settings/: the team settings, as the owners'
settings page shows and changes them (claims/project_settings.py holds every rule).

Reviewers may read them, since k and the gold rule decide what they review; only owners
change them. A change answers with the new settings and what it changed.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.errors import errors
from claims.api.fields import JSONBooleanField, JSONIntegerField, JSONNumberField
from claims.api.permissions import ReviewersReadOwnersWrite, member_project, signed_in_user
from claims.api.views import SLUG
from claims.models import Project
from claims.project_settings import current_settings, update_settings
from claims.queries import ProjectWithRole

CHANGE_NOTE = (
    " Answers with the new settings, and `before` and `after` for the fields that changed "
    "({} when nothing did); a change is noted in the project's history. A value out of "
    "range is a 400 naming its field, as is a field that is not a setting. Owners only. "
    "Changing k or auto_gold does not rewrite gold already set: each sentence follows the "
    "new rule when its labels next change, or all at once when a reviewer applies "
    "automatic gold."
)


class TeamSettingsInputSerializer(serializers.Serializer):
    """The team settings. Types only: the ranges (in the schema) are checked by
    claims.project_settings, so a page and a script meet one rule."""

    auto_gold = serializers.ChoiceField(
        choices=Project.AutoGold.choices,
        help_text="When the k labels of a sentence agree this way, they become its gold.",
    )
    annotators_per_article = JSONIntegerField(
        help_text="k: the queue gives each article to this many annotators."
    )
    queue_order = serializers.ChoiceField(choices=Project.QueueOrder.choices)
    queue_seed = JSONIntegerField(
        help_text="Fixes the random queue order; ignored in project order."
    )
    claim_expiry_hours = JSONNumberField(
        help_text="A claimed article untouched this long goes back to the queue."
    )
    blind = JSONBooleanField(help_text="Annotators never see others' labels, names or counts.")
    double_coded_percent = JSONIntegerField(
        help_text="This share of the articles goes to k annotators, the rest to one."
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # A misspelt setting would otherwise be dropped, and the script told it was saved.
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                known = ", ".join(self.fields)
                raise serializers.ValidationError(
                    {name: [f"Not a setting; the settings are {known}."] for name in unknown}
                )
        return super().to_internal_value(data)


class TeamSettingsSerializer(TeamSettingsInputSerializer):
    guideline_version = serializers.IntegerField(
        help_text="The current version of the guidelines (change them at guidelines/)."
    )


class SettingsChangeSerializer(TeamSettingsSerializer):
    before = serializers.DictField(help_text="The changed fields' old values.")
    after = serializers.DictField(help_text="The changed fields' new values.")


def _settings_body(project: ProjectWithRole) -> dict[str, Any]:
    values = asdict(current_settings(project=project))
    return values | {"guideline_version": project.guideline_version}


class SettingsView(APIView):
    permission_classes = [IsAuthenticated, ReviewersReadOwnersWrite]

    @extend_schema(
        operation_id="projects_settings_read",
        description=(
            "The team settings and the current guideline version. Owners and reviewers "
            "(reviewers read them: k and the gold rule decide what they review); "
            "annotators get 403."
        ),
        parameters=[SLUG],
        responses={200: TeamSettingsSerializer, **errors(401, 403, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        project = member_project(self, slug)
        return Response(TeamSettingsSerializer(_settings_body(project)).data)

    @extend_schema(
        operation_id="projects_settings_replace",
        description="Set every team setting." + CHANGE_NOTE,
        parameters=[SLUG],
        request=TeamSettingsInputSerializer,
        responses={200: SettingsChangeSerializer, **errors(400, 401, 403, 404)},
    )
    def put(self, request: Request, slug: str) -> Response:
        return self._update(request, slug, partial=False)

    @extend_schema(
        operation_id="projects_settings_update",
        description="Change the team settings sent; the others keep their values." + CHANGE_NOTE,
        parameters=[SLUG],
        request=TeamSettingsInputSerializer,
        responses={200: SettingsChangeSerializer, **errors(400, 401, 403, 404)},
    )
    def patch(self, request: Request, slug: str) -> Response:
        return self._update(request, slug, partial=True)

    def _update(self, request: Request, slug: str, *, partial: bool) -> Response:
        project = member_project(self, slug)
        if request.stream is None:  # no body at all; {} is an empty, harmless change
            raise ParseError("Send the settings as a JSON object.")
        given = TeamSettingsInputSerializer(data=request.data, partial=partial)
        given.is_valid(raise_exception=True)
        values = replace(current_settings(project=project), **given.validated_data)
        before, after = update_settings(project=project, values=values, by=signed_in_user(request))
        body = _settings_body(project) | {"before": before, "after": after}
        return Response(SettingsChangeSerializer(body).data)
