"""The reception register (sổ tiếp công dân) and the heads' reception schedule."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.lib import receptionrules
from danvan.orgs.models import Unit


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Đã tiếp")
    CANCELLED = "cancelled", _("Đã hủy")


class ReceptionSession(TimeStamped, Versioned, Archivable):
    """A day on which a unit's head (or a deputy) receives citizens: the published schedule."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reception_sessions")
    day = models.DateField(_("ngày tiếp"))
    starts_at = models.TimeField(_("từ giờ"))
    ends_at = models.TimeField(_("đến giờ"))
    place = models.CharField(_("địa điểm"), max_length=255)
    mode = models.CharField(
        _("hình thức"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON
    )
    host_name = models.CharField(_("người chủ trì"), max_length=160)
    host_position = models.CharField(_("chức vụ"), max_length=160)
    host_is_head = models.BooleanField(_("người đứng đầu trực tiếp tiếp"), default=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=SessionStatus.choices, default="planned"
    )
    public = models.BooleanField(_("công khai lịch"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")
        ordering = ["day", "starts_at"]
        indexes = [models.Index(fields=["unit", "day"])]

    def __str__(self) -> str:
        return f"{self.unit} – {self.day:%d/%m/%Y}"

    def as_rule_session(self) -> receptionrules.Session:
        """Return the session as the legal-minimum rules see it."""
        return receptionrules.Session(
            day=self.day,
            by_head=self.host_is_head,
            online=self.mode == Mode.ONLINE,
            cancelled=self.status == SessionStatus.CANCELLED or self.archived_at is not None,
        )

    def counts_towards_minimum(self) -> bool:
        """Return whether this session counts towards the head's legal minimum."""
        return receptionrules.counts(self.as_rule_session())


class ReceiverKind(models.TextChoices):
    OFFICER = "officer", _("Cán bộ tiếp công dân thường xuyên")
    HEAD = "head", _("Người đứng đầu tiếp định kỳ")
    HEAD_AD_HOC = "head_ad_hoc", _("Người đứng đầu tiếp đột xuất")
    DEPUTY = "deputy", _("Cấp phó được phân công")


class Classification(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    RECOMMENDATION = "recommendation", _("Kiến nghị, phản ánh")
    MIXED = "mixed", _("Hỗn hợp")
    OTHER = "other", _("Khác (hỏi, tìm hiểu chính sách)")


class Handling(models.TextChoices):
    GUIDED = "guided", _("Hướng dẫn, giải thích")
    ACCEPTED = "accepted", _("Tiếp nhận đơn để xử lý")
    TRANSFERRED = "transferred", _("Chuyển đơn, chuyển cơ quan có thẩm quyền")
    ANSWERED = "answered", _("Trả lời trực tiếp tại buổi tiếp")


class Reception(TimeStamped, Versioned, Archivable):
    """One visit in the reception register: who came, about what, and how it was handled."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="receptions")
    received_at = models.DateTimeField(_("thời gian tiếp"))
    session = models.ForeignKey(
        ReceptionSession,
        verbose_name=_("buổi tiếp theo lịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receptions",
    )
    receiver_kind = models.CharField(
        _("người tiếp"), max_length=16, choices=ReceiverKind.choices, default="officer"
    )
    receiver_name = models.CharField(_("họ tên người tiếp"), max_length=160)
    mode = models.CharField(
        _("hình thức"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON
    )
    people_count = models.PositiveIntegerField(_("số người đến"), default=1)
    summary = models.TextField(_("tóm tắt nội dung"))
    documents_received = models.TextField(_("giấy tờ, tài liệu nhận"), blank=True)
    classification = models.CharField(_("phân loại"), max_length=16, choices=Classification.choices)
    handling = models.CharField(_("kết quả xử lý"), max_length=16, choices=Handling.choices)
    handling_note = models.TextField(_("nội dung xử lý, trả lời"), blank=True)
    transferred_to = models.CharField(_("chuyển tới cơ quan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    case = models.OneToOneField(
        "petitions.Case",
        verbose_name=_("hồ sơ đơn thư"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception",
    )
    # Folded summary, documents and handling only: never the citizens' personal data.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["unit", "received_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.received_at)
        return f"{self.unit} – {local:%d/%m/%Y %H:%M}"

    def is_group(self) -> bool:
        """Return whether this was a group visit (đoàn đông người, five people or more)."""
        return receptionrules.is_group_visit(self.people_count)

    def is_confidential(self) -> bool:
        """Return whether the visitors' identities are protected (a denunciation)."""
        return self.classification in (Classification.DENUNCIATION, Classification.MIXED)


class ReceptionCitizen(models.Model):
    """A person who came: personal data, shown only to those who keep the register."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="citizens")
    position = models.PositiveSmallIntegerField(default=0)
    full_name = models.CharField(_("họ và tên"), max_length=160)
    id_number = models.CharField(_("số định danh cá nhân / CCCD"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)

    class Meta:
        verbose_name = _("công dân đến")
        verbose_name_plural = _("công dân đến")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.full_name
