"""Vietnamese labels of the audit actions of the imports app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "import_job.create": _("Tải lên văn bản kế hoạch để nhập"),
    "import_job.read": _("Đọc văn bản kế hoạch"),
    "import_job.fail": _("Không đọc được văn bản kế hoạch"),
    "import_job.requeue": _("Đọc lại văn bản kế hoạch bị gián đoạn"),
    "import_job.review": _("Rà soát kết quả nhập văn bản"),
    "import_job.draft": _("Tạo dự thảo kế hoạch từ văn bản nhập"),
    "import_job.update_draft": _("Cập nhật dự thảo kế hoạch từ văn bản nhập"),
    "responsibility.import": _("Thêm phân công tổ chức thực hiện từ văn bản nhập"),
    "legal_document.create": _("Thêm văn bản pháp lý vào danh mục"),
    "legal_document.update": _("Sửa văn bản pháp lý"),
    "citation.create": _("Ghi nhận trích dẫn văn bản pháp lý"),
}
