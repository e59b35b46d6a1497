"""Forms of the recommendation pages; they validate input, services enforce the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.orgs.models import Unit

from .models import RecommendationStatus, SourceKind

DATE = {"type": "date"}
ACCEPT = ".pdf,.doc,.docx,.jpg,.jpeg,.png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RecommendationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Tổ chức kiến nghị"), queryset=Unit.objects.none(), empty_label=None
    )
    document_symbol = forms.CharField(
        label=_("Số, ký hiệu văn bản kiến nghị"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ: 125/BC-MTTQ-BTT"),
    )
    filed_on = forms.DateField(label=_("Ngày kiến nghị"), widget=forms.DateInput(attrs=DATE))
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    source_kind = forms.ChoiceField(label=_("Kiến nghị sau hoạt động"), choices=SourceKind.choices)
    source_name = forms.CharField(
        label=_("Tên hoạt động"),
        max_length=300,
        help_text=_("Ví dụ: Giám sát việc giải quyết thủ tục hành chính tại Sở Xây dựng"),
    )
    source_date = forms.DateField(
        label=_("Ngày diễn ra hoạt động"), widget=forms.DateInput(attrs=DATE)
    )
    content = forms.CharField(
        label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000
    )
    files = MultipleFileField(label=_("Văn bản kiến nghị đã ký (không bắt buộc)"), required=False)

    def __init__(self, *args, organisations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class AssignForm(VersionedForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị giải quyết"), queryset=Unit.objects.none())
    due_on = forms.DateField(
        label=_("Hạn trả lời bằng văn bản"), widget=forms.DateInput(attrs=DATE)
    )
    comment = forms.CharField(
        label=_("Ghi chú cho đơn vị"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class AnswerForm(VersionedForm):
    document_symbol = forms.CharField(
        label=_("Số, ký hiệu văn bản trả lời"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ: 312/STTTT-VP"),
    )
    text = forms.CharField(
        label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000
    )
    documents = MultipleFileField(label=_("Văn bản trả lời đã ký"), required=True)


class AssessForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Đánh giá của Mặt trận"),
        choices=[
            ("satisfied", _("Thống nhất với nội dung trả lời")),
            ("not_satisfied", _("Chưa thống nhất, đề nghị đơn vị trả lời lại")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến của Mặt trận"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bắt buộc khi chưa thống nhất."),
    )


class ConsentForm(VersionedForm):
    side = forms.ChoiceField(choices=[("front", "front"), ("unit", "unit")])
    consent = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])


class WithdrawForm(VersionedForm):
    reason = forms.CharField(
        label=_("Lý do rút kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class FilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(RecommendationStatus.choices),
    )
    don_vi = forms.ModelChoiceField(
        label=_("Đơn vị giải quyết"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("Tất cả"),
    )
    nam = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    qua_han = forms.BooleanField(label=_("Chỉ kiến nghị quá hạn"), required=False)
    q = forms.CharField(label=_("Tìm (gõ có dấu hoặc không dấu)"), required=False, max_length=200)

    def __init__(self, *args, units=None, years=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["don_vi"].queryset = units
        self.fields["nam"].choices = [("", _("Tất cả"))] + [(y, str(y)) for y in years]

    def clean_q(self) -> str:
        value = self.cleaned_data.get("q") or ""
        if "\x00" in value:
            raise forms.ValidationError(_("Không được chứa ký tự NUL."))
        return value.strip()
