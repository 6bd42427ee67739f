"""GET /api/v1/projects/{slug}/agreement/: the agreement report, as `manage.py agreement
--format json` prints it. Reviewers and owners only: it names every annotator.

The serializers below document the report for the schema; the response is the report
itself, so the API, the command and the page cannot drift apart.
"""

from __future__ import annotations

from typing import TypedDict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import queries
from claims.agreement import agreement_report
from claims.agreement.bootstrap import DEFAULT_RESAMPLE, RESAMPLE_UNITS
from claims.agreement.selection import parse_filters
from claims.api.errors import errors
from claims.api.permissions import ReviewersOnly, signed_in_user
from claims.api.serializers import MAX_ID
from claims.api.views import SLUG

# 10,000 resamples take about a second at most (see claims/agreement/bootstrap.py).
MAX_RESAMPLES = 10_000


class _Nullable(TypedDict):  # so that `**_NULLABLE` is checked against each field's keywords
    allow_null: bool
    help_text: str


_NULLABLE: _Nullable = {
    "allow_null": True,
    "help_text": "null when undefined; `undefined` says why.",
}


class AgreementQuerySerializer(serializers.Serializer):
    # RegexField: its pattern reaches the schema. NUL cannot be stored, so matches nothing.
    outlet = serializers.RegexField(
        r"^[^\u0000]*$", required=False, help_text="Only articles from this outlet."
    )
    article = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this article (its id)."
    )
    since = serializers.DateField(required=False, help_text="Only articles published on or after.")
    until = serializers.DateField(required=False, help_text="Only articles published before.")
    bootstrap = serializers.IntegerField(
        default=1000,
        min_value=0,
        max_value=MAX_RESAMPLES,
        help_text="Resamples for alpha's 95% interval; 0 skips it.",
    )
    seed = serializers.IntegerField(default=0, min_value=0, max_value=2**32 - 1)


class AgreementReportQuerySerializer(AgreementQuerySerializer):
    resample = serializers.ChoiceField(
        choices=list(RESAMPLE_UNITS),
        default=DEFAULT_RESAMPLE,
        help_text="What the bootstrap resamples: whole articles (sentences of one article "
        "are not independent) or single sentences.",
    )


class AgreementBootstrapSerializer(serializers.Serializer):
    resamples = serializers.IntegerField(help_text="0 when the bootstrap was not run.")
    seed = serializers.IntegerField()
    unit = serializers.ChoiceField(
        choices=list(RESAMPLE_UNITS.values()), help_text="What each resample draws."
    )


class AgreementUnitsSerializer(serializers.Serializer):
    labelled = serializers.IntegerField(help_text="Sentences with at least one label.")
    pairable = serializers.IntegerField(help_text="Sentences with two or more labels.")


class AgreementPairSerializer(serializers.Serializer):
    a = serializers.CharField()
    b = serializers.CharField()
    units = serializers.IntegerField(help_text="Sentences both labelled.")
    percent_agreement = serializers.FloatField(**_NULLABLE)
    cohen_kappa = serializers.FloatField(**_NULLABLE)
    scott_pi = serializers.FloatField(**_NULLABLE)
    confusion = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="a's label → b's label → sentences.",
    )


class LabelAgreementSerializer(serializers.Serializer):
    prevalence = serializers.FloatField(**_NULLABLE)
    krippendorff_alpha = serializers.FloatField(**_NULLABLE)
    fleiss_kappa = serializers.FloatField(**_NULLABLE)


class AnnotatorAgreementSerializer(serializers.Serializer):
    units = serializers.IntegerField()
    agreement_with_others = serializers.FloatField(**_NULLABLE)


class SourceUnitsSerializer(serializers.Serializer):
    attributed = serializers.IntegerField(
        help_text="Sentences labelled attribution (a label whose role is attribution) by one "
        "or more annotators."
    )
    pairable = serializers.IntegerField(
        help_text="Of those, sentences with an originating source kind from two or more."
    )


class SourceAttributionCountsSerializer(serializers.Serializer):
    a = serializers.IntegerField(help_text="a's attributions on the shared sentences.")
    b = serializers.IntegerField(help_text="b's attributions on the shared sentences.")
    matched = serializers.IntegerField(help_text="Pairs matched one to one.")
    exact = serializers.IntegerField(
        help_text="Matched pairs with the same source span, or both without one and of one kind."
    )


