"""Forms of the reception pages; they validate input, services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.orgs.models import Unit

from .models import Classification, Handling, Mode, ReceiverKind

CITIZEN_ROWS = 5


class ReceptionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.ModelChoiceField(label=_("Cơ quan, đơn vị tiếp"), queryset=Unit.objects.none())
    received_at = forms.DateTimeField(
        label=_("Thời gian tiếp"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    mode = forms.ChoiceField(label=_("Hình thức"), choices=Mode.choices, initial=Mode.IN_PERSON)
    receiver_kind = forms.ChoiceField(label=_("Người tiếp"), choices=ReceiverKind.choices)
    receiver_name = forms.CharField(label=_("Họ tên, chức vụ người tiếp"), max_length=160)
    people_count = forms.IntegerField(
        label=_("Số người đến"),
        min_value=1,
        max_value=10000,
        initial=1,
        help_text=_("Từ 05 người trở lên là đoàn đông người: cần chỉ rõ người đại diện."),
    )
    summary = forms.CharField(
        label=_("Tóm tắt nội dung"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    documents_received = forms.CharField(
        label=_("Giấy tờ, tài liệu nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    classification = forms.ChoiceField(label=_("Phân loại"), choices=Classification.choices)
    handling = forms.ChoiceField(label=_("Kết quả xử lý"), choices=Handling.choices)
    handling_note = forms.CharField(
        label=_("Nội dung hướng dẫn, trả lời, xử lý"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
    )
    transferred_to = forms.CharField(
        label=_("Chuyển tới cơ quan (nếu chuyển)"), required=False, max_length=255
    )

    def __init__(self, *args: Any, units: Any, with_citizens: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
        self.citizen_rows = []
        if not with_citizens:
            return
        for i in range(CITIZEN_ROWS):
            names = {
                "full_name": forms.CharField(label=_("Họ và tên"), required=False, max_length=160),
                "id_number": forms.CharField(
                    label=_("Số định danh cá nhân / CCCD"), required=False, max_length=20
                ),
                "address": forms.CharField(label=_("Địa chỉ"), required=False, max_length=255),
                "phone": forms.CharField(label=_("Điện thoại"), required=False, max_length=20),
                "is_representative": forms.BooleanField(label=_("Người đại diện"), required=False),
            }
            row = []
            for key, field in names.items():
                self.fields[f"c{i}_{key}"] = field
                row.append(f"c{i}_{key}")
            self.citizen_rows.append(row)

    def main_fields(self) -> list[Any]:
        """Return the bound fields of the visit itself (not the people)."""
        citizen = {n for row in self.citizen_rows for n in row}
        return [f for f in self.visible_fields() if f.name not in citizen]

    def citizen_fields(self) -> list[list[Any]]:
        """Return the bound fields of each person row."""
        return [[self[n] for n in row] for row in self.citizen_rows]

    def citizens(self) -> list[dict[str, Any]]:
        """Return the person rows as the service expects them."""
        rows = []
        for row in self.citizen_rows:
            rows.append({n.split("_", 1)[1]: self.cleaned_data.get(n) for n in row})
        return rows

    def visit_fields(self) -> dict[str, Any]:
        """Return the visit's fields as the service expects them."""
        keep = (
            "received_at",
            "mode",
            "receiver_kind",
            "receiver_name",
            "people_count",
            "summary",
            "documents_received",
            "classification",
            "handling",
            "handling_note",
            "transferred_to",
        )
        return {k: self.cleaned_data[k] for k in keep}


class SessionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=Unit.objects.none())
    day = forms.DateField(label=_("Ngày tiếp"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label=_("Từ giờ"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends_at = forms.TimeField(
        label=_("Đến giờ"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    mode = forms.ChoiceField(label=_("Hình thức"), choices=Mode.choices, initial=Mode.IN_PERSON)
    host_name = forms.CharField(label=_("Người chủ trì"), max_length=160)
    host_position = forms.CharField(label=_("Chức vụ"), max_length=160)
    host_is_head = forms.BooleanField(
        label=_("Người đứng đầu trực tiếp tiếp"),
        required=False,
        initial=True,
        help_text=_(
            "Từ ngày 01/7/2026, người đứng đầu không được ủy quyền cho cấp phó: buổi do cấp "
            "phó chủ trì không được tính vào số ngày tiếp tối thiểu."
        ),
    )
    public = forms.BooleanField(
        label=_("Công khai trên lịch tiếp công dân"), required=False, initial=True
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()

    def session_fields(self) -> dict[str, Any]:
        """Return the session's fields as the service expects them."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("unit", "version")}


class StatusForm(forms.Form):
    note = forms.CharField(label=_("Lý do, ghi chú"), required=False, max_length=2000)


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy lượt tiếp"), max_length=2000)
