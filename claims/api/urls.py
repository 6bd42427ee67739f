"""/api/v1/: the router's resources, the schema and its docs."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api import (
    schema,  # noqa: F401 - its OpenAPI extensions register on import
    views,
)
from claims.api.agreement import AgreementView
from claims.api.annotations import AnnotationViewSet, SentenceHistoryViewSet
from claims.api.errors import unknown_endpoint
from claims.api.exports import ExportView
from claims.api.flags import FlagsView
from claims.api.owners import GuidelinesView, HistoryView, MembersView, MemberView
from claims.api.profile import ProfileView
from claims.api.progress import ProgressView
from claims.api.project_settings import SettingsView
from claims.api.queue import ClaimsView, NextArticleView

app_name = "api"

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register(
    rf"projects/(?P<project_slug>{views.SLUG_PATTERN})/articles",
    views.ProjectArticlesViewSet,
    basename="project-article",
)
router.register("articles", views.ArticleViewSet, basename="article")
router.register(
    r"articles/(?P<article_id>[^/.]+)/sentences",
    views.ArticleSentencesViewSet,
    basename="article-sentence",
)
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register(
    r"sentences/(?P<sentence_id>[^/.]+)/history",
    SentenceHistoryViewSet,
    basename="sentence-history",
)

urlpatterns = [
    path("", include(router.urls)),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/export/$",
        ExportView.as_view(),
        name="project-export",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/agreement/$",
        AgreementView.as_view(),
        name="project-agreement",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/profile/$",
        ProfileView.as_view(),
        name="project-profile",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/queue/next/$",
        NextArticleView.as_view(),
        name="project-queue-next",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/claims/$",
        ClaimsView.as_view(),
        name="project-claims",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/progress/$",
        ProgressView.as_view(),
        name="project-progress",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/flags/$",
        FlagsView.as_view(),
        name="project-flags",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/settings/$",
        SettingsView.as_view(),
        name="project-settings",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/members/$",
        MembersView.as_view(),
        name="project-members",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/members/(?P<user_id>[0-9]+)/$",
        MemberView.as_view(),
        name="project-member",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/history/$",
        HistoryView.as_view(),
        name="project-history",
    ),
    re_path(
        rf"^projects/(?P<slug>{views.SLUG_PATTERN})/guidelines/$",
        GuidelinesView.as_view(),
        name="project-guidelines",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/v1/ gets a JSON 404, not the site's HTML page.
    re_path(r"^", unknown_endpoint),
]
