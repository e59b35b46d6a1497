"""Vietnamese labels of the audit actions of the petitions app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "case.receive": _("Tiếp nhận đơn"),
    "case.attachment_add": _("Thêm tài liệu kèm đơn"),
    "case.duplicate_propose": _("Đề xuất đơn trùng"),
    "case.duplicate_dismiss": _("Xác nhận đơn không trùng"),
    "case.merge": _("Gộp đơn trùng"),
    "case.classify": _("Phân loại đơn"),
    "case.accept": _("Thụ lý đơn"),
    "case.reject": _("Không thụ lý đơn"),
    "case.transfer": _("Chuyển đơn"),
    "case.guide": _("Hướng dẫn người gửi đơn"),
    "case.assign_handler": _("Giao người xử lý đơn"),
    "case.extend": _("Gia hạn giải quyết"),
    "case.conclude": _("Ra quyết định, kết luận giải quyết"),
    "case.publish": _("Công khai kết quả giải quyết"),
    "case.close": _("Kết thúc hồ sơ đơn thư"),
    "case.suspend": _("Tạm đình chỉ giải quyết"),
    "case.resume": _("Tiếp tục giải quyết"),
    "case.withdraw": _("Ghi nhận rút đơn"),
    "case.second_complaint": _("Tiếp nhận khiếu nại lần hai"),
    "case.document_issue": _("Lập văn bản xử lý đơn"),
    "case.identity_view": _("Xem danh tính người tố cáo"),
    "case.secret_reissue": _("Cấp lại mã bí mật tra cứu hồ sơ"),
    "case.identity_rekey": _("Mã hóa lại danh tính người tố cáo bằng khóa mới"),
    "case.deadline_recompute": _("Tính lại thời hạn xử lý đơn"),
}
