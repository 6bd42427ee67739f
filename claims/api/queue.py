"""The work queue over the API: POST /api/v1/projects/{slug}/queue/next/ claims the
caller's next article as "Next article" does on the page; GET /api/v1/projects/{slug}/claims/
lists claims with their state (an annotator's own; everyone's for reviewers and owners)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import queries, queue
from claims.api.errors import errors
from claims.api.permissions import signed_in_user
from claims.api.serializers import ArticleSummarySerializer
from claims.api.views import SLUG
from claims.models import Membership


class ClaimSerializer(serializers.Serializer):
    article = serializers.IntegerField(source="claim.article_id")
    title = serializers.CharField(source="claim.article.title")
    annotator = serializers.CharField(source="claim.annotator.username")
    state = serializers.ChoiceField(
        choices=[state.value for state in queue.ClaimState],
        help_text="complete: every sentence labelled; active: holds a slot; expired: no "
        "activity within the project's claim expiry, so the slot is free; its work is kept.",
    )
    assigned = serializers.BooleanField(source="claim.assigned")
    labelled = serializers.IntegerField(help_text="Sentences the annotator has labelled.")
    sentences = serializers.IntegerField(source="sentence_count")
    claimed_at = serializers.DateTimeField(source="claim.claimed_at")
    last_active_at = serializers.DateTimeField(source="claim.last_active_at")


class NextArticleSerializer(serializers.Serializer):
    article = ArticleSummarySerializer(allow_null=True)
    detail = serializers.CharField()


class NextArticleView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="projects_queue_next",
        description=(
            "The caller's next article, claimed for them: their own incomplete claim, then "
            "an article an owner assigned them, then the next article with fewer than its "
            "k annotators that they have never touched. Repeating it resumes the same "
            "claim. `article` is null when nothing is left. Annotators only: reviewers and "
            "owners work outside the queue."
        ),
        parameters=[SLUG],
        request=None,
        responses={200: NextArticleSerializer, **errors(401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        user = signed_in_user(request)
        project: queries.ProjectWithRole = get_object_or_404(queries.projects_for(user), slug=slug)
        if project.role != Membership.Role.ANNOTATOR:
            raise PermissionDenied("Only annotators take work from the queue.")
        article = queue.next_article(project=project, annotator=user)
        if article is None:
            return Response(
                {
                    "article": None,
                    "detail": "No more articles for you: every other article "
                    "has all the annotators it needs.",
                }
            )
        summary = queries.article_summaries(user=user, project=project).get(pk=article.pk)
        return Response({"article": ArticleSummarySerializer(summary).data, "detail": "Claimed."})


class ClaimsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="projects_claims",
        description=(
            "The project's claims with their state. Annotators see only their own; "
            "reviewers and owners see everyone's."
        ),
        parameters=[SLUG],
        responses={200: ClaimSerializer(many=True), **errors(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        user = signed_in_user(request)
        project: queries.ProjectWithRole = get_object_or_404(queries.projects_for(user), slug=slug)
        rows = queue.claim_rows(project=project, annotator=None if project.is_reviewer else user)
        return Response(ClaimSerializer(rows, many=True).data)
