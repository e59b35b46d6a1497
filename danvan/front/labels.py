"""Vietnamese labels of the audit actions of the front app."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, object] = {
    "front_recommendation.file": _("Gửi kiến nghị của Mặt trận"),
    "front_recommendation.assign": _("Giao đơn vị trả lời kiến nghị"),
    "front_recommendation.answered": _("Trả lời kiến nghị của Mặt trận"),
    "front_recommendation.assess": _("Mặt trận đánh giá trả lời kiến nghị"),
    "front_recommendation.consent_front": _("Mặt trận cho ý kiến công khai kiến nghị"),
    "front_recommendation.consent_unit": _("Đơn vị cho ý kiến công khai kiến nghị"),
    "front_recommendation.withdraw": _("Rút kiến nghị của Mặt trận"),
    "front_answer.create": _("Lập văn bản trả lời kiến nghị"),
    "front_file.add": _("Đính kèm văn bản kiến nghị, trả lời"),
}
