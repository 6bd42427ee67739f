"""What a project's owners change over the API, as on their pages: the members, the
guidelines, and the history of such changes (claims/owners.py holds every rule).

Members and history are for owners alone; every member reads the guidelines, which
annotators need, and only owners change them. A member change that contradicts the
members as they are now (already a member, the last owner) is a 409; an unknown account
or role is a 400 naming the field; a member id that is not in the project is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import owners
from claims.api.errors import MEMBERS_CONFLICT, errors
from claims.api.fields import JSONStringField
from claims.api.pagination import NewestFirstCursorPagination
from claims.api.permissions import OwnersOnly, OwnersWrite, member_project, signed_in_user
from claims.api.serializers import NO_NUL
from claims.api.views import SLUG
from claims.models import Membership, ProjectChange

USER_ID = OpenApiParameter("user_id", int, OpenApiParameter.PATH, description="The member's id.")


class TeamMemberSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(help_text="Names the member in members/{user_id}/.")
    username = serializers.CharField(source="user.username")
    email = serializers.CharField(source="user.email", help_text="Empty if the account has none.")
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    joined = serializers.DateTimeField(source="created_at")


class MemberInputSerializer(serializers.Serializer):
    identifier = JSONStringField(
        min_length=1,
        max_length=254,
        validators=NO_NUL,
        help_text="The account's username, or else its e-mail address (either ignoring case).",
    )
    role = serializers.ChoiceField(choices=Membership.Role.choices, default="annotator")


class RoleInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class ProjectChangeSerializer(serializers.Serializer):
    when = serializers.DateTimeField(source="at")
    by = serializers.CharField(
        source="by.username", allow_null=True, help_text="Null once the account is deleted."
    )
    what = serializers.ChoiceField(choices=ProjectChange.What.choices)
    summary = serializers.CharField()
    before = serializers.DictField(help_text="The values before ({}: there were none).")
    after = serializers.DictField(help_text="The values after ({}: there are none now).")


class GuidelinesSerializer(serializers.Serializer):
    text = serializers.CharField(source="guidelines")
    version = serializers.IntegerField(
        source="guideline_version", help_text="Every label saved from now on records it."
    )


class GuidelinesInputSerializer(serializers.Serializer):
    text = JSONStringField(allow_blank=True, trim_whitespace=False, validators=NO_NUL)


class MembersView(APIView):
    permission_classes = [IsAuthenticated, OwnersOnly]

    @extend_schema(
        operation_id="projects_members_list",
        description="The project's members, owners first, then by username. Owners only.",
        parameters=[SLUG],
        responses={200: TeamMemberSerializer(many=True), **errors(401, 403, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        project = member_project(self, slug)
        return Response(TeamMemberSerializer(owners.members(project=project), many=True).data)

    @extend_schema(
        operation_id="projects_members_add",
        description=(
            "Add an account, named by username or e-mail address, with a role (annotator "
            "if not given). A member already is a 409: change their role with PATCH. "
            "Owners only."
        ),
        parameters=[SLUG],
        request=MemberInputSerializer,
        responses={
            201: TeamMemberSerializer,
            **errors(400, 401, 403, 404),
            409: MEMBERS_CONFLICT,
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        project = member_project(self, slug)
        given = MemberInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        membership = owners.add_member_by(
            project=project, **given.validated_data, by=signed_in_user(request)
        )
        return Response(TeamMemberSerializer(membership).data, status=status.HTTP_201_CREATED)


class MemberView(APIView):
    permission_classes = [IsAuthenticated, OwnersOnly]

    @extend_schema(
        operation_id="projects_members_role",
        description=(
            "Change a member's role. The project's only owner cannot stop being one (409): "
            "make someone else owner first. Owners only."
        ),
        parameters=[SLUG, USER_ID],
        request=RoleInputSerializer,
        responses={
            200: TeamMemberSerializer,
            **errors(400, 401, 403, 404),
            409: MEMBERS_CONFLICT,
        },
    )
    def patch(self, request: Request, slug: str, user_id: str) -> Response:
        project = member_project(self, slug)
        given = RoleInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        membership = owners.set_role(
            project=project,
            user_id=int(user_id),
            role=given.validated_data["role"],
            by=signed_in_user(request),
        )
        return Response(TeamMemberSerializer(membership).data)

    @extend_schema(
        operation_id="projects_members_remove",
        description=(
            "Take a member out of the project. Their annotations stay, under their name, "
            "in history, exports and agreement. The only owner cannot go (409). Owners only."
        ),
        parameters=[SLUG, USER_ID],
        request=None,
        responses={204: None, **errors(401, 403, 404), 409: MEMBERS_CONFLICT},
    )
    def delete(self, request: Request, slug: str, user_id: str) -> Response:
        project = member_project(self, slug)
        owners.remove_member(project=project, user_id=int(user_id), by=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        operation_id="projects_history",
        description=(
            "The owners' changes to the project (members, settings, scheme, guidelines), "
            "newest first, with the values before and after. Owners only."
        ),
        parameters=[SLUG],
        responses={200: ProjectChangeSerializer, **errors(400, 401, 403, 404)},
    )
)
class HistoryView(generics.ListAPIView):
    queryset = ProjectChange.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ProjectChangeSerializer
    pagination_class = NewestFirstCursorPagination
    permission_classes = [IsAuthenticated, OwnersOnly]

    def get_queryset(self) -> QuerySet[ProjectChange]:
        return owners.changes(project=member_project(self, self.kwargs["slug"]))


class GuidelinesView(APIView):
    permission_classes = [IsAuthenticated, OwnersWrite]

    @extend_schema(
        operation_id="projects_guidelines_read",
        description="The current guidelines and their version. Every member reads them.",
        parameters=[SLUG],
        responses={200: GuidelinesSerializer, **errors(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(GuidelinesSerializer(member_project(self, slug)).data)

    @extend_schema(
        operation_id="projects_guidelines_edit",
        description=(
            "New guidelines: 201 with the new version, which every label saved from then "
            "on records; the same text again changes nothing (200). Noted in the history. "
            "Owners only."
        ),
        parameters=[SLUG],
        request=GuidelinesInputSerializer,
        responses={
            201: GuidelinesSerializer,
            200: GuidelinesSerializer,
            **errors(400, 401, 403, 404),
        },
    )
    def put(self, request: Request, slug: str) -> Response:
        project = member_project(self, slug)
        given = GuidelinesInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        version = owners.edit_guidelines(
            project=project, text=given.validated_data["text"], by=signed_in_user(request)
        )
        code = status.HTTP_200_OK if version is None else status.HTTP_201_CREATED
        return Response(GuidelinesSerializer(project).data, status=code)
