"""Registers of activities: propaganda and awareness events, public-service inspections and
discipline of officials who harassed citizens or abused power (task groups 2 and 5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.orgs.models import Unit


class PropagandaFormat(models.TextChoices):
    CONFERENCE = "conference", _("Hội nghị")
    MEDIA = "media", _("Báo chí, truyền thông")
    LOUDSPEAKER = "loudspeaker", _("Loa truyền thanh")
    SOCIAL = "social", _("Mạng xã hội")
    DOOR_TO_DOOR = "door_to_door", _("Đến từng hộ gia đình")
    OTHER = "other", _("Khác")


class TargetGroup(models.TextChoices):
    OFFICIALS = "officials", _("Cán bộ, công chức, viên chức")
    REMOTE = "remote", _("Người dân vùng sâu, vùng xa")
    ETHNIC = "ethnic", _("Đồng bào dân tộc thiểu số")
    RELIGIOUS = "religious", _("Đồng bào tôn giáo")
    MEMBERS = "members", _("Đoàn viên, hội viên các đoàn thể")
    BUSINESSES = "businesses", _("Doanh nghiệp, hộ kinh doanh")
    PUBLIC = "public", _("Nhân dân trên địa bàn")


def evidence_path(instance: PropagandaActivity, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"registers/propaganda/{instance.token}{instance.extension}"


class PropagandaActivity(TimeStamped, Versioned, Archivable):
    """One propaganda or awareness activity (hoạt động tuyên truyền) held by a unit."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("ngày tổ chức"))
    format = models.CharField(_("hình thức"), max_length=20, choices=PropagandaFormat.choices)
    target_groups = models.JSONField(_("đối tượng"), default=list)
    # ",officials,remote," so that a filter by one group works on every database
    target_groups_key = models.CharField(max_length=200, editable=False, default="")
    title = models.CharField(_("nội dung, chủ đề"), max_length=300)
    participants = models.PositiveIntegerField(_("số lượt người tham dự"), default=0)
    notes = models.TextField(_("ghi chú"), blank=True)
    token = models.CharField(max_length=32, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    file = models.FileField(_("tài liệu minh chứng"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("hoạt động tuyên truyền")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return self.title[:100]

    def target_group_labels(self) -> list[str]:
        """Return the Vietnamese names of the target groups."""
        names = dict(TargetGroup.choices)
        return [str(names.get(g, g)) for g in self.target_groups]


class Inspection(TimeStamped, Versioned, Archivable):
    """A public-service inspection (kiểm tra công vụ) of one unit by another."""

    held_on = models.DateField(_("ngày kiểm tra"))
    inspecting_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị kiểm tra"), on_delete=models.PROTECT, related_name="+"
    )
    inspected_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị được kiểm tra"), on_delete=models.PROTECT, related_name="+"
    )
    scope = models.TextField(_("nội dung, phạm vi kiểm tra"))
    findings = models.TextField(_("kết quả, phát hiện"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("cuộc kiểm tra công vụ")
        verbose_name_plural = _("cuộc kiểm tra công vụ")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.inspected_unit}"


class ViolationKind(models.TextChoices):
    HARASSMENT = "harassment", _("Gây phiền hà, sách nhiễu Nhân dân")
    ABUSE = "abuse", _("Lạm quyền, lợi dụng chức vụ, quyền hạn")
    OTHER = "other", _("Vi phạm khác về kỷ luật, kỷ cương hành chính")


class DisciplineForm(models.TextChoices):
    # Luật Cán bộ, công chức; Nghị định 112/2020/NĐ-CP (sửa đổi bởi Nghị định 71/2023/NĐ-CP)
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    SALARY_DOWN = "salary_down", _("Hạ bậc lương")
    DEMOTION = "demotion", _("Giáng chức")
    DISMISSAL_POST = "dismissal_post", _("Cách chức")
    DISMISSAL = "dismissal", _("Buộc thôi việc")


class DisciplineCase(TimeStamped, Versioned, Archivable):
    """An official disciplined for harassing citizens or abusing power, with the decision.

    The official's name, position and the decision number are personal data: shown only to
    the coordinator and the head of the official's unit (see policies.can_see_personal_data).
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị của người vi phạm"), on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("phát hiện qua cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    official_name = models.CharField(_("họ và tên người vi phạm"), max_length=200)
    official_position = models.CharField(_("chức vụ, chức danh"), max_length=200, blank=True)
    violation_kind = models.CharField(
        _("loại vi phạm"), max_length=20, choices=ViolationKind.choices
    )
    description = models.TextField(
        _("mô tả vi phạm (không ghi tên)"),
        help_text=_("Mô tả hành vi, không ghi họ tên hay chức vụ người vi phạm."),
    )
    decision_number = models.CharField(_("số quyết định kỷ luật"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    discipline_form = models.CharField(
        _("hình thức kỷ luật"), max_length=20, choices=DisciplineForm.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")  # never holds personal data

    class Meta:
        verbose_name = _("trường hợp xử lý kỷ luật")
        verbose_name_plural = _("trường hợp xử lý kỷ luật")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision_number", "unit"],
                condition=Q(archived_at__isnull=True),
                name="discipline_decision_unique",
            )
        ]

    def __str__(self) -> str:
        # Never the name: __str__ reaches audit rows and logs.
        return f"{self.get_violation_kind_display()} – {self.unit_id} – {self.decision_date}"
