"""Forms of the public portal: the submission form and the status lookup form."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.lib.vntext import fold, nfc
from danvan.orgs.models import Unit, UnitSuccession

from .files import MAX_FILES, PORTAL_TYPES

KIND_CHOICES = [
    ("complaint", _("Khiếu nại")),
    ("denunciation", _("Tố cáo")),
    ("feedback", _("Kiến nghị, phản ánh")),
    ("", _("Chưa rõ, đề nghị cơ quan phân loại")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (checked later, all together)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(PORTAL_TYPES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def active_units(query: str = "") -> Any:
    """Return the units that receive petitions today, optionally matching a folded query.

    A query naming a unit that no longer exists (merged, split, renamed) finds its successors:
    citizens still know the old names.
    """
    units = Unit.objects.active_on(timezone.localdate()).exclude(kind="front").order_by("name")
    if query:
        named = Unit.objects.all()
        for word in fold(query).split()[:8]:
            named = named.filter(search_text__contains=word)
        successors = UnitSuccession.objects.filter(predecessor__in=named).values("successor")
        units = units.filter(Q(pk__in=named.values("pk")) | Q(pk__in=successors))
    return units


def former_names() -> dict[str, str]:
    """Return, for each unit that succeeded others, the folded names of its predecessors."""
    names: dict[str, list[str]] = {}
    rows = UnitSuccession.objects.values_list("successor_id", "predecessor__search_text")
    for successor_id, text in rows:
        names.setdefault(str(successor_id), []).append(text or "")
    return {k: " ".join(v) for k, v in names.items()}


def _clean_text(value: str) -> str:
    return nfc(value or "").strip()


class SubmissionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Cơ quan nhận đơn"),
        queryset=Unit.objects.none(),
        empty_label=_("— Chọn cơ quan —"),
        help_text=_(
            "Cơ quan có thẩm quyền giải quyết việc bạn nêu. Chưa rõ, hãy chọn UBND cấp xã "
            "nơi bạn ở."
        ),
    )
    kind_hint = forms.ChoiceField(
        label=_("Loại đơn"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Khiếu nại: đề nghị xem xét lại quyết định, hành vi hành chính ảnh hưởng tới bạn. "
            "Tố cáo: báo cho cơ quan biết hành vi vi phạm pháp luật. Kiến nghị, phản ánh: "
            "góp ý, đề xuất hoặc báo tin. Cơ quan sẽ phân loại lại theo quy định."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Tôi không muốn nêu họ tên (phản ánh, tố cáo nặc danh)"),
        required=False,
        help_text=_(
            "Đơn không ghi họ tên không được thụ lý, giải quyết như đơn khiếu nại, tố cáo. Với "
            "tố cáo nặc danh có nội dung rõ ràng, tài liệu, chứng cứ cụ thể, cơ quan có thể "
            "dùng để thanh tra, kiểm tra theo thẩm quyền (Điều 25 Luật Tố cáo). Bạn vẫn nhận "
            "được mã tra cứu."
        ),
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân / căn cước"),
        max_length=20,
        required=False,
        help_text=_("Không bắt buộc; giúp cơ quan xác định đúng người gửi."),
    )
    address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=200, required=False)
    content = forms.CharField(
        label=_("Nội dung đơn"),
        min_length=20,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Trình bày sự việc: thời gian, địa điểm, người hoặc cơ quan liên quan, điều bạn đề "
            "nghị. Không cần nêu lại thông tin cá nhân đã ghi ở trên."
        ),
    )
    attachments = MultipleFileField(
        label=_("Tài liệu, hình ảnh kèm theo"),
        required=False,
        help_text=_(
            "Tối đa %(n)d tệp PDF, ảnh JPG/PNG, DOCX, ODT hoặc TXT; mỗi tệp tối đa 10 MB, tổng "
            "25 MB. Ảnh được xử lý lại để xóa thông tin ẩn (vị trí chụp, thiết bị)."
        )
        % {"n": MAX_FILES},
    )
    notify = forms.BooleanField(
        label=_("Gửi thư điện tử cho tôi mỗi khi hồ sơ thay đổi trạng thái"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đã đọc Thông báo về xử lý dữ liệu cá nhân và đồng ý để cơ quan xử lý dữ liệu "
            "của tôi cho việc tiếp nhận, giải quyết đơn này"
        ),
        error_messages={"required": _("Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân.")},
    )
    challenge_answer = forms.CharField(
        label=_("Câu hỏi chống gửi tự động"), max_length=4, required=False
    )
    # Hidden plumbing: idempotency key, signed challenge, its proof of work, the honeypot.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    challenge_token = forms.CharField(widget=forms.HiddenInput, max_length=400)
    challenge_counter = forms.CharField(widget=forms.HiddenInput, max_length=12, required=False)
    website = forms.CharField(label=_("Để trống ô này"), max_length=200, required=False)

    def __init__(self, *args: Any, unit_query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = active_units(unit_query)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["data-search"] = "portal-unit-search"
        self.fields["content"].widget.attrs["maxlength"] = "20000"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["challenge_answer"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data["idempotency_key"].strip()
        if not key.isalnum() or not 20 <= len(key) <= 64:
            raise forms.ValidationError(_("Biểu mẫu không hợp lệ; vui lòng tải lại trang."))
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("name", "id_number", "address", "phone", "content"):
            if isinstance(data.get(name), str):
                data[name] = _clean_text(data[name])
        if not data.get("anonymous"):
            if not data.get("name"):
                self.add_error("name", _("Vui lòng ghi họ và tên (hoặc chọn gửi không nêu tên)."))
            if not data.get("address"):
                self.add_error("address", _("Vui lòng ghi địa chỉ liên hệ."))
        if data.get("notify") and not data.get("email"):
            self.add_error("email", _("Để nhận thư khi hồ sơ thay đổi, vui lòng ghi thư điện tử."))
        id_number = data.get("id_number") or ""
        if id_number and not (id_number.isdigit() and len(id_number) in (9, 12)):
            self.add_error(
                "id_number", _("Số định danh gồm 12 chữ số (hoặc 9 chữ số với CMND cũ).")
            )
        return data

    def values(self) -> dict[str, Any]:
        """Return what the citizen typed (no files, no plumbing)."""
        data = self.cleaned_data
        anonymous = bool(data.get("anonymous"))
        return {
            "kind_hint": data.get("kind_hint") or "",
            "anonymous": anonymous,
            "name": "" if anonymous else data.get("name") or "",
            "id_number": "" if anonymous else data.get("id_number") or "",
            "address": "" if anonymous else data.get("address") or "",
            "phone": data.get("phone") or "",
            "email": data.get("email") or "",
            "content": data["content"],
            "notify": bool(data.get("notify")),
        }


def new_idempotency_key() -> str:
    """Return a fresh key for a newly rendered form."""
    return secrets.token_hex(16)


class LookupForm(forms.Form):
    tracking_code = forms.CharField(label=_("Mã hồ sơ"), max_length=40)
    secret = forms.CharField(
        label=_("Mã bí mật"),
        max_length=100,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
    )

    def clean_tracking_code(self) -> str:
        return self.cleaned_data["tracking_code"].strip().upper()

    def clean_secret(self) -> str:
        return self.cleaned_data["secret"].strip()
