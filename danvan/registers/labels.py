"""Vietnamese labels of the audit actions of the registers app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "propaganda.create": _("Ghi hoạt động tuyên truyền"),
    "propaganda.update": _("Sửa hoạt động tuyên truyền"),
    "propaganda.archive": _("Bỏ hoạt động tuyên truyền"),
    "inspection.create": _("Ghi cuộc kiểm tra công vụ"),
    "inspection.update": _("Sửa cuộc kiểm tra công vụ"),
    "discipline_case.create": _("Ghi trường hợp xử lý kỷ luật"),
    "discipline_case.update": _("Sửa trường hợp xử lý kỷ luật"),
}
