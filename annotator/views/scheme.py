"""The owners' page for the label scheme and the source kinds (claims/scheme.py): one
table of each, every row its own form. Plain posts, answered with a redirect, or with
the page again (422) naming the row and field at fault. 404 for anyone not an owner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotator.http import HtmxRequest, SeeOther
from claims import queries, scheme
from claims.models import Label, Project, SourceKind

PARTS: dict[str, type[Label] | type[SourceKind]] = {"labels": Label, "kinds": SourceKind}


class LabelRowForm(forms.Form):
    name = forms.CharField(max_length=100)
    description = forms.CharField(
        label="Definition", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    example = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    colour = forms.CharField(max_length=7, widget=forms.TextInput(attrs={"type": "color"}))
    hotkey = forms.TypedChoiceField(
        label="Hotkey",
        choices=[("", "none"), *((str(n), str(n)) for n in range(1, 10))],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, form_id: str, row_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Inputs of one table row belong to the row's form by its id (a form cannot hold
        # a table row), and each says whose field it is, for screen readers.
        for name, field in self.fields.items():
            label = self[name].label
            field.widget.attrs |= {"form": form_id, "aria-label": f"{label} of {row_name}"}

    def clean_colour(self) -> str:
        # What a colour input sends: browsers give #rrggbb in lower case.
        return self.cleaned_data["colour"].lower()


class KindRowForm(LabelRowForm):
    hotkey = forms.CharField(  # type: ignore[assignment]
        label="Hotkey", max_length=1, required=False, widget=forms.TextInput(attrs={"size": 2})
    )
    source_class = forms.ChoiceField(label="Class", choices=SourceKind.SourceClass.choices)
    # The metaclass takes fields out of the class, so this does not hide Form.media.
    media = forms.BooleanField(label="Media", required=False)  # type: ignore[assignment]


KEY_HELP = "Letters, digits, - and _; fixed once made, since exports name it."


class NewLabelForm(LabelRowForm):
    key = forms.SlugField(max_length=50, help_text=KEY_HELP)
    role = forms.ChoiceField(
        choices=[("", "none"), *Label.Role.choices],
        required=False,
        help_text="What the sourcing profile reads it as; fixed once made.",
    )
    field_order = ["key", "name"]


class NewKindForm(KindRowForm):
    key = forms.SlugField(max_length=50, help_text=KEY_HELP)
    field_order = ["key", "name"]


@dataclass
class _Failed:
    """The form that failed, so the page shows it as sent: `key` None for an add form."""

    part: str
    key: str | None
    form: LabelRowForm


@login_required
@require_GET
def scheme_page(request: HtmxRequest, slug: str) -> HttpResponse:
    return _page(request, _owned(request, slug))


@login_required
@require_POST
def add_row(request: HtmxRequest, slug: str, part: str) -> HttpResponse:
    project, model = _owned(request, slug), _model(part)
    form_class = NewLabelForm if model is Label else NewKindForm
    form = form_class(request.POST, prefix=f"new-{part}", form_id=f"new-{part}", row_name="new")
    if form.is_valid():
        try:
            row = scheme.add_row(project=project, row=model(**form.cleaned_data), by=request.user)
        except scheme.SchemeError as error:
            _add_error(form, error)
        else:
            messages.success(request, f"Added {row.name}.")
            return _back(project, part)
    return _page(request, project, failed=_Failed(part, None, form), status=422)


@login_required
@require_POST
def change_row(request: HtmxRequest, slug: str, part: str, key: str) -> HttpResponse:
    """Save the row's fields, or (`action`) move it up or down, hide, unhide or delete it."""
    project, model = _owned(request, slug), _model(part)
    row = model.objects.filter(project=project, key=key).first()
    if row is None:
        raise Http404(f"no {part[:-1]} {key!r} in this project")
    action = request.POST.get("action", "save")
    if action != "save":
        _act(request, project, model, row, action)
        return _back(project, part)
    form = _row_form(model, row, data=request.POST)
    if form.is_valid():
        try:
            changed = scheme.update_row(
                project=project, model=model, key=key, values=form.cleaned_data, by=request.user
            )
        except scheme.SchemeError as error:
            _add_error(form, error)
        else:
            messages.success(request, f"Saved {row.name}." if changed else "Nothing changed.")
            return _back(project, part)
    return _page(request, project, failed=_Failed(part, key, form), status=422)


