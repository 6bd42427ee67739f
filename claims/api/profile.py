"""GET /api/v1/projects/{slug}/profile/: the sourcing profile, as `manage.py profile
--format json` prints it. Reviewers and owners only: `labels=each` names every annotator.

As for agreement, the serializers document the report; the response is the report itself.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import queries
from claims.agreement.selection import parse_filters
from claims.api.agreement import MAX_RESAMPLES, AgreementQuerySerializer
from claims.api.errors import errors
from claims.api.permissions import ReviewersOnly, signed_in_user
from claims.api.views import SLUG
from claims.sourcing.loading import LabelsError, profile_report

# As many as a p-value needs for four decimals; more only takes longer.
MAX_PERMUTATIONS = 100_000


class ProfileQuerySerializer(AgreementQuerySerializer):
    labels = serializers.RegexField(
        r"^[^\u0000]+$",
        default="gold",
        max_length=150,
        help_text="gold, an annotator's username, or each (every annotator apart).",
    )
    articles = serializers.BooleanField(default=False, help_text="Add every article's profile.")
    bootstrap = serializers.IntegerField(
        default=2000,
        min_value=0,
        max_value=MAX_RESAMPLES,
        help_text="Article resamples for the 95% intervals; 0 skips them.",
    )
    permutations = serializers.IntegerField(
        default=10_000,
        min_value=0,
        max_value=MAX_PERMUTATIONS,
        help_text="Article permutations for each comparison of two outlets; 0 skips them.",
    )


class ProfileReportSerializer(serializers.Serializer):
    format_version = serializers.IntegerField()
    project = serializers.SlugField()
    labels = serializers.CharField()
    filters = serializers.DictField()
    bootstrap = serializers.DictField(help_text="resamples, seed, unit (article), confidence.")
    permutations = serializers.DictField(
        help_text="count, seed, unit (article), test, max_outlets: how outlets are compared."
    )
    kinds = serializers.ListField(child=serializers.DictField(), help_text="The codebook.")
    profiles = serializers.DictField(
        child=serializers.DictField(),
        help_text="By labels used (gold or a username): sentences, unlabelled, and the "
        "scopes `project`, `outlets` (by outlet) and, if asked, `articles`; each scope has "
        "`articles`, `metrics` (value, numerator, denominator, interval, article_mean), "
        "`undefined` and `warnings`; and `comparisons`, one per pair of outlets (a before b): "
        "`a`, `b` and `metrics` (difference a - b, p_value, permutations), with the "
        "profile's own `undefined` and `warnings` saying when there are none or fewer "
        "permutations than asked.",
    )
    references = serializers.ListField(
        child=serializers.DictField(), help_text="Published figures, with unit and sample."
    )


class ProfileView(APIView):
    permission_classes = [IsAuthenticated, ReviewersOnly]

    @extend_schema(
        operation_id="projects_profile",
        description=(
            "How the project's articles rest their claims: attribution rate, unattributed "
            "claims, anonymous, vague and media-relayed shares, identified sources and "
            "source-kind diversity, pooled per project and outlet with article-level "
            "bootstrap intervals, as `manage.py profile --format json` gives it."
        ),
        parameters=[SLUG, ProfileQuerySerializer],
        responses={200: ProfileReportSerializer, **errors(400, 401, 403, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        project = get_object_or_404(queries.projects_for(signed_in_user(request)), slug=slug)
        self.check_object_permissions(request, project)
        query = ProfileQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        options = dict(query.validated_data)
        report_options = {
            name: options.pop(name)
            for name in ("labels", "articles", "bootstrap", "permutations", "seed")
        }
        filters = parse_filters(**options)
        try:
            report = profile_report(
                project=project,
                labels=report_options["labels"],
                filters=filters,
                bootstrap=report_options["bootstrap"],
                seed=report_options["seed"],
                per_article=report_options["articles"],
                permutations=report_options["permutations"],
            )
        except LabelsError as error:
            raise ValidationError({"labels": [str(error)]}) from error
        return Response(report)
