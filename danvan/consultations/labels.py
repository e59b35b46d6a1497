"""Vietnamese labels of the audit actions of the consultations app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "consultation.create": _("Tạo dự thảo lấy ý kiến"),
    "consultation.update": _("Sửa dự thảo lấy ý kiến"),
    "consultation.open": _("Công bố dự thảo để lấy ý kiến"),
    "consultation.extend": _("Gia hạn lấy ý kiến"),
    "consultation.close": _("Kết thúc lấy ý kiến"),
    "consultation.summary_update": _("Sửa báo cáo tiếp thu, giải trình"),
    "consultation.summarise": _("Hoàn thành báo cáo tiếp thu, giải trình"),
    "consultation.reopen_summary": _("Mở lại báo cáo tiếp thu, giải trình"),
    "consultation.publish": _("Công bố kết quả lấy ý kiến"),
    "draft_section.add": _("Thêm phần dự thảo"),
    "draft_section.update": _("Sửa phần dự thảo"),
    "draft_section.archive": _("Bỏ phần dự thảo"),
    "consultation_file.add": _("Đính kèm tệp dự thảo"),
    "consultation_file.replace": _("Thay tệp dự thảo"),
    "comment.submit": _("Gửi ý kiến góp ý"),
    "comment.record": _("Ghi nhận ý kiến nhận ngoài cổng"),
    "comment.verify": _("Xác thực ý kiến góp ý"),
    "comment.resend_code": _("Gửi lại mã xác thực ý kiến"),
    "comment.approve": _("Duyệt ý kiến góp ý"),
    "comment.reject": _("Không duyệt ý kiến góp ý"),
    "comment.answer": _("Tiếp thu, giải trình ý kiến"),
}
