"""What a project's owners change without the admin: new projects and their members."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.text import slugify

from claims.models import GuidelineVersion, Label, Membership, Project, ProjectChange, SourceKind
from claims.projects import ProjectError, add_member, create_project, set_guidelines


class OwnerError(ValueError):
    """An owner's change that cannot be made as asked; the message says why, and `field`
    names the input at fault when one is (`identifier`, `role`)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotAMember(OwnerError):
    """The account named is not a member of the project."""


class MembersConflict(OwnerError):
    """The change contradicts the project's members as they are now: the account is a
    member already, or the change would leave the project without an owner."""


def copyable_projects(user: User) -> list[Project]:
    """Projects whose scheme `user` may copy into a new one: those they own."""
    owned = Project.objects.filter(memberships__user=user, memberships__role=Membership.Role.OWNER)
    return list(owned.order_by("name"))


@transaction.atomic
def create_owned_project(
    *,
    name: str,
    slug: str,
    description: str,
    guidelines: str,
    owner: User,
    copy_scheme_from: Project | None = None,
) -> Project:
    """A new project owned by `owner`, with the default label scheme and source kinds or
    a copy of those of a project `owner` owns. Blank guidelines keep the default text,
    which describes the labels. Raises ProjectError (a taken slug, say) or OwnerError."""
    if (
        copy_scheme_from is not None
        and not Membership.objects.filter(
            project=copy_scheme_from, user=owner, role=Membership.Role.OWNER
        ).exists()
    ):
        raise OwnerError("you can copy the scheme only of a project you own")
    if slugify(slug or name) == "new":
        raise ProjectError("the slug 'new' is taken by the new project page; choose another")
    project = create_project(name=name, slug=slug or None, owner=owner, description=description)
    if copy_scheme_from is not None:
        _copy_scheme(source=copy_scheme_from, target=project)
    if guidelines.strip():
        # Version 1 is the text the owner wrote: nobody has labelled under the default.
        Project.objects.filter(pk=project.pk).update(guidelines=guidelines)
        GuidelineVersion.objects.filter(project=project, number=1).update(text=guidelines)
        project.guidelines = guidelines
    return project


def _copy_scheme(*, source: Project, target: Project) -> None:
    target.labels.all().delete()
    target.source_kinds.all().delete()
    Label.objects.bulk_create(
        Label(
            project=target,
            key=label.key,
            name=label.name,
            description=label.description,
            example=label.example,
            hotkey=label.hotkey,
            colour=label.colour,
            position=label.position,
            role=label.role,
        )
        for label in source.labels.all()
    )
    SourceKind.objects.bulk_create(
        SourceKind(
            project=target,
            key=kind.key,
            name=kind.name,
            description=kind.description,
            example=kind.example,
            hotkey=kind.hotkey,
            source_class=kind.source_class,
            media=kind.media,
            colour=kind.colour,
            position=kind.position,
        )
        for kind in source.source_kinds.all()
    )


def find_user(identifier: str) -> User:
    """The account with this username, or else this e-mail address (either ignoring case)."""
    identifier = identifier.strip()
    if not identifier:
        raise OwnerError("give a username or an e-mail address", field="identifier")
    found = list(
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))[:3]
    )
    by_name = [user for user in found if user.username.lower() == identifier.lower()]
    if by_name:
        return by_name[0]
    if len(found) == 1:
        return found[0]
    if not found:
        problem = f"no account is called {identifier!r} or has that e-mail address"
        raise OwnerError(problem, field="identifier")
    problem = f"several accounts have the e-mail address {identifier!r}; give a username"
    raise OwnerError(problem, field="identifier")


def members(*, project: Project) -> list[Membership]:
    """The project's members, owners first, then by username."""
    order: dict[str, int] = {"owner": 0, "reviewer": 1, "annotator": 2}
    rows = list(Membership.objects.filter(project=project).select_related("user"))
    return sorted(rows, key=lambda row: (order.get(row.role, 3), row.user.username.lower()))


def _check_role(role: str) -> None:
    if role not in Membership.Role.values:
        problem = f"{role!r} is not a role; choose owner, reviewer or annotator"
        raise OwnerError(problem, field="role")


