"""Forms of the plan pages; they validate input, services enforce the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.orgs.models import Unit, UnitGroup

from .models import AssignmentRole, ProgressStatus, Task


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanForm(VersionedForm):
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    doc_type = forms.CharField(label=_("Loại văn bản"), max_length=10, initial="KH")
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}))
    preamble = forms.CharField(
        label=_("Phần mở đầu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_bases = forms.CharField(
        label=_("Căn cứ (mỗi dòng một văn bản)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    signer_authority = forms.CharField(
        label=_("Thẩm quyền ký (mỗi dòng một dòng chữ)"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: KT. CHỦ TỊCH, xuống dòng, PHÓ CHỦ TỊCH."),
    )
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=200)

    def clean_legal_bases(self) -> list[str]:
        raw = self.cleaned_data.get("legal_bases") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]


class PlanCreateForm(PlanForm):
    standard_outline = forms.BooleanField(
        label=_("Tạo sẵn khung kế hoạch theo Chỉ thị 33/CT-TTg"),
        help_text=_(
            "Ba phần: Mục đích, yêu cầu; Nhiệm vụ, giải pháp (bảy nhóm nhiệm vụ); Tổ chức thực "
            "hiện. Có thể sửa, xóa hoặc thêm đề mục sau."
        ),
        required=False,
        initial=True,
    )


class SectionForm(forms.Form):
    numeral = forms.CharField(
        label=_("Số thứ tự phần"), max_length=10, help_text=_("Số La Mã: I, II, III…")
    )
    title = forms.CharField(label=_("Tiêu đề phần"), max_length=300)


class ItemForm(forms.Form):
    number = forms.CharField(label=_("Số thứ tự mục"), max_length=10, required=False)
    title = forms.CharField(
        label=_("Tiêu đề mục"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("Nội dung"),
        max_length=50000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class TaskForm(VersionedForm):
    code = forms.CharField(label=_("Mã nhiệm vụ"), max_length=30)
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=300)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = forms.DateField(
        label=_("Thời hạn"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ongoing = forms.BooleanField(label=_("Thường xuyên"), required=False)
    expected_outputs = forms.CharField(
        label=_("Sản phẩm dự kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=AssignmentRole.choices)
    groups = forms.ModelMultipleChoiceField(
        label=_("Nhóm đơn vị"),
        queryset=UnitGroup.objects.filter(archived_at__isnull=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units_qs=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if units_qs is not None:
            self.fields["units"].queryset = units_qs

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not data.get("groups") and not data.get("units"):
            raise forms.ValidationError(_("Hãy chọn ít nhất một đơn vị hoặc nhóm đơn vị."))
        return data


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ProgressStatus.choices)
    percent = forms.IntegerField(label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100)
    narrative = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    reported_on = forms.DateField(
        label=_("Ngày báo cáo"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    files = MultipleFileField(label=_("Tài liệu minh chứng"), required=False)


class DifficultyForm(forms.Form):
    text = forms.CharField(
        label=_("Khó khăn, vướng mắc"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AnswerForm(VersionedForm):
    answer = forms.CharField(
        label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class UnitPlanForm(VersionedForm):
    title = forms.CharField(label=_("Tên kế hoạch triển khai"), max_length=300)
    summary = forms.CharField(
        label=_("Nội dung chính"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ActivityForm(forms.Form):
    task = forms.ModelChoiceField(label=_("Thuộc nhiệm vụ"), queryset=Task.objects.none())
    title = forms.CharField(label=_("Hoạt động"), max_length=300)
    owner = forms.CharField(label=_("Bộ phận, người thực hiện"), max_length=200, required=False)
    starts_on = forms.DateField(
        label=_("Bắt đầu"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Kết thúc"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, tasks_qs=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if tasks_qs is not None:
            self.fields["task"].queryset = tasks_qs


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("accept", _("Chấp thuận")), ("return", _("Trả lại để chỉnh sửa"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
