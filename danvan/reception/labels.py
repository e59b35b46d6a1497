"""Vietnamese labels of the audit actions of the reception app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "reception.record": _("Ghi sổ tiếp công dân"),
    "reception.update": _("Sửa sổ tiếp công dân"),
    "reception.archive": _("Hủy lượt tiếp ghi nhầm"),
    "reception.identity_view": _("Xem danh tính người đến tố cáo"),
    "reception_session.schedule": _("Thêm lịch tiếp công dân"),
    "reception_session.update": _("Sửa lịch tiếp công dân"),
    "reception_session.held": _("Ghi đã tiếp theo lịch"),
    "reception_session.cancelled": _("Hủy buổi tiếp công dân"),
    "reception_session.planned": _("Khôi phục buổi tiếp công dân"),
}
