"""Owners assign articles to annotators: the queue hands assigned articles out first."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotator.http import HtmxRequest, SeeOther
from claims import queries, queue
from claims.models import Assignment

MAX_ASSIGNMENT_BYTES = 2 * 2**20


class AssignmentForm(forms.Form):
    rows = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "article,annotator"}),
        label="Assignments",
        help_text="One per line: the article's id or external id, a comma, the annotator's "
        "username or e-mail.",
    )
    file = forms.FileField(
        required=False,
        label="Or a CSV file",
        help_text="Two columns, article and annotator; a header row is skipped.",
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_ASSIGNMENT_BYTES:
                raise forms.ValidationError({"file": "The file is larger than 2 MiB."})
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError({"file": "The file is not UTF-8 text."}) from None
        else:
            cleaned["text"] = cleaned.get("rows", "")
        if not cleaned["text"].strip():
            raise forms.ValidationError("Type assignments or choose a CSV file.")
        return cleaned


@login_required
def assignments(request: HtmxRequest, slug: str) -> HttpResponse:
    """The project's assignments and a form to add more; all or nothing, and a bad line
    is named with its field."""
    project = get_object_or_404(queries.owned_projects(request.user), slug=slug)
    form = AssignmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        where = "file" if form.cleaned_data.get("file") else "rows"
        try:
            pairs = queue.parse_assignment_csv(project=project, text=form.cleaned_data["text"])
        except queue.AssignmentError as error:
            form.add_error(where, f"Nothing was assigned: {error}.")
        else:
            added = queue.assign(project=project, pairs=pairs, by=request.user)
            repeated = len(pairs) - added
            note = f" ({repeated} already assigned)" if repeated else ""
            messages.success(request, f"{added} assignments added{note}.")
            return SeeOther(reverse("assignments", args=[project.slug]))
    listed = (
        Assignment.objects.filter(article__project=project)
        .select_related("article", "annotator")
        .defer("article__text", "article__metadata")
        .order_by("annotator__username", "article_id")
    )
    context = {"project": project, "form": form, "assignments": listed}
    status = 422 if form.errors else 200
    return render(request, "annotator/assignments.html", context, status=status)


@login_required
@require_POST
def unassign(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    project = get_object_or_404(queries.owned_projects(request.user), slug=slug)
    if queue.unassign(project=project, assignment_id=pk):
        messages.success(request, "Assignment removed; work already done is kept.")
    return SeeOther(reverse("assignments", args=[project.slug]))
