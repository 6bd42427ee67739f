from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet

from claims.annotations import MAX_SECONDS
from claims.attribution_values import specs_from
from claims.attributions import AttributionSpec, InvalidAttribution
from claims.models import Article, Label, Project, Sentence


class LabelForm(forms.Form):
    """One change to a sentence of `article`: a label from its project's scheme, or clear."""

    sentence = forms.ModelChoiceField(queryset=Sentence.objects.none())
    label = forms.ModelChoiceField(
        queryset=Label.objects.none(), to_field_name="key", required=False
    )
    clear = forms.BooleanField(required=False)
    # The revision the page showed (0: none), so a change made elsewhere is not overwritten.
    based_on = forms.IntegerField(min_value=0)
    seconds = forms.FloatField(min_value=0, max_value=MAX_SECONDS, required=False)
    # The sentence's whole list of attributions after the change, as JSON (the contract's
    # shape, claims/attribution_values.py); left out, the saved ones that fit are kept.
    attributions = forms.CharField(required=False, strip=False)

    def __init__(self, *args: Any, article: Article, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Through the article, so a sentence of another article is "not a valid choice".
        _choose_from(self.fields["sentence"], article.sentences.all())
        _choose_from(self.fields["label"], article.project.labels.all())

    def clean_attributions(self) -> list[AttributionSpec] | None:
        if "attributions" not in self.data:
            return None
        return parse_attributions(self.cleaned_data["attributions"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean() returns cleaned_data
        clear = cleaned.pop("clear", False)
        if clear and cleaned.get("label"):
            raise forms.ValidationError("Choose a label or clear the sentence, not both.")
        if not clear and not cleaned.get("label") and "label" not in self.errors:
            raise forms.ValidationError("Choose a label.")
        return cleaned


def parse_attributions(value: str) -> list[AttributionSpec]:
    """The attributions a page sent as JSON; a ValidationError names the bad field."""
    try:
        values = json.loads(value or "[]")
    except json.JSONDecodeError as error:
        raise forms.ValidationError(f"attributions: not valid JSON ({error.msg})") from error
    try:
        return specs_from(values)
    except InvalidAttribution as error:
        raise forms.ValidationError(str(error)) from error


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; Django's FileField takes only one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.jsonl,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ImportForm(forms.Form):
    # The form's metaclass moves declared fields into base_fields, so this does not shadow
    # the uploaded `files` of BaseForm, as the stubs take it to.
    files = MultipleFileField(  # type: ignore[assignment]
        help_text=".txt (one article per file), .jsonl (one per line) or .csv (a text column)."
    )
    update = forms.BooleanField(
        required=False,
        label="Replace articles whose id exists already",
        help_text="Articles that have labels keep them only if their text is unchanged.",
    )

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data["files"]
        size = sum(file.size for file in files)
        if size > settings.MAX_IMPORT_UPLOAD_BYTES:
            limit = settings.MAX_IMPORT_UPLOAD_BYTES // 2**20
            raise forms.ValidationError(
                f"These files hold {size / 2**20:.1f} MiB; the upload limit is {limit} MiB. "
                "Use the import_articles command for larger imports."
            )
        return files


class AdjudicationForm(forms.Form):
    """A reviewer's decision on a sentence of `project`: its gold label, or one annotator's
    whole annotation (`take_from`, a username), and a note."""

    label = forms.ModelChoiceField(
        queryset=Label.objects.none(), to_field_name="key", required=False
    )
    take_from = forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="username",
        required=False,
        label="Take from",
        error_messages={"invalid_choice": "%(value)s is not an annotator of this project."},
    )
    note = forms.CharField(required=False, max_length=2000)
    # The gold revision the page showed (0: none), so another reviewer's decision made
    # meanwhile is not overwritten unseen.
    based_on = forms.IntegerField(min_value=0)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self.fields["label"], project.labels.all())
        _choose_from(self.fields["take_from"], User.objects.filter(memberships__project=project))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean() returns cleaned_data
        if {"label", "take_from"} & set(self.errors):
            return cleaned
        if cleaned.get("label") and cleaned.get("take_from"):
            raise forms.ValidationError(
                "Choose a label or take an annotator's annotation, not both."
            )
        if not cleaned.get("label") and not cleaned.get("take_from"):
            self.add_error("label", "Choose a label.")
        return cleaned


def _choose_from(field: forms.Field, queryset: QuerySet[Any]) -> None:
    # A form's fields are typed as plain Fields; these are the ModelChoiceFields declared.
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
