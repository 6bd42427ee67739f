"""Who may do what in a project. Reading is settled by the querysets in claims/queries.py
(a non-member finds nothing, so gets 404); these classes refuse members whose role does
not allow an action, with 403: a member already knows the project exists. The project
must come from queries.projects_for(), which gives its `role` and `is_reviewer`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from claims.models import Membership
from claims.queries import ProjectWithRole


class OwnersWrite(BasePermission):
    """Every member reads; only owners add (articles)."""

    message = "Only the project's owners may add articles."

    def has_object_permission(self, request: Request, view: Any, project: ProjectWithRole) -> bool:
        return request.method in SAFE_METHODS or project.role == Membership.Role.OWNER


class ReviewersOnly(BasePermission):
    """Reviewers and owners: history of everyone's labels, and datasets."""

    message = "Only the project's reviewers and owners may see this."

    def has_object_permission(self, request: Request, view: Any, project: ProjectWithRole) -> bool:
        return project.is_reviewer


def signed_in_user(request: Request) -> User:
    """`request.user` as the User it is in every API view: IsAuthenticated is the default
    permission (settings.REST_FRAMEWORK) and runs before any handler."""
    # A cast, not an isinstance check, so that nothing changes at run time: the schema
    # generator calls get_queryset() too, with the user who asked for the schema.
    return cast(User, request.user)
