"""Imports of plan documents (nhập văn bản) and the registry of cited legal documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xử lý")
    RUNNING = "running", _("Đang đọc tệp")
    READY = "ready", _("Chờ rà soát")
    FAILED = "failed", _("Không đọc được")
    DRAFTED = "drafted", _("Đã tạo dự thảo")


def import_path(instance: ImportJob, filename: str) -> str:
    """Return a private storage path that never uses the uploaded name."""
    return f"imports/{instance.token}{instance.extension}"


class ImportJob(TimeStamped, Versioned, Archivable):
    """One uploaded plan file, what was read from it, and the draft plan made from it."""

    token = models.CharField(max_length=32, unique=True)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    file = models.FileField(upload_to=import_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    kind = models.CharField(_("cách đọc"), max_length=20, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), default=0)
    ocr = models.BooleanField(_("nhận dạng chữ (OCR)"), default=False)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    extracted_text = models.TextField(_("văn bản gốc"), blank=True)
    restored_text = models.TextField(_("văn bản đã phục hồi"), blank=True)
    damage_ratio = models.FloatField(_("tỷ lệ từ hỏng"), null=True, blank=True)
    repaired = models.BooleanField(_("đã phục hồi dấu"), default=False)
    uncertain = models.JSONField(_("từ chưa chắc chắn"), default=list, blank=True)
    parsed = models.JSONField(_("cấu trúc đọc được"), default=dict, blank=True)
    structure = models.JSONField(_("cấu trúc đã rà soát"), default=dict, blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("dự thảo kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    # Set by the reader at the claim and at every page: a reading whose heartbeat stopped long
    # ago was cut off (a server stopped) and may be read again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Random token of the current reading; a reading that was put back in the queue and read
    # again no longer holds it, so it cannot overwrite the newer result.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập văn bản")
        verbose_name_plural = _("lần nhập văn bản")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=Q(archived_at__isnull=True),
                name="importjob_sha256_unique_active",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def is_done(self) -> bool:
        """Return whether reading the file has finished (well or badly)."""
        return self.status not in {ImportStatus.PENDING, ImportStatus.RUNNING}

    def percent(self) -> int:
        """Return the reading progress in percent."""
        if self.is_done():
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))


class ImportEvent(models.Model):
    """A status change of an import job."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=10, choices=ImportStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ImportStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.from_status} → {self.to_status}"


class DocumentFamily(models.TextChoices):
    STATE = "state", _("Văn bản của cơ quan nhà nước")
    PARTY = "party", _("Văn bản của Đảng")
    LAW = "law", _("Luật, bộ luật")


class LegalDocument(TimeStamped, Versioned, Archivable):
    """A document cited by plans, recorded once under its canonical reference."""

    key = models.CharField(max_length=200, unique=True)
    family = models.CharField(_("nhóm"), max_length=10, choices=DocumentFamily.choices)
    doc_type = models.CharField(_("loại văn bản"), max_length=60, blank=True)
    number = models.CharField(_("số"), max_length=30, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    full_ref = models.CharField(_("số, ký hiệu"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    url = models.URLField(_("đường dẫn văn bản chính thức"), max_length=500, blank=True)
    flags = models.JSONField(_("cần kiểm tra"), default=list, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("văn bản pháp lý")
        verbose_name_plural = _("văn bản pháp lý")
        ordering = ["-issued_on", "full_ref"]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.full_ref}".strip()

    def label(self) -> str:
        """Return the reference as written in a plan: "Chỉ thị số 33/CT-TTg ngày 26/11/2021"."""
        if self.family == DocumentFamily.LAW and not self.full_ref[:1].isdigit():
            return self.full_ref
        text = f"{self.doc_type} số {self.full_ref}" if self.doc_type else self.full_ref
        if self.issued_on:
            text += f" ngày {self.issued_on:%d/%m/%Y}"
        if self.issuer:
            text += f" của {self.issuer}"
        return text


class Citation(TimeStamped):
    """One place where a plan cites a registry document."""

    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="citations")
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="citations")
    job = models.ForeignKey(
        ImportJob, null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    section = models.CharField(_("phần"), max_length=10, blank=True)
    item = models.CharField(_("mục"), max_length=10, blank=True)
    mention = models.TextField(_("đoạn trích dẫn"), blank=True)
    offset = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("trích dẫn")
        verbose_name_plural = _("trích dẫn")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "document", "offset"], name="citation_unique_mention"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} → {self.document}"

    def where(self) -> str:
        """Return the place in the plan: "Phần II, mục 1"."""
        if self.section and self.item:
            return f"Phần {self.section}, mục {self.item}"
        if self.section:
            return f"Phần {self.section}"
        return "Phần mở đầu"
