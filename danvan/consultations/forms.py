"""Forms of the consultation pages; they validate input, services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.orgs.models import Unit

from .models import AnswerKind, ConsultationKind, ConsultationStatus, ContactKind, RejectReason


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConsultationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.ModelChoiceField(label=_("Cơ quan lấy ý kiến"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Loại dự thảo"), choices=ConsultationKind.choices)
    title = forms.CharField(label=_("Tên dự thảo"), max_length=500)
    summary = forms.CharField(
        label=_("Tóm tắt nội dung"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_at = forms.DateTimeField(
        label=_("Bắt đầu nhận ý kiến"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    closes_at = forms.DateTimeField(
        label=_("Kết thúc nhận ý kiến"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    draft_file = forms.FileField(
        label=_("Toàn văn dự thảo (PDF, DOCX, ODT)"),
        required=False,
        help_text=_("Tệp được kiểm tra loại và dung lượng; tải lên tệp mới sẽ thay tệp cũ."),
    )

    def __init__(self, *args: Any, units: Any = None, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        if editing:
            del self.fields["unit"]


class SectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    heading = forms.CharField(label=_("Tiêu đề phần"), max_length=300)
    text = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    position = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=10000, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do kết thúc sớm (nếu chưa hết thời hạn)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Kết thúc nhận ý kiến mới"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    reason = forms.CharField(
        label=_("Lý do gia hạn"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublicCommentForm(forms.Form):
    """The public's comment form: a honeypot (`website`) and a signed stamp guard it."""

    section = forms.IntegerField(widget=forms.HiddenInput, required=False)
    body = forms.CharField(
        label=_("Nội dung góp ý"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    author_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    contact_kind = forms.ChoiceField(
        label=_("Nhận mã xác thực qua"),
        choices=ContactKind.choices,
        initial=ContactKind.EMAIL,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(label=_("Địa chỉ thư điện tử"), required=False, max_length=254)
    phone = forms.CharField(label=_("Số điện thoại di động"), required=False, max_length=20)
    hide_name = forms.BooleanField(
        label=_("Không hiển thị tên tôi công khai (hiển thị “Người dân”)"), required=False
    )
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args: Any, phone_available: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not phone_available:
            self.fields["contact_kind"].choices = [(ContactKind.EMAIL, ContactKind.EMAIL.label)]
            del self.fields["phone"]
        self.fields["email"].help_text = _(
            "Chỉ dùng để gửi mã xác thực; không bao giờ được công khai."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("contact_kind")
        if kind == ContactKind.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Hãy nhập thư điện tử để nhận mã xác thực."))
        if kind == ContactKind.PHONE and not data.get("phone"):
            self.add_error("phone", _("Hãy nhập số điện thoại để nhận mã xác thực."))
        return data


class UserCommentForm(forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput, required=False)
    body = forms.CharField(
        label=_("Nội dung góp ý"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    organisation = forms.ModelChoiceField(
        label=_("Góp ý với tư cách"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Cá nhân tôi"),
    )
    hide_name = forms.BooleanField(
        label=_("Không hiển thị tên tôi công khai (hiển thị “Người dân”)"), required=False
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units if units is not None else Unit.objects.none()


class RecordForm(forms.Form):
    """A comment the unit received by letter, at a meeting or by telephone."""

    section = forms.ModelChoiceField(
        label=_("Phần dự thảo"),
        queryset=None,
        required=False,
        empty_label=_("Toàn bộ dự thảo"),
    )
    body = forms.CharField(
        label=_("Nội dung góp ý"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    author_name = forms.CharField(label=_("Người góp ý"), max_length=200, required=False)
    organisation_name = forms.CharField(
        label=_("Cơ quan, tổ chức góp ý (nếu có)"), max_length=300, required=False
    )
    channel = forms.CharField(
        label=_("Nhận qua"),
        max_length=500,
        help_text=_("Ví dụ: văn bản số 12/MTTQ ngày 05/4; hội nghị tại phường Vĩnh Lạc."),
    )
    hide_name = forms.BooleanField(
        label=_("Không hiển thị tên người góp ý công khai"), required=False
    )

    def __init__(self, *args: Any, sections: Any, **kwargs: Any):
        kwargs.setdefault("prefix", "ghi")
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Duyệt")), ("reject", _("Không duyệt"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Lý do không duyệt"),
        choices=[("", "—"), *RejectReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    answer_kind = forms.ChoiceField(
        label=_("Hình thức"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
    answer_text = forms.CharField(
        label=_("Nội dung tiếp thu, giải trình"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SummaryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    summary_intro = forms.CharField(
        label=_("Khái quát, đánh giá chung"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Các đoạn cách nhau bằng một dòng trống."),
    )
    report_symbol = forms.CharField(
        label=_("Số, ký hiệu báo cáo"), required=False, max_length=60, help_text="15/BC-UBND"
    )
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    signer_authority = forms.CharField(
        label=_("Thẩm quyền ký (mỗi dòng một dòng chữ)"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=200)


class PublishForm(forms.Form):
    final_text = forms.FileField(
        label=_("Văn bản hoàn chỉnh (PDF, DOCX, ODT)"),
        required=False,
        help_text=_("Bắt buộc nếu chưa đính kèm; được công bố cùng báo cáo tiếp thu, giải trình."),
    )


STATUS_FILTER = [("", _("Tất cả")), *ConsultationStatus.choices]
KIND_FILTER = [("", _("Tất cả")), *ConsultationKind.choices]
