"""Plans in the admin are read-only: they are edited through the application's pages."""

from django.contrib import admin

from .models import Plan, Task, UnitPlan


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("symbol", "title", "year", "status")
    list_filter = ("status", "year")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "plan", "due_date", "ongoing")
    list_filter = ("plan",)


@admin.register(UnitPlan)
class UnitPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "plan", "status")
    list_filter = ("status",)
