"""What the API sends and accepts. Output serializers only render; input serializers only
check shapes and types. Every rule about the data lives in the domain (claims/)."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.annotations import MAX_SECONDS
from claims.attributions import MAX_ATTRIBUTIONS, MAX_ENTITY_CHARS, AttributionSpec, Span
from claims.imports.records import MAX_TEXT_CHARS
from claims.models import (
    Annotation,
    Article,
    Attribution,
    Label,
    Membership,
    Project,
    Sentence,
    SourceKind,
)
from claims.queries import SentenceWithOwnLabel

# The largest id a bigint primary key holds; bigger numbers cannot name anything.
MAX_ID = 2**63 - 1
HIDDEN_HELP = "Hidden from new work: earlier labels and attributions keep it, new ones are refused."


class LabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Label
        fields = [
            "key",
            "name",
            "description",
            "example",
            "hotkey",
            "colour",
            "position",
            "role",
            "hidden",
        ]
        extra_kwargs = {"hidden": {"help_text": HIDDEN_HELP}}


class SourceKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceKind
        fields = [
            "key",
            "name",
            "description",
            "example",
            "hotkey",
            "source_class",
            "media",
            "colour",
            "position",
            "hidden",
        ]
        extra_kwargs = {"hidden": {"help_text": HIDDEN_HELP}}


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")

    class Meta:
        model = Membership
        fields = ["username", "role"]


class ProjectSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(
        choices=Membership.Role.choices, help_text="Your role in the project."
    )
    sentences = serializers.IntegerField(source="total", help_text="Sentences in the project.")
    labelled = serializers.IntegerField(help_text="Sentences you have labelled.")
    labels = LabelSerializer(many=True, help_text="The label scheme, in hotkey order.")
    source_kinds = SourceKindSerializer(
        many=True, help_text="The kinds of source an attribution names, in order."
    )
    members = MemberSerializer(source="memberships", many=True)

    class Meta:
        model = Project
        fields = [
            "slug",
            "name",
            "description",
            "guidelines",
            "annotators_per_article",
            "auto_gold",
            "created_at",
            "role",
            "sentences",
            "labelled",
            "labels",
            "source_kinds",
            "members",
        ]


class ArticleSummarySerializer(serializers.ModelSerializer):
    """An article without its text, as lists show it."""

    project = serializers.SlugField(source="project.slug")
    sentences = serializers.IntegerField(source="total", help_text="Sentences in the article.")
    labelled = serializers.IntegerField(help_text="Sentences you have labelled.")

    class Meta:
        model = Article
        fields = [
            "id",
            "project",
            "external_id",
            "title",
            "outlet",
            "url",
            "author",
            "published_at",
            "metadata",
            "segmenter",
            "created_at",
            "updated_at",
            "sentences",
            "labelled",
        ]


class ArticleSerializer(ArticleSummarySerializer):
    """An article with its text; sentence offsets index into it."""

    class Meta(ArticleSummarySerializer.Meta):
        fields = [*ArticleSummarySerializer.Meta.fields, "text"]


# PostgreSQL cannot store NUL in text; the importer refuses it, and the schema says so.
NO_NUL = [RegexValidator(r"^[^\x00]*$", "NUL characters are not allowed.")]


def _optional_text(max_length: int | None, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_null=True, max_length=max_length, validators=NO_NUL, **kwargs
    )


class ArticleInputSerializer(serializers.Serializer):
    """One article to import. It documents the body; claims.imports.records checks it, by
    the same rules as the import_articles command."""

    text = serializers.CharField(
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        trim_whitespace=False,
        validators=NO_NUL,
        help_text="Split into sentences on import. Newlines become \\n; nothing else changes.",
    )
    id = _optional_text(
        Article._meta.get_field("external_id").max_length,
        help_text="Your id for the article, unique in the project. Without one, the id is "
        "derived from the text's hash, so the same text cannot be imported twice.",
    )
    title = _optional_text(Article._meta.get_field("title").max_length)
    outlet = _optional_text(Article._meta.get_field("outlet").max_length)
    url = serializers.URLField(required=False, allow_null=True, max_length=2000)
    author = _optional_text(Article._meta.get_field("author").max_length)
    published_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="ISO 8601; without an offset, UTC."
    )
    metadata = serializers.DictField(
        required=False, allow_null=True, help_text="Any JSON object, kept as given."
    )


class SpanSerializer(serializers.Serializer):
    """Half-open offsets into the article's text (not the sentence's)."""

    start = serializers.IntegerField(min_value=0, max_value=MAX_TEXT_CHARS - 1)
    end = serializers.IntegerField(min_value=1, max_value=MAX_TEXT_CHARS)
    text = serializers.CharField(
        required=False,
        trim_whitespace=False,
        write_only=True,
        help_text="Optional: if given, it must equal the article's text at these offsets.",
    )

    def to_internal_value(self, data: Any) -> Span:
        return Span(**super().to_internal_value(data))


class AttributionSerializer(serializers.Serializer):
    """Who the sentence rests on. See the README for the rules and the originating
    attribution."""

    # A declared field, not Field's attribute `source` (see AnnotationSerializer).
    source = SpanSerializer(  # type: ignore[assignment]
        allow_null=True,
        default=None,
        help_text="Where the source is named; null when the sentence names none "
        "(\u201creportedly\u201d, a quotation continuing the previous speaker).",
    )
    cue = SpanSerializer(
        allow_null=True, default=None, help_text="The reporting expression, e.g. \u201csaid\u201d."
    )
    kind = serializers.SlugField(max_length=50, help_text="A source kind key of the project.")
    entity = serializers.CharField(
        max_length=MAX_ENTITY_CHARS,
        required=False,
        default="",
        allow_blank=True,
        validators=NO_NUL,
        help_text="Links mentions of one source in the article (your own ids). Left out: "
        "a new entity named after the mention.",
    )
    via = serializers.IntegerField(
        min_value=0,
        max_value=MAX_ATTRIBUTIONS - 1,
        allow_null=True,
        default=None,
        help_text="Index in this list of the attribution that relayed this one.",
    )
    embedded = serializers.BooleanField(
        default=False,
        help_text="In a subordinate clause of a sentence whose main clause is not attributed.",
    )

    def to_internal_value(self, data: Any) -> AttributionSpec:
        return AttributionSpec(**super().to_internal_value(data))

    def to_representation(self, instance: Attribution) -> dict[str, Any]:
        def span(start: int | None, end: int | None) -> dict[str, int] | None:
            return None if start is None else {"start": start, "end": end or 0}

        return {
            "source": span(instance.source_start, instance.source_end),
            "cue": span(instance.cue_start, instance.cue_end),
            "kind": instance.kind.key,
            "entity": instance.entity,
            "via": instance.via,
            "embedded": instance.embedded,
        }


class AnnotationSerializer(serializers.ModelSerializer):
    """One revision of an annotator's label for a sentence."""

    article = serializers.IntegerField(source="sentence.article_id")
    project = serializers.SlugField(source="sentence.article.project.slug")
    annotator = serializers.CharField(source="annotator.username")
    # The serializer's metaclass moves declared fields out of the class, so `label` does
    # not shadow Field's attribute as the stubs take it to
    # (typeddjango/djangorestframework-stubs#158).
    label = serializers.SlugField(  # type: ignore[assignment]
        source="label.key", allow_null=True, help_text="The label's key; null: cleared."
    )
    attributions = AttributionSerializer(many=True, read_only=True)

    class Meta:
        model = Annotation
        fields = [
            "id",
            "sentence",
            "article",
            "project",
            "annotator",
            "label",
            "attributions",
            "seconds",
            "is_current",
            "replaces",
            "undoes",
            "created_at",
        ]


