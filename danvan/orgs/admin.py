"""Admin screens for units, groups and roles; every save goes through the services."""

from __future__ import annotations

from django.contrib import admin

from danvan.core.audit import snapshot

from . import services
from .models import RoleAssignment, Unit, UnitGroup, UnitSuccession


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "valid_from", "valid_to", "archived_at")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name", "search_text")
    exclude = ("version", "archived_at")
    raw_id_fields = ("parent",)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        fields = {f: getattr(obj, f) for f in services.UNIT_FIELDS}
        if change:
            saved = services.unit_update(unit=obj, expected_version=None, by=request.user, **fields)
        else:
            fields.pop("name")
            fields.pop("kind")
            saved = services.unit_create(
                code=obj.code, name=obj.name, kind=obj.kind, by=request.user, **fields
            )
        obj.pk, obj.version = saved.pk, saved.version

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    filter_horizontal = ("members",)
    exclude = ("archived_at",)

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        members = list(form.cleaned_data["members"])
        services.group_set_members(group=form.instance, members=members, by=request.user)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "title", "archived_at")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__name")
    raw_id_fields = ("user", "unit")
    exclude = ("archived_at",)
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return ("user", "unit", "role") if obj else ()

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            before = snapshot(RoleAssignment.objects.get(pk=obj.pk), ["title"])
            obj.save(update_fields=["title", "updated_at"])
            from danvan.core.audit import audit_record

            audit_record(action="role.update", obj=obj, by=request.user, before=before)
            return
        grant = services.role_grant(
            user=obj.user, unit=obj.unit, role=obj.role, title=obj.title, by=request.user
        )
        obj.pk = grant.pk

    @admin.action(description="Thu hồi vai trò đã chọn")
    def revoke(self, request, queryset):  # type: ignore[no-untyped-def]
        for grant in queryset.filter(archived_at=None):
            services.role_revoke(grant=grant, by=request.user)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "on")
    readonly_fields = ("predecessor", "successor", "kind", "on", "basis")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
