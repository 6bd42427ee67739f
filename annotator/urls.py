from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotator.views import account, agreement, annotate, datasets, review

urlpatterns = [
    path("", annotate.home, name="home"),
    path("projects/<slug:slug>/", annotate.project, name="project"),
    path("projects/<slug:slug>/import/", annotate.import_articles, name="import_articles"),
    path("projects/<slug:slug>/labels.css", annotate.label_styles, name="label_styles"),
    path("projects/<slug:slug>/articles/<int:pk>/", annotate.annotate, name="annotate"),
    path(
        "projects/<slug:slug>/articles/<int:pk>/label/",
        annotate.label_sentence,
        name="label_sentence",
    ),
    path("projects/<slug:slug>/articles/<int:pk>/undo/", annotate.undo, name="undo"),
    path("projects/<slug:slug>/dataset/", datasets.download_dataset, name="download_dataset"),
    path("projects/<slug:slug>/review/", review.queue, name="review"),
    path("projects/<slug:slug>/agreement/", agreement.agreement, name="agreement"),
    path(
        "projects/<slug:slug>/review/sentences/<int:sentence_id>/gold/",
        review.decide,
        name="decide_gold",
    ),
    path(
        "projects/<slug:slug>/review/automatic-gold/",
        review.apply_automatic_gold,
        name="apply_automatic_gold",
    ),
    path("account/", account.account, name="account"),
    path("api/v1/", include("claims.api.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
