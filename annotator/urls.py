from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from annotator.views import annotate

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
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
