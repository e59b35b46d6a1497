"""Recommendations (kiến nghị) of the Fatherland Front and the socio-political organisations.

The Front files a recommendation after a supervision, a social criticism or a meeting with
voters; the coordinator assigns it to a unit with a due date; the unit answers in writing (text
and the signed document, possibly several times); the Front assesses each answer; the answer is
published when both the Front and the unit agree.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStamped, Versioned
from danvan.orgs.models import Unit


class SourceKind(models.TextChoices):
    SUPERVISION = "supervision", _("Giám sát")
    SOCIAL_CRITICISM = "social_criticism", _("Phản biện xã hội")
    VOTER_MEETING = "voter_meeting", _("Tiếp xúc cử tri")
    OTHER = "other", _("Hoạt động khác")


class RecommendationStatus(models.TextChoices):
    FILED = "filed", _("Chờ giao xử lý")
    ASSIGNED = "assigned", _("Đã giao, chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời, chờ Mặt trận đánh giá")
    SATISFIED = "satisfied", _("Mặt trận thống nhất với trả lời")
    NOT_SATISFIED = "not_satisfied", _("Mặt trận chưa thống nhất, chờ trả lời lại")
    PUBLISHED = "published", _("Đã công khai")
    WITHDRAWN = "withdrawn", _("Đã rút kiến nghị")


# Statuses in which the unit still owes an answer.
AWAITING_ANSWER = (RecommendationStatus.ASSIGNED, RecommendationStatus.NOT_SATISFIED)
# Statuses in which the answer has been assessed and may be published.
ASSESSED = (RecommendationStatus.SATISFIED, RecommendationStatus.NOT_SATISFIED)


class Recommendation(TimeStamped, Versioned):
    """One recommendation of a Front organisation to the provincial authorities."""

    organisation = models.ForeignKey(
        Unit,
        verbose_name=_("tổ chức kiến nghị"),
        on_delete=models.PROTECT,
        related_name="front_recommendations_filed",
    )
    document_symbol = models.CharField(
        _("số, ký hiệu văn bản kiến nghị"), max_length=60, blank=True
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    content = models.TextField(_("nội dung kiến nghị"))
    source_kind = models.CharField(
        _("hoạt động làm phát sinh kiến nghị"), max_length=20, choices=SourceKind.choices
    )
    source_name = models.CharField(_("tên hoạt động"), max_length=300)
    source_date = models.DateField(_("ngày diễn ra hoạt động"))
    filed_on = models.DateField(_("ngày kiến nghị"), db_index=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.FILED,
        db_index=True,
    )
    assigned_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị giải quyết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="front_recommendations_assigned",
    )
    assigned_at = models.DateTimeField(_("giao lúc"), null=True, blank=True)
    due_on = models.DateField(_("hạn trả lời bằng văn bản"), null=True, blank=True)
    first_answered_on = models.DateField(_("ngày trả lời lần đầu"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời gần nhất lúc"), null=True, blank=True)
    front_consent_at = models.DateTimeField(
        _("Mặt trận đồng ý công khai lúc"), null=True, blank=True
    )
    front_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_consent_at = models.DateTimeField(_("đơn vị đồng ý công khai lúc"), null=True, blank=True)
    unit_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("kiến nghị của Mặt trận Tổ quốc")
        verbose_name_plural = _("kiến nghị của Mặt trận Tổ quốc")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source_date__lte=models.F("filed_on")),
                name="front_rec_source_before_filing",
            ),
            models.CheckConstraint(
                condition=Q(assigned_unit__isnull=False) | Q(status__in=["filed", "withdrawn"]),
                name="front_rec_assigned_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_symbol} – {self.title}" if self.document_symbol else self.title

    def is_overdue(self, today: dt.date) -> bool:
        """Return whether the due date has passed and the unit has not answered yet."""
        return (
            self.status == RecommendationStatus.ASSIGNED
            and self.due_on is not None
            and self.due_on < today
        )

    def answered_late(self) -> bool | None:
        """Return whether the first answer came after the due date (None if not answered)."""
        if self.first_answered_on is None or self.due_on is None:
            return None
        return self.first_answered_on > self.due_on

    def is_public(self) -> bool:
        """Return whether the recommendation is shown on the public page."""
        return self.status == RecommendationStatus.PUBLISHED


class Assessment(models.TextChoices):
    SATISFIED = "satisfied", _("Thống nhất")
    NOT_SATISFIED = "not_satisfied", _("Chưa thống nhất")


class RecommendationAnswer(TimeStamped):
    """One written answer of the unit, and the Front's assessment of it; every answer is kept."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="answers"
    )
    number = models.PositiveSmallIntegerField(_("lần trả lời"))
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị trả lời"), on_delete=models.PROTECT)
    document_symbol = models.CharField(_("số, ký hiệu văn bản trả lời"), max_length=60, blank=True)
    text = models.TextField(_("nội dung trả lời"))
    answered_at = models.DateTimeField(_("trả lời lúc"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.CharField(
        _("đánh giá của Mặt trận"), max_length=16, choices=Assessment.choices, blank=True
    )
    assessment_comment = models.TextField(_("ý kiến của Mặt trận"), blank=True)
    assessed_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("trả lời kiến nghị")
        verbose_name_plural = _("trả lời kiến nghị")
        ordering = ["recommendation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="front_answer_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id} #{self.number}"


class FileKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Văn bản kiến nghị")
    ANSWER = "answer", _("Văn bản trả lời")


def file_path(instance: RecommendationFile, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"front/{instance.recommendation_id}/{instance.token}{instance.extension}"


class RecommendationFile(TimeStamped):
    """A signed document of a recommendation or of an answer; downloaded through a policy check."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="files"
    )
    answer = models.ForeignKey(
        RecommendationAnswer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    kind = models.CharField(max_length=16, choices=FileKind.choices)
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=10)
    file = models.FileField(upload_to=file_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tệp đính kèm kiến nghị")
        verbose_name_plural = _("tệp đính kèm kiến nghị")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    FILED = "filed", _("Gửi kiến nghị")
    ASSIGNED = "assigned", _("Giao đơn vị giải quyết")
    REASSIGNED = "reassigned", _("Giao lại, đổi hạn trả lời")
    ANSWERED = "answered", _("Trả lời kiến nghị")
    ASSESSED = "assessed", _("Mặt trận đánh giá trả lời")
    FRONT_CONSENT = "front_consent", _("Mặt trận đồng ý công khai")
    FRONT_CONSENT_REVOKED = "front_consent_revoked", _("Mặt trận rút đồng ý công khai")
    UNIT_CONSENT = "unit_consent", _("Đơn vị đồng ý công khai")
    UNIT_CONSENT_REVOKED = "unit_consent_revoked", _("Đơn vị rút đồng ý công khai")
    PUBLISHED = "published", _("Công khai")
    WITHDRAWN = "withdrawn", _("Rút kiến nghị")


class RecommendationEvent(models.Model):
    """One step in the life of a recommendation, with who took it and their comment."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    from_status = models.CharField(max_length=16, choices=RecommendationStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=RecommendationStatus.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_status} → {self.to_status}"