@transaction.atomic
def add_member_by(*, project: Project, identifier: str, role: str, by: User) -> Membership:
    """Add the account named by username or e-mail address; an existing member keeps
    their role (change it with set_role)."""
    _check_role(role)
    user = find_user(identifier)
    if Membership.objects.filter(project=project, user=user).exists():
        raise MembersConflict(f"{user.username} is a member already; change their role instead")
    membership = add_member(project=project, user=user, role=role)
    record_change(
        project=project,
        by=by,
        what=ProjectChange.What.MEMBERS,
        summary=f"added {user.username} as {role}",
        after={user.username: role},
    )
    return membership


def _lock_owners(project: Project) -> int:
    # Locked, so that two owners demoting each other at once cannot leave none.
    owners = Membership.objects.select_for_update().filter(
        project=project, role=Membership.Role.OWNER
    )
    return len(list(owners.values_list("pk", flat=True)))


@transaction.atomic
def set_role(*, project: Project, user_id: int, role: str, by: User) -> Membership:
    """Change a member's role. The last owner cannot stop being one."""
    _check_role(role)
    membership = _membership(project, user_id)
    demoted = membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER
    if demoted and _lock_owners(project) <= 1:
        raise MembersConflict(
            f"{membership.user.username} is the project's only owner; make someone else owner first"
        )
    if membership.role == role:
        return membership
    name, old = membership.user.username, membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_change(
        project=project,
        by=by,
        what=ProjectChange.What.MEMBERS,
        summary=f"{name}: {old} → {role}",
        before={name: old},
        after={name: role},
    )
    return membership


@transaction.atomic
def remove_member(*, project: Project, user_id: int, by: User) -> Membership:
    """Take a member out of the project. Only the membership goes: their annotations stay,
    attributed to them, in history, exports and agreement. The last owner cannot go."""
    membership = _membership(project, user_id)
    if membership.role == Membership.Role.OWNER and _lock_owners(project) <= 1:
        raise MembersConflict(
            f"{membership.user.username} is the project's only owner; make someone else owner first"
        )
    membership.delete()
    name = membership.user.username
    record_change(
        project=project,
        by=by,
        what=ProjectChange.What.MEMBERS,
        summary=f"removed {name} ({membership.role})",
        before={name: membership.role},
    )
    return membership


def record_change(
    *,
    project: Project,
    by: User | None,
    what: str,
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> ProjectChange:
    """Note an owner's change in the project's history (the settings page lists it)."""
    return ProjectChange.objects.create(
        project=project,
        by=by,
        what=what,
        summary=summary[:300],
        before=before or {},
        after=after or {},
    )


@transaction.atomic
def edit_guidelines(*, project: Project, text: str, by: User) -> GuidelineVersion | None:
    """New guidelines as a new version (projects.set_guidelines), noted in the history.
    The same text again changes nothing (None)."""
    before = project.guideline_version
    version = set_guidelines(project=project, text=text, by=by)
    if version is not None:
        record_change(
            project=project,
            by=by,
            what=ProjectChange.What.GUIDELINES,
            summary=f"guidelines version {before} \u2192 {version.number}",
            before={"version": before},
            after={"version": version.number},
        )
    return version


def changes(*, project: Project) -> QuerySet[ProjectChange]:
    """All the project's changes, newest first, with who made them."""
    return ProjectChange.objects.filter(project=project).select_related("by").order_by("-pk")


def history(*, project: Project, limit: int = 100) -> list[ProjectChange]:
    """The project's latest changes, newest first, with who made them."""
    return list(changes(project=project)[:limit])


def _membership(project: Project, user_id: int) -> Membership:
    found = Membership.objects.filter(project=project, user_id=user_id).select_related("user")
    membership = found.first()
    if membership is None:
        raise NotAMember("that account is not a member of the project")
    return membership


__all__ = [
    "MembersConflict",
    "NotAMember",
    "OwnerError",
    "ProjectError",
    "add_member_by",
    "changes",
    "copyable_projects",
    "create_owned_project",
    "edit_guidelines",
    "find_user",
    "history",
    "record_change",
    "members",
    "remove_member",
    "set_role",
]
