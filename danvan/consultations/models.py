"""Public consultation on drafts (lấy ý kiến dự thảo): drafts, sections, comments, summary."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.orgs.models import Unit


class ConsultationKind(models.TextChoices):
    POLICY = "policy", _("Chính sách")
    PLAN = "plan", _("Kế hoạch")
    PROGRAMME = "programme", _("Chương trình")
    PROJECT = "project", _("Đề án")
    LEGAL_DOCUMENT = "legal_document", _("Văn bản quy phạm pháp luật")
    OTHER = "other", _("Văn bản khác")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã kết thúc lấy ý kiến")
    SUMMARISED = "summarised", _("Đã tổng hợp, chờ công bố")
    PUBLISHED = "published", _("Đã công bố kết quả")


# Statuses the public may see; a draft never leaves the unit.
PUBLIC_STATUSES = (
    ConsultationStatus.OPEN,
    ConsultationStatus.CLOSED,
    ConsultationStatus.SUMMARISED,
    ConsultationStatus.PUBLISHED,
)


class Consultation(TimeStamped, Versioned, Archivable):
    """A draft policy, plan or programme put to public comment (lấy ý kiến dự thảo)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan lấy ý kiến"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("loại dự thảo"), max_length=20, choices=ConsultationKind.choices, default="policy"
    )
    title = models.CharField(_("tên dự thảo"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    opens_at = models.DateTimeField(_("bắt đầu nhận ý kiến"))
    closes_at = models.DateTimeField(_("kết thúc nhận ý kiến"))
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    closed_at = models.DateTimeField(_("đã kết thúc lúc"), null=True, blank=True)
    early_close_reason = models.TextField(_("lý do kết thúc sớm"), blank=True)
    # The summary report (báo cáo tiếp thu, giải trình).
    summary_intro = models.TextField(_("khái quát kết quả lấy ý kiến"), blank=True)
    report_symbol = models.CharField(_("số, ký hiệu báo cáo"), max_length=60, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=200, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    summarised_at = models.DateTimeField(_("tổng hợp xong lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("lấy ý kiến dự thảo")
        verbose_name_plural = _("lấy ý kiến dự thảo")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_window"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_public(self) -> bool:
        """Return whether the public may read this consultation."""
        return self.status in PUBLIC_STATUSES and not self.is_archived

    def accepts_comments(self, now: dt.datetime) -> bool:
        """Return whether a comment may be sent at `now` (open, and inside its window)."""
        return (
            self.status == ConsultationStatus.OPEN
            and not self.is_archived
            and self.opens_at <= now < self.closes_at
        )

    def is_upcoming(self, now: dt.datetime) -> bool:
        """Return whether the consultation is announced but not yet taking comments."""
        return self.status == ConsultationStatus.OPEN and now < self.opens_at

    def window_over(self, now: dt.datetime) -> bool:
        """Return whether the comment window has passed."""
        return now >= self.closes_at

    def is_editable(self) -> bool:
        """Return whether the draft's text and sections may still change."""
        return self.status == ConsultationStatus.DRAFT and not self.is_archived


class DraftSection(TimeStamped, Versioned, Archivable):
    """One part of the draft (chương, điều, mục) that people may comment on."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    heading = models.CharField(_("tiêu đề phần"), max_length=300)
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("phần dự thảo")
        verbose_name_plural = _("phần dự thảo")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading


def consultation_file_path(instance: ConsultationFile, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"consultations/{instance.consultation_id}/{instance.token}{instance.extension}"


class FileKind(models.TextChoices):
    DRAFT = "draft", _("Toàn văn dự thảo")
    FINAL = "final", _("Văn bản hoàn chỉnh")


class ConsultationFile(TimeStamped, Archivable):
    """The draft's full text or the final text, downloaded through a checking view."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("loại tệp"), max_length=10, choices=FileKind.choices)
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=10)
    file = models.FileField(upload_to=consultation_file_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tệp dự thảo")
        verbose_name_plural = _("tệp dự thảo")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class CommentStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Chờ xác thực")
    PENDING = "pending", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không duyệt")


class ContactKind(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    PHONE = "phone", _("Số điện thoại")


class RejectReason(models.TextChoices):
    SPAM = "spam", _("Quảng cáo, tin rác")
    OFFENSIVE = "offensive", _("Ngôn từ xúc phạm, không phù hợp")
    OFF_TOPIC = "off_topic", _("Không liên quan đến nội dung dự thảo")
    DUPLICATE = "duplicate", _("Trùng lặp với ý kiến đã gửi")
    PERSONAL_DATA = "personal_data", _("Chứa thông tin cá nhân của người khác")
    UNLAWFUL = "unlawful", _("Nội dung vi phạm pháp luật")
    OTHER = "other", _("Lý do khác")


class AnswerKind(models.TextChoices):
    TAKEN_UP = "taken_up", _("Tiếp thu")
    PARTIAL = "partial", _("Tiếp thu một phần")
    EXPLAINED = "explained", _("Giải trình")


class Comment(TimeStamped):
    """A comment (ý kiến góp ý) on the whole draft or on one section."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="comments"
    )
    section = models.ForeignKey(
        DraftSection,
        verbose_name=_("phần dự thảo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    code = models.CharField(_("mã ý kiến"), max_length=12, unique=True)
    body = models.TextField(_("nội dung góp ý"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=CommentStatus.choices, default="pending"
    )
    # Who: a signed-in user (maybe for their unit), or a member of the public.
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_name = models.CharField(_("họ và tên"), max_length=200)
    as_organisation = models.BooleanField(_("góp ý với tư cách tổ chức"), default=False)
    organisation = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField(_("tên tổ chức"), max_length=300, blank=True)
    show_name = models.BooleanField(_("hiển thị tên công khai"), default=True)
    contact_kind = models.CharField(
        _("cách liên hệ"), max_length=10, choices=ContactKind.choices, blank=True
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    # One-time code for the public: only its hash is stored.
    token = models.CharField(max_length=43, unique=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    codes_sent = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(_("xác thực lúc"), null=True, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Moderation.
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(_("kiểm duyệt lúc"), null=True, blank=True)
    reject_reason = models.CharField(
        _("lý do không duyệt"), max_length=20, choices=RejectReason.choices, blank=True
    )
    moderation_note = models.TextField(_("ghi chú kiểm duyệt"), blank=True)
    # The unit's answer in the summary report.
    answer_kind = models.CharField(
        _("hình thức tiếp thu"), max_length=10, choices=AnswerKind.choices, blank=True
    )
    answer_text = models.TextField(_("nội dung tiếp thu, giải trình"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["consultation", "status"])]

    def __str__(self) -> str:
        return self.code

    def display_name(self) -> str:
        """Return the name the public sees: the organisation, the person, or "Người dân"."""
        if self.as_organisation and self.organisation_name:
            return self.organisation_name
        if not self.show_name:
            return str(_("Người dân"))
        return self.author_name

    def is_answered(self) -> bool:
        """Return whether the unit has answered this comment in the summary."""
        return bool(self.answer_kind and self.answer_text.strip())

    def target_label(self) -> str:
        """Return what the comment is about: a section's heading or the whole draft."""
        return self.section.heading if self.section_id else str(_("Toàn bộ dự thảo"))


class ConsultationEvent(models.Model):
    """A status change of a consultation or of one of its comments."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="events")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("diễn biến lấy ý kiến")
        verbose_name_plural = _("diễn biến lấy ý kiến")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.from_status}→{self.to_status}"

    def _label(self, value: str) -> str:
        choices = CommentStatus if self.comment_id else ConsultationStatus
        return str(dict(choices.choices).get(value, value))

    def summary(self) -> str:
        """Return the change in words ("Đang soạn → Đang lấy ý kiến", or "Gia hạn")."""
        if self.from_status and self.from_status == self.to_status:
            return str(_("Gia hạn"))
        to = self._label(self.to_status)
        return f"{self._label(self.from_status)} → {to}" if self.from_status else to