class SourceTokenCountsSerializer(serializers.Serializer):
    a = serializers.IntegerField(help_text="Words in a's source spans.")
    b = serializers.IntegerField(help_text="Words in b's source spans.")
    overlap = serializers.IntegerField(help_text="Words that matched source spans share.")


class SourceSpanPairSerializer(serializers.Serializer):
    a = serializers.CharField()
    b = serializers.CharField()
    units = serializers.IntegerField(help_text="Sentences both labelled attribution.")
    attributions = SourceAttributionCountsSerializer()
    tokens = SourceTokenCountsSerializer()
    exact_match = serializers.FloatField(
        allow_null=True,
        help_text="2 × exact / (a's + b's attributions); null when undefined, `undefined` "
        "says why.",
    )
    token_f1 = serializers.FloatField(
        allow_null=True,
        help_text="2 × overlap / (a's + b's source words); null when undefined, `undefined` "
        "says why.",
    )


class SourceAgreementSerializer(serializers.Serializer):
    kinds = serializers.ListField(
        child=serializers.CharField(), help_text="The project's source kinds, in scheme order."
    )
    units = SourceUnitsSerializer()
    unmarked_labels = serializers.IntegerField(
        help_text="Attribution labels whose annotator marked no originating attribution: "
        "missing for the kind alpha."
    )
    kind_totals = serializers.DictField(
        child=serializers.FloatField(),
        help_text="Kind → its share of the paired values (1/n each where an annotator "
        "marked n originating attributions).",
    )
    kind_alpha = serializers.FloatField(
        allow_null=True,
        help_text="Krippendorff's alpha (nominal) on the originating source kind; null when "
        "undefined, `undefined` says why.",
    )
    kind_alpha_ci95 = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2, **_NULLABLE
    )
    pairs = SourceSpanPairSerializer(many=True)


class AgreementReportSerializer(serializers.Serializer):
    project = serializers.SlugField()
    labels = serializers.ListField(child=serializers.CharField(), help_text="Scheme order.")
    annotators = serializers.ListField(child=serializers.CharField())
    units = AgreementUnitsSerializer()
    percent_agreement = serializers.FloatField(**_NULLABLE)
    krippendorff_alpha = serializers.FloatField(**_NULLABLE)
    krippendorff_alpha_ci95 = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2, **_NULLABLE
    )
    fleiss_kappa = serializers.FloatField(**_NULLABLE)
    gwet_ac1 = serializers.FloatField(**_NULLABLE)
    pairs = AgreementPairSerializer(many=True)
    per_label = serializers.DictField(child=LabelAgreementSerializer())
    per_annotator = serializers.DictField(child=AnnotatorAgreementSerializer())
    sources = SourceAgreementSerializer(help_text="Agreement on attributions.")
    bootstrap = AgreementBootstrapSerializer(help_text="How the 95% intervals were made.")
    undefined = serializers.DictField(
        child=serializers.CharField(), help_text="Each null measure's name → why."
    )
    warnings = serializers.DictField(
        child=serializers.CharField(),
        help_text="An interval's name → what it rests on, when alpha is undefined in some "
        "of the resamples.",
    )


class AgreementView(APIView):
    permission_classes = [IsAuthenticated, ReviewersOnly]

    @extend_schema(
        operation_id="projects_agreement",
        description=(
            "Inter-annotator agreement over the project's current labels, as `manage.py "
            "agreement --format json` gives it: percent agreement, Krippendorff's alpha "
            "with a seeded bootstrap 95% interval, Fleiss' kappa, Gwet's AC1, every "
            "annotator pair, every label and every annotator; and on attributions: alpha on "
            "the originating source kind of attribution sentences (with its interval) and "
            "source-span agreement per pair. The bootstrap resamples whole articles unless "
            "`resample=sentences`. Reviewers and owners only."
        ),
        parameters=[
            SLUG,
            AgreementReportQuerySerializer,
        ],
        responses={200: AgreementReportSerializer, **errors(400, 401, 403, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        project = get_object_or_404(queries.projects_for(signed_in_user(request)), slug=slug)
        self.check_object_permissions(request, project)
        # A plain dict: given a QueryDict, DRF takes a blank value for an absent one.
        query = AgreementReportQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        options = dict(query.validated_data)
        bootstrap = {name: options.pop(name) for name in ("bootstrap", "seed", "resample")}
        filters = parse_filters(**options)  # the serializer checked them; this reads them
        report = agreement_report(project=project, filters=filters, **bootstrap)
        return Response(report)
