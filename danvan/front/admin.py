"""Recommendations in the admin are read-only: every change goes through the services."""

from django.contrib import admin

from .models import Recommendation, RecommendationAnswer


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = (
        "document_symbol",
        "title",
        "organisation",
        "filed_on",
        "assigned_unit",
        "status",
    )
    list_filter = ("status", "source_kind")
    search_fields = ("search_text",)


@admin.register(RecommendationAnswer)
class RecommendationAnswerAdmin(ReadOnlyAdmin):
    list_display = ("recommendation", "number", "unit", "answered_at", "assessment")
    list_filter = ("assessment",)