class AnnotationInputSerializer(serializers.Serializer):
    """A label for a sentence: the first, a change, or null to clear it."""

    sentence = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    # Declared fields, not Field's attributes (see AnnotationSerializer).
    label = serializers.SlugField(  # type: ignore[assignment]
        max_length=50, allow_null=True, help_text="A label key of the project; null clears."
    )
    based_on = serializers.IntegerField(
        min_value=0,
        max_value=MAX_ID,
        allow_null=True,
        default=None,
        help_text="The id of the revision you last saw (0: you saw the sentence unlabelled). "
        "If another revision is current by now, the change is refused with 409. Omit or "
        "null to skip the check.",
    )
    attributions = serializers.ListField(
        child=AttributionSerializer(),
        max_length=MAX_ATTRIBUTIONS,
        allow_null=True,
        default=None,
        help_text="The revision's attributions, replacing the current ones ([]: none). Left "
        "out or null: keep those that fit the label (all under an attribution label, the "
        "embedded ones under another, none when clearing).",
    )
    seconds = serializers.FloatField(
        min_value=0,
        max_value=MAX_SECONDS,
        allow_null=True,
        default=None,
        help_text="Time spent on the sentence.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # An old client's single source would otherwise be dropped without a word.
        if isinstance(self.initial_data, dict) and "source" in self.initial_data:
            raise serializers.ValidationError(
                {"source": ["Replaced by `attributions`, a list; see the API's description."]}
            )
        return attrs


class SentenceSerializer(serializers.ModelSerializer):
    """A sentence with its text and your own current label (null if you have none)."""

    index = serializers.IntegerField(source="position", help_text="Position in the article.")
    text = serializers.SerializerMethodField()
    annotation = serializers.SerializerMethodField()

    class Meta:
        model = Sentence
        fields = ["id", "index", "start", "end", "text", "annotation"]

    def get_text(self, sentence: Sentence) -> str:
        # The view passes the article once, so its text is not fetched for every sentence.
        return self.context["article"].text[sentence.start : sentence.end]

    @extend_schema_field(AnnotationSerializer(allow_null=True))
    def get_annotation(self, sentence: SentenceWithOwnLabel) -> dict[str, Any] | None:
        own = sentence.own_current
        return AnnotationSerializer(own[0]).data if own else None
