"""The usual outline of a plan implementing Directive 33/CT-TTg, offered when a plan is created.

Section II holds the seven task groups the directive sets; the coordinator renames, removes or
adds items as the year's plan needs.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STANDARD_OUTLINE = (
    ("I", _("MỤC ĐÍCH, YÊU CẦU"), (("1", _("Mục đích")), ("2", _("Yêu cầu")))),
    (
        "II",
        _("NHIỆM VỤ, GIẢI PHÁP"),
        (
            (
                "1",
                _(
                    "Quán triệt, cụ thể hóa chủ trương, đường lối của Đảng, chính sách, pháp luật "
                    "của Nhà nước về công tác dân vận"
                ),
            ),
            ("2", _("Tuyên truyền, nâng cao nhận thức về công tác dân vận chính quyền")),
            (
                "3",
                _(
                    "Phong trào thi đua “Dân vận khéo” gắn với học tập và làm theo tư tưởng, "
                    "đạo đức, phong cách Hồ Chí Minh"
                ),
            ),
            ("4", _("Cải cách hành chính; nâng cao các chỉ số PAR INDEX, PCI, SIPAS, PAPI")),
            ("5", _("Đạo đức công vụ, kỷ luật, kỷ cương hành chính")),
            ("6", _("Tiếp công dân, giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh")),
            (
                "7",
                _(
                    "Phối hợp với Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội: "
                    "giám sát, phản biện xã hội, lấy ý kiến Nhân dân"
                ),
            ),
        ),
    ),
    ("III", _("TỔ CHỨC THỰC HIỆN"), ()),
)
