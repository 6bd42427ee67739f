from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet

from claims import queries
from claims.annotations import MAX_SECONDS
from claims.attribution_text import Occurrence, find_occurrences
from claims.attribution_values import specs_from
from claims.attributions import MAX_ATTRIBUTIONS, AttributionSpec, InvalidAttribution, Span
from claims.models import Annotation, Article, Label, Project, Sentence, SourceKind
from claims.models.flags import COMMENT_LENGTH


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

    def __init__(
        self,
        *args: Any,
        article: Article,
        target: queries.LabelTarget | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if target is not None:
            # Read already, with the label asked for (queries.label_target): checked
            # against those, the choices cost no query of their own.
            sentence = target.sentence
            self.fields["sentence"] = _Known({str(sentence.pk): sentence})
            known = {target.label.key: target.label} if target.label else {}
            self.fields["label"] = _Known(known, required=False)
        else:
            # Through the article, so a sentence of another article is "not a valid choice".
            _choose_from(self.fields["sentence"], article.sentences.all())
            _choose_from(self.fields["label"], article.project.labels.all())
        self.article = article

    def clean_attributions(self) -> list[AttributionSpec] | None:
        if "attributions" not in self.data:
            return None
        return _parse_attributions(self.cleaned_data["attributions"], text=self.article.text)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean() returns cleaned_data
        clear = cleaned.pop("clear", False)
        if clear and cleaned.get("label"):
            raise forms.ValidationError("Choose a label or clear the sentence, not both.")
        if not clear and not cleaned.get("label") and "label" not in self.errors:
            raise forms.ValidationError("Choose a label.")
        return cleaned


def _parse_attributions(value: str, *, text: str) -> list[AttributionSpec]:
    """The attributions a page sent as JSON; a ValidationError names the bad field."""
    try:
        values = json.loads(value or "[]")
    except json.JSONDecodeError as error:
        raise forms.ValidationError(f"attributions: not valid JSON ({error.msg})") from error
    try:
        return specs_from(values, text=text)
    except InvalidAttribution as error:
        raise forms.ValidationError(str(error)) from error


class SourcesForm(forms.Form):
    """The label that goes with a sentence's sources, and the revision the form showed."""

    label = forms.ChoiceField(error_messages={"required": "Choose a label."})
    based_on = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, labels: list[Label], annotation: Annotation | None, **kwargs: Any
    ) -> None:
        label = annotation.label if annotation and annotation.label else None
        if label is None:  # a sentence given sources is an attribution, unless told otherwise
            label = next((each for each in labels if each.role == Label.Role.ATTRIBUTION), None)
        kwargs.setdefault(
            "initial",
            {"label": label.key if label else None, "based_on": annotation.pk if annotation else 0},
        )
        super().__init__(*args, **kwargs)
        self.labels = {each.key: each for each in labels}
        self.fields["label"].choices = [(each.key, each.name) for each in labels]  # type: ignore[attr-defined]

    def clean_label(self) -> Label:
        return self.labels[self.cleaned_data["label"]]


