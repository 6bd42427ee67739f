"""Who may do what in a project. Reading is settled by the querysets in claims/queries.py
(a non-member finds nothing, so gets 404); these classes refuse members whose role does
not allow an action, with 403: a member already knows the project exists. The project
must come from queries.projects_for(), which gives its `role` and `is_reviewer`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from claims import queries
from claims.models import Membership
from claims.queries import ProjectWithRole


class OwnersWrite(BasePermission):
    """Every member reads; only owners write (articles, guidelines)."""

    message = "Only the project's owners may change this."

    def has_object_permission(self, request: Request, view: Any, project: ProjectWithRole) -> bool:
        return request.method in SAFE_METHODS or project.role == Membership.Role.OWNER


class ReviewersOnly(BasePermission):
    """Reviewers and owners: history of everyone's labels, and datasets."""

    message = "Only the project's reviewers and owners may see this."

    def has_object_permission(self, request: Request, view: Any, project: ProjectWithRole) -> bool:
        return project.is_reviewer


class OwnersOnly(BasePermission):
    """Owners alone: the members and the history of owners' changes."""

    message = "Only the project's owners may see or change this."

    def has_object_permission(self, request: Request, view: Any, project: ProjectWithRole) -> bool:
        return project.role == Membership.Role.OWNER


class ReviewersReadOwnersWrite(BasePermission):
    """The team settings: reviewers read them (k and the gold rule shape their review);
    only owners change them."""

    message = "Only the project's owners may change this; reviewers may read it."

    def has_object_permission(self, request: Request, view: Any, project: ProjectWithRole) -> bool:
        if request.method in SAFE_METHODS:
            return project.is_reviewer
        return project.role == Membership.Role.OWNER


def member_project(view: APIView, slug: str) -> ProjectWithRole:
    """The caller's project `slug` (404 if they are not a member), checked against the
    view's permission classes (403)."""
    projects = queries.projects_for(signed_in_user(view.request))
    project: ProjectWithRole = get_object_or_404(projects, slug=slug)
    view.check_object_permissions(view.request, project)
    return project


def signed_in_user(request: Request) -> User:
    """`request.user` as the User it is in every API view: IsAuthenticated is the default
    permission (settings.REST_FRAMEWORK) and runs before any handler."""
    # A cast, not an isinstance check, so that nothing changes at run time: the schema
    # generator calls get_queryset() too, with the user who asked for the schema.
    return cast(User, request.user)
