"""Forms of the petition pages; they validate input, services enforce the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.plans.forms import MultipleFileField

from .models import AnonymousHandling, Channel, Competence, Kind, NonAcceptanceGround

STAFF_CHANNELS = [c for c in Channel.choices if c[0] != Channel.PORTAL]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IntakeForm(forms.Form):
    unit = forms.ChoiceField(label=_("Cơ quan tiếp nhận, xử lý"))
    channel = forms.ChoiceField(label=_("Nguồn đơn"), choices=STAFF_CHANNELS)
    received_at = forms.DateTimeField(
        label=_("Thời điểm tiếp nhận"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    kind_hint = forms.ChoiceField(
        label=_("Loại đơn (sơ bộ)"),
        required=False,
        choices=[("", _("Chưa rõ"))] + [c for c in Kind.choices if c[0] != Kind.UNCLASSIFIED],
        help_text=_("Chọn «Tố cáo» để danh tính người gửi được mã hóa và bảo mật ngay."),
    )
    subject = forms.CharField(label=_("Tóm tắt"), max_length=300, required=False)
    content = forms.CharField(
        label=_("Nội dung đơn"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    anonymous = forms.BooleanField(
        label=_("Đơn không rõ họ tên, địa chỉ người gửi"), required=False
    )
    name = forms.CharField(label=_("Họ và tên người gửi"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"), max_length=20, required=False
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("Thư điện tử người gửi"), required=False)
    group_size = forms.IntegerField(
        label=_("Số người cùng gửi"), min_value=1, max_value=10000, initial=1, required=False
    )
    source_body = forms.CharField(
        label=_("Cơ quan chuyển đến (nếu có)"), max_length=300, required=False
    )
    source_reference = forms.CharField(
        label=_("Số hiệu đơn ở nguồn (phiếu chuyển, mã trên Hệ thống quốc gia)"),
        max_length=100,
        required=False,
    )
    notify_email = forms.EmailField(
        label=_("Thư điện tử nhận thông báo trạng thái"),
        required=False,
        help_text=_("Chỉ khi người gửi đồng ý; thư chỉ báo trạng thái, không có nội dung đơn."),
    )
    files = MultipleFileField(label=_("Tài liệu kèm theo"), required=False)
    first_code = forms.CharField(
        label=_("Khiếu nại lần hai: mã hồ sơ lần đầu"),
        max_length=20,
        required=False,
        help_text=_(
            "Chỉ điền khi đây là khiếu nại lần hai; người gửi được lấy theo hồ sơ lần đầu."
        ),
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]
        if len(units) == 1:
            self.fields["unit"].initial = str(units[0].pk)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def submitter(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "anonymous": data["anonymous"],
            "name": data["name"],
            "id_number": data["id_number"],
            "address": data["address"],
            "phone": data["phone"],
            "email": data["email"],
            "group_size": data.get("group_size") or 1,
        }


class ClassifyForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Loại đơn"), choices=[c for c in Kind.choices if c[0] != Kind.UNCLASSIFIED]
    )
    competence = forms.ChoiceField(
        label=_("Thẩm quyền"), choices=[c for c in Competence.choices if c[0]]
    )
    complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    especially_complex = forms.BooleanField(label=_("Vụ việc đặc biệt phức tạp"), required=False)
    remote = forms.BooleanField(label=_("Vùng sâu, vùng xa, đi lại khó khăn"), required=False)
    backlogged = forms.BooleanField(label=_("Vụ việc tồn đọng, kéo dài"), required=False)
    anonymous_handling = forms.ChoiceField(
        label=_("Xử lý tố cáo không rõ danh tính (Điều 25 Luật Tố cáo)"),
        choices=AnonymousHandling.choices,
        required=False,
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(VersionedForm):
    accepted_on = forms.DateField(label=_("Ngày thụ lý"), widget=DATE)
    number = forms.CharField(label=_("Số thông báo thụ lý"), max_length=60, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accepted_on"].initial = timezone.localdate()


class RejectForm(VersionedForm):
    grounds = forms.MultipleChoiceField(
        label=_("Lý do không thụ lý (Điều 11 Luật Khiếu nại 2011)"),
        choices=NonAcceptanceGround.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    number = forms.CharField(label=_("Số thông báo"), max_length=60, required=False)
    note = forms.CharField(
        label=_("Giải thích thêm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(VersionedForm):
    to_body = forms.CharField(label=_("Chuyển đến cơ quan"), max_length=300)
    number = forms.CharField(label=_("Số phiếu chuyển"), max_length=60, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


class GuideForm(VersionedForm):
    guidance = forms.CharField(
        label=_("Nội dung hướng dẫn"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(VersionedForm):
    handler = forms.ChoiceField(label=_("Người được giao xử lý"))

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [
            (str(p.pk), p.get_full_name() or p.username) for p in people
        ]


class ExtendForm(VersionedForm):
    decision_number = forms.CharField(label=_("Số quyết định gia hạn"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    complexity = forms.ChoiceField(
        label=_("Mức độ vụ việc theo quyết định"),
        required=False,
        choices=[
            ("", _("Giữ như đã phân loại")),
            ("complex", _("Phức tạp")),
            ("especially_complex", _("Đặc biệt phức tạp")),
        ],
    )
    reason = forms.CharField(label=_("Lý do gia hạn"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].initial = timezone.localdate()


class ConcludeForm(VersionedForm):
    decision_number = forms.CharField(label=_("Số quyết định, kết luận"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày ban hành"), widget=DATE)
    conclusion = forms.CharField(
        label=_("Nội dung quyết định, kết luận"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].initial = timezone.localdate()


class PublishForm(VersionedForm):
    public_answer = forms.CharField(
        label=_("Nội dung công khai cho người gửi đơn"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Người gửi đọc được nội dung này khi tra cứu; không ghi thông tin cá nhân."),
    )


class SuspendForm(VersionedForm):
    reason = forms.CharField(label=_("Lý do tạm đình chỉ"), max_length=2000)


class NoteForm(VersionedForm):
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


class MergeForm(VersionedForm):
    into = forms.CharField(label=_("Mã hồ sơ gộp vào"), max_length=20)
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận hai hồ sơ là cùng một đơn (cùng người gửi, cùng nội dung)"),
        required=False,
    )


class IdentityForm(forms.Form):
    purpose = forms.CharField(
        label=_("Mục đích xem danh tính"),
        max_length=300,
        help_text=_("Mỗi lần xem được ghi nhật ký: người xem, thời điểm, mục đích."),
    )


class SecretReissueForm(forms.Form):
    reason = forms.CharField(
        label=_("Căn cứ cấp lại"),
        max_length=300,
        help_text=_(
            "Ví dụ: người gửi đơn xuất trình căn cước tại bộ phận tiếp công dân ngày … "
            "Không ghi số giấy tờ. Mã bí mật cũ sẽ không dùng được nữa."
        ),
    )


class StatisticsForm(forms.Form):
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE, required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("starts_on") or dt.date(today.year, 1, 1)
        end = data.get("ends_on") or dt.date(today.year, 12, 31)
        return (start, end) if start <= end else (end, start)
