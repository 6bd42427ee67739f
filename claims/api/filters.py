"""Query-string filters for the lists (django-filter). Filters only narrow what the
user's queryset (claims/queries.py) already allows; they never widen it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from claims.api.serializers import MAX_ID
from claims.models import Annotation, Article


class _StrictIntegerField(forms.IntegerField):
    # django-filter skips a blank filter; a blank where a number is documented is an error.
    def clean(self, value: object) -> int | None:
        if value == "":
            raise forms.ValidationError("Give a number, or leave the parameter out.")
        return super().clean(value)


class _StrictDateTimeField(IsoDateTimeField):
    def clean(self, value: object) -> datetime | None:
        if value == "":
            raise forms.ValidationError("Give an ISO 8601 time, or leave the parameter out.")
        moment = super().clean(value)
        if moment is None:
            return None
        # In UTC: PostgreSQL refuses offsets beyond 15:59, which ISO 8601 allows.
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("That time is out of range.") from None


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    # NumberFilter takes decimals ("1.5"); ids are whole numbers. A Filter takes any form
    # field; the stubs pin NumberFilter's to DecimalField.
    field_class = _StrictIntegerField  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class SinceFilter(filters.IsoDateTimeFilter):
    """At or after an ISO 8601 time."""

    field_class = _StrictDateTimeField

    def __init__(self, field_name: str | None = None, **kwargs: Any) -> None:
        # Only the field positionally: a second argument would be the lookup, fixed here.
        super().__init__(field_name, lookup_expr="gte", **kwargs)


# Django's form fields refuse NUL (the database cannot store it, so nothing could match);
# the schema says so, and a blank value means "no filter", as django-filter has it.
@extend_schema_field({"type": "string", "pattern": "^[^\\u0000]*$"})
class TextFilter(filters.CharFilter):
    pass


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]*$"})
class SlugFilter(filters.CharFilter):
    field_class = forms.SlugField


class ArticleFilter(filters.FilterSet):
    outlet = TextFilter(help_text="Only articles from this outlet (exact match).")
    external_id = TextFilter(help_text="The article with this id of yours.")
    updated_since = SinceFilter(
        field_name="updated_at",
        help_text="Only articles imported or replaced at or after this time (ISO 8601).",
    )

    class Meta:
        model = Article
        fields: list[str] = []


class AnnotationFilter(filters.FilterSet):
    project = SlugFilter(
        field_name="sentence__article__project__slug", help_text="A project's slug."
    )
    article = IdFilter(field_name="sentence__article_id", help_text="An article's id.")
    sentence = IdFilter(field_name="sentence_id", help_text="A sentence's id.")
    annotator = TextFilter(
        field_name="annotator__username",
        help_text="An annotator's username. Annotators only ever see their own labels.",
    )
    label = SlugFilter(field_name="label__key", help_text="A label key.")
    updated_since = SinceFilter(
        field_name="created_at",
        help_text="Only labels set, changed or cleared at or after this time (ISO 8601).",
    )

    class Meta:
        model = Annotation
        fields: list[str] = []
