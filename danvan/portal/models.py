"""Models of the public portal: submissions and their idempotency keys, challenges, counters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStamped


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Đang xử lý")
    DONE = "done", _("Đã chuyển thành hồ sơ")
    FAILED = "failed", _("Lỗi, chờ cán bộ xử lý")


class PortalSubmission(TimeStamped):
    """One form submission from the portal (đơn gửi qua cổng), keyed by its idempotency key.

    The row is committed before the case is created, with everything the citizen typed in
    `payload` and the files as `PortalAttachment` rows, so a failure on the way loses nothing:
    staff see failed rows in the admin and `danvan portal_retry` turns them into cases.
    Once the case exists the payload and files are dropped (they live on in the case).
    """

    idempotency_key = models.CharField(_("khóa chống gửi trùng"), max_length=64, unique=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.PENDING,
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan nhận"),
        on_delete=models.PROTECT,
        related_name="portal_submissions",
    )
    payload = models.JSONField(_("nội dung đã nhập"), default=dict, blank=True)
    # Keyed hash of the content, kept after the payload is cleared: a replay with the same key
    # but other content is refused instead of showing this submission's receipt.
    payload_digest = models.CharField(max_length=64, blank=True, editable=False)
    error = models.TextField(_("lỗi gặp phải"), blank=True)
    attempts = models.PositiveIntegerField(_("số lần xử lý"), default=0)
    case = models.OneToOneField(
        "petitions.Case",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_submission",
    )
    tracking_code = models.CharField(_("mã tra cứu"), max_length=40, blank=True)
    # The case's secret, sealed (Fernet) for a short while so that a retried or double-clicked
    # submission can show it again; wiped by `portal_cleanup` after `secret_until`.
    secret_sealed = models.TextField(blank=True, editable=False)
    secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    received_at = models.DateTimeField(_("nhận lúc"))

    class Meta:
        verbose_name = _("đơn gửi qua cổng")
        verbose_name_plural = _("đơn gửi qua cổng")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="portal_sub_status_idx")]

    def __str__(self) -> str:
        return self.tracking_code or f"#{self.pk} ({self.get_status_display()})"

    def is_done(self) -> bool:
        """Return whether the submission has become a case."""
        return self.status == SubmissionStatus.DONE


class PortalAttachment(models.Model):
    """A checked (images re-encoded) file kept with a submission until its case exists."""

    submission = models.ForeignKey(
        PortalSubmission, on_delete=models.CASCADE, related_name="attachments"
    )
    token = models.CharField(max_length=32, unique=True)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("dung lượng"))
    file = models.FileField(upload_to="portal/%Y/%m/")

    class Meta:
        verbose_name = _("tệp gửi qua cổng")
        verbose_name_plural = _("tệp gửi qua cổng")

    def __str__(self) -> str:
        return self.original_name


class ChallengeUse(models.Model):
    """A challenge that was spent: its nonce may never be used again (until it expires)."""

    nonce = models.CharField(max_length=32, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("thử thách chống gửi tự động đã dùng")
        verbose_name_plural = _("thử thách chống gửi tự động đã dùng")

    def __str__(self) -> str:
        return self.nonce


class RateCounter(models.Model):
    """Hits of one client address (stored as a keyed hash) on one action in a fixed window."""

    scope = models.CharField(max_length=20)
    client = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm giới hạn truy cập")
        verbose_name_plural = _("bộ đếm giới hạn truy cập")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window_start"], name="portal_rate_unique_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} {self.hits}"
