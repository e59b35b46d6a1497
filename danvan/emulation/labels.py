"""Vietnamese labels of the audit actions of the emulation app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "emulation_model.create": _("Tạo mô hình “Dân vận khéo”"),
    "emulation_model.update": _("Sửa mô hình “Dân vận khéo”"),
    "emulation_model.submit": _("Đăng ký mô hình “Dân vận khéo”"),
    "emulation_model.return": _("Trả lại mô hình để bổ sung"),
    "emulation_model.recognise": _("Công nhận mô hình “Dân vận khéo”"),
    "emulation_model.reject": _("Không công nhận mô hình “Dân vận khéo”"),
    "emulation_model.publish": _("Công bố, ẩn mô hình trên trang giới thiệu"),
    "emulation_model.archive": _("Lưu trữ mô hình “Dân vận khéo”"),
    "emulation_evaluation.add": _("Chấm điểm mô hình"),
    "emulation_evaluation.add.update": _("Sửa điểm đánh giá mô hình"),
    "emulation_photo.add": _("Thêm ảnh mô hình"),
    "emulation_photo.archive": _("Gỡ ảnh mô hình"),
    "emulation_document.add": _("Thêm tài liệu mô hình"),
    "emulation_document.archive": _("Gỡ tài liệu mô hình"),
    "emulation_replication.add": _("Khai báo nhân rộng mô hình"),
    "emulation_replication.archive": _("Rút khai báo nhân rộng mô hình"),
    "exemplar.create": _("Tạo đề xuất điển hình tiên tiến"),
    "exemplar.update": _("Sửa đề xuất điển hình tiên tiến"),
    "exemplar.submit": _("Gửi đề xuất điển hình tiên tiến"),
    "exemplar.recognise": _("Công nhận điển hình tiên tiến"),
    "exemplar.reject": _("Không công nhận điển hình tiên tiến"),
    "exemplar.archive": _("Lưu trữ đề xuất điển hình tiên tiến"),
    "exemplar_evaluation.add": _("Chấm điểm điển hình tiên tiến"),
    "exemplar_evaluation.add.update": _("Sửa điểm đánh giá điển hình tiên tiến"),
}