def _act(
    request: HtmxRequest,
    project: Project,
    model: type[Label] | type[SourceKind],
    row: Any,
    action: str,
) -> None:
    where: dict[str, Any] = {"project": project, "model": model, "key": row.key, "by": request.user}
    try:
        if action in ("up", "down"):
            scheme.move_row(**where, up=action == "up")
        elif action in ("hide", "unhide"):
            scheme.set_hidden(**where, hidden=action == "hide")
            done = "hidden from new work" if action == "hide" else "offered again"
            messages.success(request, f"{row.name} is {done}.")
        elif action == "delete":
            scheme.delete_row(**where)
            messages.success(request, f"Deleted {row.name}.")
        else:
            messages.error(request, f"{row.name}: {action!r} is not something a row can do.")
    except scheme.SchemeError as error:
        messages.error(request, f"{row.name}: {error}.")


def _owned(request: HtmxRequest, slug: str) -> Project:
    return get_object_or_404(queries.owned_projects(request.user), slug=slug)


def _model(part: str) -> type[Label] | type[SourceKind]:
    if part not in PARTS:
        raise Http404("labels or kinds only")
    return PARTS[part]


def _row_form(model: type, row: Any, data: Any = None) -> LabelRowForm:
    form_class = LabelRowForm if model is Label else KindRowForm
    noun = "label" if model is Label else "kind"
    initial = {name: getattr(row, name) for name in form_class.base_fields}
    initial["colour"] = row.colour.lower()
    form_id = f"{noun}-{row.key}"
    return form_class(
        data, initial=initial, prefix=form_id, form_id=form_id, row_name=f"{noun} {row.name}"
    )


def _add_error(form: LabelRowForm, error: scheme.SchemeError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _back(project: Project, part: str) -> SeeOther:
    return SeeOther(reverse("owner_scheme", args=[project.slug]) + f"#{part}")


def _page(
    request: HtmxRequest, project: Project, *, failed: _Failed | None = None, status: int = 200
) -> HttpResponse:
    tables = {}
    for part, model in PARTS.items():
        rows = scheme.scheme_rows(project=project, model=model)
        pairs = []
        for row in rows:
            bound = failed and failed.part == part and failed.key == row.key
            pairs.append((row, failed.form if bound and failed else _row_form(model, row)))
        tables[part] = pairs
    new_forms: dict[str, LabelRowForm] = {
        "labels": NewLabelForm(prefix="new-labels", form_id="new-labels", row_name="the new label"),
        "kinds": NewKindForm(prefix="new-kinds", form_id="new-kinds", row_name="the new kind"),
    }
    if failed is not None and failed.key is None:
        new_forms[failed.part] = failed.form
    context = {
        "project": project,
        "tables": tables,
        "new_forms": new_forms,
        "errors": _errors(failed, tables) if failed else [],
        "history": scheme.scheme_history(project=project),
    }
    return render(request, "annotator/owner_scheme.html", context, status=status)


def _errors(failed: _Failed, tables: dict[str, list[tuple[Any, LabelRowForm]]]) -> list[str]:
    """The failed form's errors, each naming its row and field."""
    noun = "label" if failed.part == "labels" else "kind"
    names = {row.key: row.name for row, _ in tables[failed.part]}
    row = f"New {noun}" if failed.key is None else f"{noun.capitalize()} {names[failed.key]!r}"
    found = [f"{row}: {error}" for error in failed.form.non_field_errors()]
    for field in failed.form:
        found += [f"{row}, {field.label}: {error}" for error in field.errors]
    return found
