"""Forms of the register pages; they validate input, services enforce the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.orgs.models import Unit

from .models import DisciplineForm, Inspection, PropagandaFormat, TargetGroup, ViolationKind
from .selectors import Filters


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PropagandaForm(VersionedForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=Unit.objects.none())
    held_on = forms.DateField(label=_("Ngày tổ chức"), widget=_date_widget())
    format = forms.ChoiceField(label=_("Hình thức"), choices=PropagandaFormat.choices)
    target_groups = forms.MultipleChoiceField(
        label=_("Đối tượng"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("Nội dung, chủ đề"), max_length=300)
    participants = forms.IntegerField(
        label=_("Số lượt người tham dự"), min_value=0, max_value=10_000_000, initial=0
    )
    notes = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(
        label=_("Tài liệu minh chứng (không bắt buộc)"),
        required=False,
        help_text=_("PDF, Word, Excel, ảnh JPG/PNG; tối đa 20 MB."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk


class InspectionForm(VersionedForm):
    held_on = forms.DateField(label=_("Ngày kiểm tra"), widget=_date_widget())
    inspecting_unit = forms.ModelChoiceField(
        label=_("Đơn vị kiểm tra"), queryset=Unit.objects.none()
    )
    inspected_unit = forms.ModelChoiceField(
        label=_("Đơn vị được kiểm tra"), queryset=Unit.objects.none()
    )
    scope = forms.CharField(
        label=_("Nội dung, phạm vi kiểm tra"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    findings = forms.CharField(
        label=_("Kết quả, phát hiện"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspecting_unit"].queryset = units
        self.fields["inspected_unit"].queryset = Unit.objects.filter(
            archived_at__isnull=True
        ).order_by("kind", "name")


class CaseForm(VersionedForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị của người vi phạm"), queryset=Unit.objects.none())
    official_name = forms.CharField(label=_("Họ và tên người vi phạm"), max_length=200)
    official_position = forms.CharField(
        label=_("Chức vụ, chức danh"), max_length=200, required=False
    )
    violation_kind = forms.ChoiceField(label=_("Loại vi phạm"), choices=ViolationKind.choices)
    description = forms.CharField(
        label=_("Mô tả vi phạm (không ghi tên)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Phần này mọi người có quyền xem đều đọc được: không ghi họ tên, chức vụ."),
    )
    decision_number = forms.CharField(label=_("Số quyết định kỷ luật"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=_date_widget())
    discipline_form = forms.ChoiceField(
        label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices
    )
    inspection = forms.ModelChoiceField(
        label=_("Phát hiện qua cuộc kiểm tra (nếu có)"),
        queryset=Inspection.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, units: Any, inspections: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk
        self.fields["inspection"].queryset = inspections
        self.fields["inspection"].label_from_instance = lambda i: (
            f"{i.held_on:%d/%m/%Y} · {i.inspecting_unit.name} → {i.inspected_unit.name}"
        )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def filters_from(params: Any) -> Filters:
    """Return list filters read from the query string (bad values are ignored)."""
    unit = params.get("don_vi", "")
    return Filters(
        q=params.get("q", "")[:200],
        unit_id=int(unit) if unit.isdigit() and len(unit) < 12 else None,
        date_from=_date(params.get("tu_ngay", "")),
        date_to=_date(params.get("den_ngay", "")),
        kind=params.get("loai", "")[:20],
        group=params.get("doi_tuong", "")[:20],
    )
