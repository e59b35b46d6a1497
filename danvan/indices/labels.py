"""Vietnamese labels of the audit actions of the indices app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "index_score.create": _("Nhập kết quả chỉ số"),
    "index_score.update": _("Sửa kết quả chỉ số"),
    "index_target.set": _("Đặt mục tiêu chỉ số"),
    "score_import.preview": _("Tải lên tệp điểm chỉ số"),
    "score_import.apply": _("Áp dụng tệp điểm chỉ số"),
    "score_import.discard": _("Hủy tệp điểm chỉ số"),
    "remedial_link.add": _("Gắn nhiệm vụ khắc phục chỉ số thành phần"),
    "remedial_link.remove": _("Gỡ nhiệm vụ khắc phục chỉ số thành phần"),
}
