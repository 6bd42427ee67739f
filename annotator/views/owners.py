"""Owners' pages: a new project, and who belongs to a project. Any logged-in user may
create a project and owns it; only its owners see its members page (404 for others, as
for the import page)."""

from __future__ import annotations

from dataclasses import asdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotator.http import HtmxRequest, SeeOther
from claims import owners, queries
from claims.models import Membership, Project
from claims.project_settings import (
    MAX_ANNOTATORS_PER_ARTICLE,
    MAX_CLAIM_EXPIRY_HOURS,
    MIN_CLAIM_EXPIRY_HOURS,
    SettingsError,
    TeamSettings,
    update_settings,
)
from claims.project_settings import current_settings as settings_of
from claims.projects import ProjectError


class NewProjectForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=100,
        required=False,
        help_text="Part of the address; left blank, made from the name.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    guidelines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Left blank, the guidelines describe the labels of the scheme.",
    )
    scheme = forms.ChoiceField(
        label="Label scheme and source kinds",
        help_text="Start from the default scheme, or copy the labels and source kinds "
        "of a project you own.",
    )

    def __init__(self, *args: object, copyable: list[Project], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.copyable = {str(project.pk): project for project in copyable}
        choices = [("default", "The default scheme")]
        choices += [(pk, f"Copy of {project.name}") for pk, project in self.copyable.items()]
        scheme = self.fields["scheme"]
        assert isinstance(scheme, forms.ChoiceField)
        scheme.choices = choices
        scheme.initial = "default"


@login_required
def new_project(request: HtmxRequest) -> HttpResponse:
    form = NewProjectForm(request.POST or None, copyable=owners.copyable_projects(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = owners.create_owned_project(
                name=data["name"],
                slug=data["slug"],
                description=data["description"],
                guidelines=data["guidelines"],
                owner=request.user,
                copy_scheme_from=form.copyable.get(data["scheme"]),
            )
        except (ProjectError, owners.OwnerError) as error:
            field = "slug" if "slug" in str(error) else None
            form.add_error(field, str(error))
        else:
            messages.success(request, f"Created {project.name}. You own it.")
            return SeeOther(reverse("project", args=[project.slug]))
    status = 422 if form.errors else 200
    return render(request, "annotator/owner_new_project.html", {"form": form}, status=status)


class AddMemberForm(forms.Form):
    who = forms.CharField(label="Username or e-mail", max_length=254)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.ANNOTATOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


def _owned(request: HtmxRequest, slug: str) -> Project:
    return get_object_or_404(queries.owned_projects(request.user), slug=slug)


@login_required
def members(request: HtmxRequest, slug: str) -> HttpResponse:
    """The members, their roles, and a form to add one."""
    project = _owned(request, slug)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = owners.add_member_by(
                project=project,
                identifier=form.cleaned_data["who"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except owners.OwnerError as error:
            form.add_error("who", str(error))
        else:
            messages.success(request, f"Added {membership.user.username} as {membership.role}.")
            return SeeOther(reverse("owner_members", args=[project.slug]))
    context = {
        "project": project,
        "form": form,
        "members": owners.members(project=project),
        "roles": Membership.Role.choices,
    }
    status = 422 if form.errors else 200
    return render(request, "annotator/owner_members.html", context, status=status)


@login_required
@require_POST
def member_role(request: HtmxRequest, slug: str, user_id: int) -> HttpResponse:
    project = _owned(request, slug)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Role: choose owner, reviewer or annotator.")
    else:
        try:
            membership = owners.set_role(
                project=project,
                user_id=user_id,
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except owners.OwnerError as error:
            messages.error(request, f"Role: {error}.")
        else:
            messages.success(request, f"{membership.user.username} is now {membership.role}.")
    return SeeOther(reverse("owner_members", args=[project.slug]))


@login_required
@require_POST
def member_remove(request: HtmxRequest, slug: str, user_id: int) -> HttpResponse:
    project = _owned(request, slug)
    try:
        membership = owners.remove_member(project=project, user_id=user_id, by=request.user)
    except owners.OwnerError as error:
        messages.error(request, f"Remove: {error}.")
    else:
        messages.success(
            request,
            f"Removed {membership.user.username}. Their annotations stay, under their name.",
        )
    # An owner who removed themselves no longer sees the members page.
    if not queries.owned_projects(request.user).filter(pk=project.pk).exists():
        return SeeOther(reverse("home"))
    return SeeOther(reverse("owner_members", args=[project.slug]))


class SettingsForm(forms.Form):
    annotators_per_article = forms.IntegerField(
        label="Annotators per article (k)",
        min_value=1,
        max_value=MAX_ANNOTATORS_PER_ARTICLE,
        help_text="The queue gives each article to this many annotators, and a sentence is "
        "done when this many labelled it. Changing it once work has started is allowed: gold "
        "already set is not rewritten at once; each sentence's automatic gold follows the new "
        "k when its labels next change, or for every sentence when a reviewer applies "
        "automatic gold on the review page. Reviewers' decisions are never replaced.",
    )
    auto_gold = forms.ChoiceField(
        label="Automatic gold",
        choices=Project.AutoGold.choices,
        help_text="When k labels of a sentence agree this way, they become its gold.",
    )
    queue_order = forms.ChoiceField(label="Queue order", choices=Project.QueueOrder.choices)
    queue_seed = forms.IntegerField(
        label="Queue seed",
        min_value=0,
        help_text="Fixes the random order; ignored in project order.",
    )
    claim_expiry_hours = forms.FloatField(
        label="Claim expiry (hours)",
        min_value=MIN_CLAIM_EXPIRY_HOURS,
        max_value=MAX_CLAIM_EXPIRY_HOURS,
        help_text="An article claimed but untouched this long goes back to the queue.",
    )
    blind = forms.BooleanField(
        label="Blind annotation",
        required=False,
        help_text="Annotators never see others' labels, names or counts. "
        "Turn it off only to calibrate.",
    )
    double_coded_percent = forms.IntegerField(
        label="Double-coded articles (%)",
        min_value=0,
        max_value=100,
        help_text="This share of the articles goes to k annotators, the rest to one.",
    )


@login_required
def project_settings(request: HtmxRequest, slug: str) -> HttpResponse:
    """The team settings and the history of owners' changes."""
    project = _owned(request, slug)
    current = asdict(settings_of(project=project))
    form = SettingsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            _, after = update_settings(
                project=project, values=TeamSettings(**form.cleaned_data), by=request.user
            )
        except SettingsError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, "Settings saved." if after else "Nothing changed.")
            return SeeOther(reverse("owner_settings", args=[project.slug]))
    context = {"project": project, "form": form, "history": owners.history(project=project)}
    status = 422 if form.errors else 200
    return render(request, "annotator/owner_settings.html", context, status=status)


class GuidelinesForm(forms.Form):
    text = forms.CharField(
        label="Guidelines",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Saving makes a new version; every label saved from then on records it.",
    )


@login_required
def guidelines(request: HtmxRequest, slug: str) -> HttpResponse:
    """Edit the guidelines (a new version each time) and list the versions."""
    project = _owned(request, slug)
    form = GuidelinesForm(request.POST or None, initial={"text": project.guidelines})
    if request.method == "POST" and form.is_valid():
        version = owners.edit_guidelines(
            project=project, text=form.cleaned_data["text"], by=request.user
        )
        if version is None:
            messages.info(request, "The guidelines are unchanged.")
        else:
            messages.success(request, f"Saved as version {version.number}.")
        return SeeOther(reverse("owner_guidelines", args=[project.slug]))
    versions = project.guideline_versions.select_related("created_by").order_by("-number")
    context = {"project": project, "form": form, "versions": list(versions)}
    return render(request, "annotator/owner_guidelines.html", context)