class SourceRowForm(forms.Form):
    """One attribution, its source and cue typed as they read in the text. `*_at` holds the
    offsets "start:end" of the occurrence meant, once known (saved, or chosen)."""

    source = forms.CharField(required=False, max_length=1000)
    source_at = forms.CharField(required=False, widget=forms.HiddenInput)
    cue = forms.CharField(required=False, max_length=1000)
    cue_at = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(required=False)
    entity = forms.ChoiceField(required=False, label="Same source as")
    via = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Relayed via")
    embedded = forms.BooleanField(required=False)

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        entities: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *kinds]  # type: ignore[attr-defined]
        self.fields["entity"].choices = [("", "a new source"), *entities]  # type: ignore[attr-defined]
        rows = [(str(n), f"source {n}") for n in range(1, MAX_ATTRIBUTIONS + 1)]
        self.fields["via"].choices = [("", "—"), *rows]  # type: ignore[attr-defined]
        # Where a typed source or cue occurs more than once: the occurrences to choose from.
        self.occurrences: dict[str, list[Occurrence]] = {}

    def has_content(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("source") or data.get("cue") or data.get("kind"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None
        if (cleaned.get("source") or cleaned.get("cue")) and not cleaned.get("kind"):
            self.add_error("kind", "Choose the kind of this source.")
        return cleaned


class SourceRows(forms.BaseFormSet[SourceRowForm]):
    """The rows of a sentence's sources form: the saved attributions, then two empty rows.
    The class attributes are what formset_factory() would set; declared here, the
    constructor can take the article and sentence (and the type checker knows it)."""

    form = SourceRowForm
    extra = 2
    can_order = False
    can_delete = True
    can_delete_extra = True
    min_num = 0
    max_num = MAX_ATTRIBUTIONS
    absolute_max = MAX_ATTRIBUTIONS
    validate_min = False
    validate_max = True
    renderer = None

    def __init__(
        self,
        data: Any = None,
        *,
        article: Article,
        kinds: list[SourceKind],
        annotation: Annotation | None,
        annotator: User,
    ) -> None:
        saved = list(annotation.attributions.all()) if annotation else []
        text = article.text
        initial = [
            {
                "source": text[row.source_start : row.source_end]
                if row.source_start is not None
                else "",
                "source_at": _at(row.source_start, row.source_end),
                "cue": text[row.cue_start : row.cue_end] if row.cue_start is not None else "",
                "cue_at": _at(row.cue_start, row.cue_end),
                "kind": row.kind.key,
                "entity": row.entity,
                "via": row.via + 1 if row.via is not None else None,
                "embedded": row.embedded,
            }
            for row in sorted(saved, key=lambda row: row.position)
        ]
        super().__init__(
            data,
            initial=initial,
            prefix="sources",
            form_kwargs={
                "kinds": [(kind.key, kind.name) for kind in kinds],
                "entities": _entities(article, annotator),
            },
        )
        self.kept: list[SourceRowForm] = []  # the rows resolve_sources made attributions of

    def add_attribution_error(self, error: InvalidAttribution) -> None:
        """Put a rule's error (`attributions[1].via: ...`) on the row and field it names."""
        match = re.fullmatch(r"attributions\[(\d+)\](?:\.(\w+))?.*", error.path)
        if match and int(match[1]) < len(self.kept):
            form = self.kept[int(match[1])]
            field = match[2] if match[2] in form.fields else None
            form.add_error(field, error.message)
        else:
            self.non_form_errors().append(error.message)


def resolve_sources(
    rows: SourceRows, *, article: Article, sentence: Sentence
) -> list[AttributionSpec] | None:
    """The attributions the valid `rows` describe, each typed source and cue found in the
    text; None when one is not found or is found more than once (the row then carries the
    error, and its `occurrences` to choose from). Rows left empty or removed are skipped;
    `via` numbers the rows as shown."""
    bounds = list(article.sentences.order_by("position").values_list("start", "end"))
    kept = [
        (number, form)
        for number, form in enumerate(rows.forms, start=1)
        if form.has_content() and not form.cleaned_data.get("DELETE")
    ]
    index_of = {number: index for index, (number, _) in enumerate(kept)}
    specs: list[AttributionSpec] = []
    found_all = True
    for _, form in kept:
        data = form.cleaned_data
        spans: dict[str, Span | None] = {}
        for field in ("source", "cue"):
            found, spans[field] = _located(
                form, field, text=article.text, bounds=bounds, position=sentence.position
            )
            found_all = found_all and found
        via = data.get("via")
        if via is not None and via not in index_of:
            form.add_error("via", f"Source {via} is not on this form (or is removed).")
            found_all = False
        if found_all:
            specs.append(
                AttributionSpec(
                    kind=data["kind"],
                    source=spans["source"],
                    cue=spans["cue"],
                    entity=data.get("entity") or "",
                    via=index_of[via] if via is not None else None,
                    embedded=data.get("embedded", False),
                )
            )
    if not found_all:
        return None
    rows.kept = [form for _, form in kept]
    return specs


def _located(
    form: SourceRowForm, field: str, *, text: str, bounds: list[tuple[int, int]], position: int
) -> tuple[bool, Span | None]:
    """Whether the text typed in `field` was found, and its span (None when nothing is
    typed); not found, or found more than once with none chosen, the form has the error."""
    typed = form.cleaned_data.get(field, "")
    if not typed.strip():
        return True, None
    at = form.cleaned_data.get(f"{field}_at", "")
    occurrences = find_occurrences(text=text, typed=typed, sentences=bounds, position=position)
    chosen = [each for each in occurrences if _at(each.start, each.end) == at]
    if len(occurrences) == 1 or chosen:
        each = chosen[0] if chosen else occurrences[0]
        return True, Span(each.start, each.end, each.found)
    if not occurrences:
        form.add_error(
            field,
            f"“{typed.strip()}” is not in this sentence, the two before it or the one after it. "
            "Type it as it reads in the text.",
        )
    else:
        form.occurrences[field] = occurrences
        form.add_error(
            field, f"“{typed.strip()}” occurs {len(occurrences)} times here: choose which one."
        )
    return False, None


def _at(start: int | None, end: int | None) -> str:
    return "" if start is None or end is None else f"{start}:{end}"


def _entities(article: Article, annotator: User) -> list[tuple[str, str]]:
    """The sources the annotator marked in the article, each named by its first mention
    (the earliest source in the text; the id when none of its mentions has a span)."""
    positions = dict(article.sentences.values_list("pk", "position"))
    first: dict[str, tuple[AttributionSpec, int]] = {}
    attributions = queries.own_attributions(article=article, annotator=annotator)
    for sentence_id, specs in sorted(attributions.items(), key=lambda item: positions[item[0]]):
        for spec in specs:
            known = first.get(spec.entity, (None, 0))[0]
            if known is None or _is_earlier(spec.source, known.source):
                first[spec.entity] = (spec, positions[sentence_id])
    return [(entity, _mention(entity, *first[entity], text=article.text)) for entity in first]


def _is_earlier(span: Span | None, than: Span | None) -> bool:
    return span is not None and (than is None or span < than)


def _mention(entity: str, spec: AttributionSpec, position: int, *, text: str) -> str:
    named = f"“{text[spec.source.start : spec.source.end]}”" if spec.source else entity
    return f"{named} (sentence {position + 1})"


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
    title_line = forms.IntegerField(
        required=False,
        min_value=1,
        label="Title line of .txt files",
        help_text="Leave empty to take the line that looks like the headline (breadcrumbs, "
        "dates and bylines above it are skipped); 1 for the first line.",
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


class _Known(forms.Field):
    """A choice among objects the door has read already, by key, as ModelChoiceField
    checks one (and with its message) but without a query."""

    default_error_messages = forms.ModelChoiceField.default_error_messages

    def __init__(self, known: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.known = known

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if str(value) not in self.known:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return self.known[str(value)]


def _choose_from(field: forms.Field, queryset: QuerySet[Any]) -> None:
    # A form's fields are typed as plain Fields; these are the ModelChoiceFields declared.
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class FlagForm(forms.Form):
    """An annotator's flag on a sentence: unsure, with an optional comment; `withdraw`
    closes their open flag instead."""

    comment = forms.CharField(required=False, max_length=COMMENT_LENGTH, widget=forms.Textarea)
    withdraw = forms.BooleanField(required=False)


class SendBackForm(forms.Form):
    """A reviewer sends a sentence of `project` back to one of its members with a note."""

    annotator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="username",
        error_messages={"invalid_choice": "%(value)s is not a member of this project."},
    )
    note = forms.CharField(max_length=COMMENT_LENGTH, label="Note")

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self.fields["annotator"], User.objects.filter(memberships__project=project))
