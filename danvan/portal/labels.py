"""Vietnamese labels of the audit actions of the portal app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "portal_submission.receive": _("Tiếp nhận đơn gửi qua cổng"),
    "portal_submission.case_created": _("Tạo hồ sơ từ đơn gửi qua cổng"),
    "portal_submission.fail": _("Đơn gửi qua cổng chưa tạo được hồ sơ"),
    "portal_submission.discard": _("Hủy đơn gửi qua cổng bị từ chối"),
    "portal_submission.retry": _("Xử lý lại đơn gửi qua cổng"),
}
