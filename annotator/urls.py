from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotator.views import (
    account,
    agreement,
    annotate,
    assignments,
    datasets,
    flags,
    owners,
    profile,
    progress,
    projects,
    review,
    scheme,
    sources,
)

# Everything under /projects/<slug>/: each view takes the project's slug first.
project_pages = [
    path("", projects.project, name="project"),
    path("next/", projects.next_article, name="next_article"),
    path("import/", projects.import_articles, name="import_articles"),
    path("import/<int:pk>/", projects.import_job, name="import_job"),
    path("labels.css", projects.label_styles, name="label_styles"),
    path("assignments/", assignments.assignments, name="assignments"),
    path("assignments/<int:pk>/remove/", assignments.unassign, name="unassign"),
    path("articles/<int:pk>/", annotate.annotate, name="annotate"),
    path("articles/<int:pk>/label/", annotate.label_sentence, name="label_sentence"),
    path("articles/<int:pk>/undo/", annotate.undo, name="undo"),
    path(
        "articles/<int:pk>/sentences/<int:position>/sources/",
        sources.sentence_sources,
        name="sentence_sources",
    ),
    path(
        "articles/<int:pk>/sentences/<int:position>/flag/",
        flags.flag_sentence,
        name="flag_sentence",
    ),
    path(
        "articles/<int:pk>/sentences/<int:position>/keep/",
        flags.keep_label,
        name="keep_label",
    ),
    path("dataset/", datasets.download_dataset, name="download_dataset"),
    path("dataset/flags.csv", datasets.download_flags, name="download_flags"),
    path("review/", review.queue, name="review"),
    path("review/sentences/<int:sentence_id>/gold/", review.decide, name="decide_gold"),
    path("review/sentences/<int:sentence_id>/send-back/", review.send_back, name="send_back"),
    path("review/automatic-gold/", review.apply_automatic_gold, name="apply_automatic_gold"),
    path("agreement/", agreement.agreement, name="agreement"),
    path("progress/", progress.progress, name="progress"),
    path("profile/", profile.profile, name="profile"),
    path("profile/profile.csv", profile.profile_csv, name="profile_csv"),
    path("profile/profile.svg", profile.profile_svg, name="profile_svg"),
    path("settings/", owners.project_settings, name="owner_settings"),
    path("settings/guidelines/", owners.guidelines, name="owner_guidelines"),
    path("scheme/", scheme.scheme_page, name="owner_scheme"),
    path("scheme/<str:part>/", scheme.add_row, name="owner_scheme_add"),
    path("scheme/<str:part>/<slug:key>/", scheme.change_row, name="owner_scheme_row"),
    path("members/", owners.members, name="owner_members"),
    path("members/<int:user_id>/role/", owners.member_role, name="owner_member_role"),
    path("members/<int:user_id>/remove/", owners.member_remove, name="owner_member_remove"),
]

urlpatterns = [
    path("", projects.home, name="home"),
    path("projects/new/", owners.new_project, name="new_project"),
    path("projects/<slug:slug>/", include(project_pages)),
    path("account/", account.account, name="account"),
    path("api/v1/", include("claims.api.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

# A database fault gets 503 with Retry-After (JSON under /api/), anything else the 500 page.
handler500 = "annotator.faults.server_error_or_unavailable"
