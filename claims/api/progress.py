"""GET /api/v1/projects/{slug}/progress/: the team's progress, as the progress page shows it.

Reviewers and owners get every annotator, the overall figures and a page of articles with
who finished them. An annotator gets their own row only (`overall` and `articles` null):
in a blind project they must not learn the others' names, counts or agreement.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.paginator import Paginator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import queries, team_progress
from claims.api.errors import errors
from claims.api.permissions import signed_in_user
from claims.api.views import SLUG
from claims.team_progress_cache import stored_team_progress

ARTICLES_PER_PAGE = 50


class ProgressQuerySerializer(serializers.Serializer):
    show = serializers.ChoiceField(
        choices=list(team_progress.ARTICLE_FILTERS),
        default="all",
        help_text="Articles: all, incomplete (fewer than k annotators done) or done (k or more).",
    )
    page = serializers.IntegerField(
        default=1, min_value=1, help_text="Page of articles; past the last, the last page."
    )


class AnnotatorProgressSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField(help_text="Their role, or empty for a former member.")
    articles_started = serializers.IntegerField()
    articles_done = serializers.IntegerField()
    sentences_labelled = serializers.IntegerField()
    median_seconds = serializers.FloatField(allow_null=True)
    agreement_with_others = serializers.FloatField(
        allow_null=True, help_text="Pooled observed agreement in [0, 1]; null if unavailable."
    )
    mean_cohen_kappa = serializers.FloatField(
        allow_null=True, help_text="Mean of the pairwise Cohen's kappas; null if unavailable."
    )
    claimed = serializers.IntegerField()
    expired = serializers.IntegerField()


class ProjectProgressSerializer(serializers.Serializer):
    k = serializers.IntegerField(help_text="Annotators per article.")
    articles = serializers.IntegerField()
    articles_done = serializers.IntegerField(help_text="Done by k annotators or more.")
    articles_in_progress = serializers.IntegerField()
    articles_not_started = serializers.IntegerField()
    sentences = serializers.IntegerField()
    sentences_labelled = serializers.IntegerField(help_text="Labels, summed over annotators.")
    gold_decided = serializers.IntegerField()
    claimed = serializers.IntegerField()
    expired = serializers.IntegerField()


class AnnotatorInArticleSerializer(serializers.Serializer):
    username = serializers.CharField()
    labelled = serializers.IntegerField()
    is_done = serializers.BooleanField()


class ArticleTeamProgressSerializer(serializers.Serializer):
    article_id = serializers.IntegerField()
    title = serializers.CharField()
    sentence_count = serializers.IntegerField()
    done = serializers.IntegerField()
    k = serializers.IntegerField()
    is_done = serializers.BooleanField()
    annotators = AnnotatorInArticleSerializer(many=True)
    claimed = serializers.IntegerField()
    expired = serializers.IntegerField()


class ArticleProgressPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = ArticleTeamProgressSerializer(many=True)


class TeamProgressSerializer(serializers.Serializer):
    overall = ProjectProgressSerializer(allow_null=True)
    annotators = AnnotatorProgressSerializer(many=True)
    has_agreement = serializers.BooleanField()
    articles = ArticleProgressPageSerializer(allow_null=True)


class ProgressView(APIView):
    @extend_schema(
        operation_id="projects_progress",
        description=(
            "Per annotator: articles started and done, sentences labelled, median seconds "
            "per sentence and agreement with the others; the project overall; and a page "
            "of articles with how many of k annotators finished each. Annotators get only "
            "their own row."
        ),
        parameters=[SLUG, ProgressQuerySerializer],
        responses={200: TeamProgressSerializer, **errors(400, 401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        user = signed_in_user(request)
        project: queries.ProjectWithRole = get_object_or_404(queries.projects_for(user), slug=slug)
        query = ProgressQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        if not project.is_reviewer:
            own = team_progress.own_progress(project=project, user=user)
            body: dict[str, Any] = {
                "overall": None,
                "annotators": [asdict(row) for row in own.annotators],
                "has_agreement": False,
                "articles": None,
            }
            return Response(TeamProgressSerializer(body).data)
        team, ids = stored_team_progress(project=project, show=query.validated_data["show"])
        paginator = Paginator(ids, ARTICLES_PER_PAGE)
        page = paginator.get_page(query.validated_data["page"])
        rows = team_progress.article_rows(project=project, article_ids=list(page.object_list))
        body = {
            "overall": asdict(team.overall),
            "annotators": [asdict(row) for row in team.annotators],
            "has_agreement": team.has_agreement,
            "articles": {
                "count": paginator.count,
                "page": page.number,
                "pages": paginator.num_pages,
                "results": [asdict(row) | {"is_done": row.is_done} for row in rows],
            },
        }
        return Response(TeamProgressSerializer(body).data)
