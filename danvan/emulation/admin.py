"""The registry in the admin is read-only: records change through the application's pages."""

from django.contrib import admin

from .models import EmulationModel, Exemplar, Replication


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(EmulationModel)
class EmulationModelAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "year", "field", "status", "level")
    list_filter = ("status", "year", "field", "level")
    search_fields = ("search_text",)


@admin.register(Exemplar)
class ExemplarAdmin(ReadOnlyAdmin):
    # Personal data (date of birth, ID number, phone) is left out of the admin on purpose.
    fields = ("unit", "year", "kind", "name", "position", "achievements", "status", "level")
    list_display = ("name", "kind", "unit", "year", "status")
    list_filter = ("status", "year", "kind")


@admin.register(Replication)
class ReplicationAdmin(ReadOnlyAdmin):
    list_display = ("emulation_model", "unit", "applied_on")
