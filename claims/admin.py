from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from claims.models import (
    Annotation,
    ApiToken,
    Article,
    Attribution,
    Label,
    Membership,
    Project,
    SourceKind,
)


class LabelInline(admin.TabularInline):
    model = Label
    extra = 0


class SourceKindInline(admin.TabularInline):
    model = SourceKind
    extra = 0


class AttributionInline(admin.TabularInline):
    # Part of the revision: shown, never edited.
    model = Attribution
    extra = 0
    can_delete = False
    readonly_fields = [
        "position",
        "source_start",
        "source_end",
        "cue_start",
        "cue_end",
        "kind",
        "entity",
        "via",
        "embedded",
    ]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LabelInline, SourceKindInline, MembershipInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "outlet", "external_id", "published_at"]
    list_filter = ["project"]
    search_fields = ["title", "external_id", "outlet"]
    readonly_fields = ["text", "segmenter"]


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    # Revisions are history: the admin shows them but never edits them.
    list_display = ["sentence", "annotator", "label", "is_current", "created_at"]
    list_filter = ["is_current", "label__project"]
    list_select_related = ["sentence", "annotator", "label__project"]
    raw_id_fields = ["sentence", "annotator", "label", "replaces", "undoes"]
    inlines = [AttributionInline]

    def has_change_permission(self, request: HttpRequest, obj: Annotation | None = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    # Only a digest is stored: the admin can revoke a token (delete it), never show or make one.
    list_display = ["user", "prefix", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "prefix"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
