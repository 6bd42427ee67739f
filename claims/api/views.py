"""Projects, their articles, and an article's sentences."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from claims import queries
from claims.api.errors import ArticleErrorSerializer, errors
from claims.api.filters import ArticleFilter
from claims.api.pagination import PositionCursorPagination
from claims.api.permissions import OwnersWrite, signed_in_user
from claims.api.serializers import (
    ArticleInputSerializer,
    ArticleSerializer,
    ArticleSummarySerializer,
    ProjectSerializer,
    SentenceSerializer,
)
from claims.imports.articles import ArticleFormatError, import_records
from claims.imports.errors import describe_json_type
from claims.imports.records import ArticleRecord, make_record
from claims.models import Article, Project, Sentence

SLUG_PATTERN = "[-a-zA-Z0-9_]+"
# Segmenting takes tens of milliseconds per article; this keeps a request within seconds.
MAX_ARTICLES_PER_REQUEST = 100
_ARTICLE_FIELDS = ("text", "id", "title", "outlet", "url", "author", "published_at", "metadata")
PROJECT_SLUG = OpenApiParameter(
    "project_slug", str, OpenApiParameter.PATH, pattern=f"^{SLUG_PATTERN}$"
)
# The project's own endpoints (export, agreement) name it `slug`, as the router does.
SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, pattern=f"^{SLUG_PATTERN}$")


@extend_schema_view(
    list=extend_schema(
        description="The projects you are a member of, with your role, label scheme and members.",
        responses={200: ProjectSerializer, **errors(400, 401, 404)},
    ),
    retrieve=extend_schema(
        description="One of your projects, by slug.",
        responses={200: ProjectSerializer, **errors(401, 404)},
    ),
)
class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Project.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ProjectSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self) -> QuerySet[Project]:
        return queries.projects_with_scheme(signed_in_user(self.request))


@extend_schema_view(
    list=extend_schema(
        description="The project's articles, without their text, oldest first.",
        parameters=[PROJECT_SLUG],
        responses={200: ArticleSummarySerializer, **errors(400, 401, 404)},
    ),
    create=extend_schema(
        description=(
            "Import one article (a JSON object) or several (an array of up to "
            f"{MAX_ARTICLES_PER_REQUEST}); each is checked and split into sentences as the "
            "import_articles command does. All or nothing: if one article is refused, none "
            "is imported, and the 400 names its index and field. Owners only."
        ),
        parameters=[PROJECT_SLUG],
        request=PolymorphicProxySerializer(
            component_name="ArticleInputOneOrMany",
            serializers=[ArticleInputSerializer, ArticleInputSerializer(many=True)],
            resource_type_field_name=None,
            many=False,
        ),
        responses={
            201: PolymorphicProxySerializer(
                component_name="ArticleOneOrMany",
                serializers=[ArticleSerializer, ArticleSerializer(many=True)],
                resource_type_field_name=None,
                many=False,
            ),
            400: ArticleErrorSerializer,
            **errors(401, 403, 404),
        },
    ),
)
class ProjectArticlesViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Article.objects.none()
    serializer_class = ArticleSummarySerializer
    filterset_class = ArticleFilter
    permission_classes = [IsAuthenticated, OwnersWrite]

    @cached_property
    def project(self) -> Project:
        projects = queries.projects_for(signed_in_user(self.request))
        project = get_object_or_404(projects, slug=self.kwargs["project_slug"])
        self.check_object_permissions(self.request, project)
        return project

    def get_queryset(self) -> QuerySet[Article]:
        return queries.article_summaries(user=signed_in_user(self.request), project=self.project)

    def create(self, request: Request, project_slug: str) -> Response:
        many = isinstance(request.data, list)
        records = _records(request.data if isinstance(request.data, list) else [request.data])
        report = import_records(project=self.project, records=records)
        user = signed_in_user(request)
        articles = queries.articles_with_counts(user).filter(pk__in=report.article_ids)
        data = ArticleSerializer(articles.order_by("pk"), many=True).data
        return Response(data if many else data[0], status=status.HTTP_201_CREATED)


def _records(items: list[Any]) -> list[ArticleRecord]:
    """One record per JSON object sent, checked as a file's records are. The API alone
    refuses unknown fields (a file keeps them in metadata): a misspelt field in a script
    should fail loudly. Raises ArticleFormatError with the item's index."""
    if not 1 <= len(items) <= MAX_ARTICLES_PER_REQUEST:
        problem = f"send 1 to {MAX_ARTICLES_PER_REQUEST} articles, not {len(items)}"
        raise ArticleFormatError(problem)
    records = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            found = describe_json_type(item)
            raise ArticleFormatError(f"expected a JSON object, found {found}", index=index)
        unknown = sorted(set(item) - set(_ARTICLE_FIELDS))
        if unknown:
            problem = f"unknown field '{unknown[0]}'; an article has {', '.join(_ARTICLE_FIELDS)}"
            raise ArticleFormatError(problem, field=unknown[0], index=index)
        records.append(make_record(item, index=index))
    return records


@extend_schema_view(
    retrieve=extend_schema(
        description="An article with its text; sentence offsets index into the text.",
        responses={200: ArticleSerializer, **errors(401, 404)},
    ),
)
class ArticleViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Article.objects.none()
    serializer_class = ArticleSerializer

    def get_queryset(self) -> QuerySet[Article]:
        return queries.articles_with_counts(signed_in_user(self.request))


@extend_schema_view(
    list=extend_schema(
        description=(
            "The article's sentences in order, each with its text and your own current "
            "label (null if you have none): reviewers see theirs, not the annotators'."
        ),
        parameters=[OpenApiParameter("article_id", int, OpenApiParameter.PATH)],
        responses={200: SentenceSerializer, **errors(400, 401, 404)},
    ),
)
class ArticleSentencesViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Sentence.objects.none()
    serializer_class = SentenceSerializer
    pagination_class = PositionCursorPagination

    @cached_property
    def article(self) -> Article:
        return get_object_or_404(
            queries.articles_for(user=signed_in_user(self.request)), pk=self.kwargs["article_id"]
        )

    def get_queryset(self) -> QuerySet[Sentence]:
        return queries.sentences_with_own_label(
            article=self.article, annotator=signed_in_user(self.request)
        )

    def get_serializer_context(self) -> Mapping[str, Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no article
            return super().get_serializer_context()
        return {**super().get_serializer_context(), "article": self.article}
