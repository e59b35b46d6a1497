"""Admin screens for days off, make-up working days and deadline rules, saved by the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from danvan.core.errors import ApplicationError

from . import services
from .models import DayOverride, DeadlineRuleVersion


def _as_validation_error(form: forms.ModelForm, exc: ApplicationError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


class DayOverrideForm(forms.ModelForm):
    class Meta:
        model = DayOverride
        fields = ("date", "kind", "scope", "basis")

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        if self.instance.pk and self.instance.archived_at is not None:
            self.add_error(None, "Bản ghi đã được lưu trữ, không sửa được.")
        elif not self.errors:
            values = {f: cleaned.get(f) for f in self.Meta.fields}
            draft = DayOverride(pk=self.instance.pk, **values)
            try:
                services.day_override_check(override=draft)
            except ApplicationError as exc:
                _as_validation_error(self, exc)
        return cleaned


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    form = DayOverrideForm
    list_display = ("date", "kind", "scope", "basis", "archived_at")
    list_filter = ("kind", "scope")
    search_fields = ("basis",)
    date_hierarchy = "date"
    actions = ["archive"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        fields = {f: form.cleaned_data[f] for f in services.OVERRIDE_FIELDS}
        if change:
            saved = services.day_override_update(
                override=DayOverride.objects.get(pk=obj.pk), by=request.user, **fields
            )
        else:
            saved = services.day_override_create(by=request.user, **fields)
        obj.pk = saved.pk

    @admin.action(description="Lưu trữ (bỏ) các quyết định đã chọn")
    def archive(self, request, queryset):  # type: ignore[no-untyped-def]
        for override in queryset.filter(archived_at=None):
            services.day_override_archive(override=override, by=request.user)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class DeadlineRuleVersionForm(forms.ModelForm):
    class Meta:
        model = DeadlineRuleVersion
        fields = services.RULE_FIELDS

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        if self.instance.pk and self.instance.archived_at is not None:
            self.add_error(None, "Bản ghi đã được lưu trữ, không sửa được.")
        elif not self.errors:
            draft = DeadlineRuleVersion(
                pk=self.instance.pk, **{f: cleaned.get(f) for f in self.Meta.fields}
            )
            try:
                services.deadline_rule_check(rule=draft)
            except ApplicationError as exc:
                _as_validation_error(self, exc)
        return cleaned


@admin.register(DeadlineRuleVersion)
class DeadlineRuleVersionAdmin(admin.ModelAdmin):
    form = DeadlineRuleVersionForm
    list_display = (
        "code",
        "step",
        "days",
        "unit",
        "basis",
        "valid_from",
        "valid_to",
        "archived_at",
    )
    list_filter = ("unit", "code")
    search_fields = ("code", "step", "basis")
    actions = ["archive"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        fields = {f: form.cleaned_data[f] for f in services.RULE_FIELDS}
        if change:
            saved = services.deadline_rule_update(
                rule=DeadlineRuleVersion.objects.get(pk=obj.pk),
                expected_version=None,
                by=request.user,
                **fields,
            )
        else:
            saved = services.deadline_rule_create(by=request.user, **fields)
        obj.pk, obj.version = saved.pk, saved.version

    @admin.action(description="Lưu trữ (bỏ) các phiên bản đã chọn")
    def archive(self, request, queryset):  # type: ignore[no-untyped-def]
        for rule in queryset.filter(archived_at=None):
            services.deadline_rule_archive(rule=rule, by=request.user)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
