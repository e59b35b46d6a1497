"""Reform indices (PAR INDEX, PCI, SIPAS, PAPI): components, yearly scores, targets, imports."""

from __future__ import annotations

import decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.orgs.models import Unit


class IndexKind(models.Model):
    """One of the four indices; its components are `SubIndex` rows (seeded by a migration)."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=30)
    name = models.CharField(_("tên chỉ số"), max_length=200)
    publisher = models.CharField(_("cơ quan công bố"), max_length=300, blank=True)
    scale_max = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2)
    score_unit = models.CharField(_("đơn vị điểm"), max_length=30, default="điểm")
    position = models.PositiveSmallIntegerField(default=0)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)

    class Meta:
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("bộ chỉ số")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.short_name


class SubIndex(models.Model):
    """A component of an index (a PAPI dimension, a PCI sub-index, a PAR INDEX field...)."""

    kind = models.ForeignKey(IndexKind, on_delete=models.PROTECT, related_name="sub_indices")
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên chỉ số thành phần"), max_length=300)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)

    class Meta:
        verbose_name = _("chỉ số thành phần")
        verbose_name_plural = _("chỉ số thành phần")
        ordering = ["kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="subindex_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind.short_name} · {self.name}"


class EntrySource(models.TextChoices):
    MANUAL = "manual", _("Nhập tay")
    IMPORT = "import", _("Nhập từ tệp")


class IndexScore(TimeStamped, Versioned, Archivable):
    """The published result of one index for one province in one year."""

    kind = models.ForeignKey(IndexKind, on_delete=models.PROTECT, related_name="scores")
    unit = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="index_scores"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    score = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2, null=True, blank=True)
    national_rank = models.PositiveSmallIntegerField(_("xếp hạng toàn quốc"), null=True, blank=True)
    source = models.CharField(
        _("nguồn nhập"), max_length=10, choices=EntrySource.choices, default=EntrySource.MANUAL
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score_import = models.ForeignKey(
        "ScoreImport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kết quả chỉ số")
        verbose_name_plural = _("kết quả chỉ số")
        ordering = ["kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "unit", "year"],
                condition=Q(archived_at__isnull=True),
                name="indexscore_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind.short_name} {self.year}: {self.score}"


class SubIndexScore(TimeStamped):
    """The score of one component in one year's result."""

    result = models.ForeignKey(IndexScore, on_delete=models.CASCADE, related_name="sub_scores")
    sub_index = models.ForeignKey(SubIndex, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2)
    national_rank = models.PositiveSmallIntegerField(_("xếp hạng toàn quốc"), null=True, blank=True)

    class Meta:
        verbose_name = _("điểm chỉ số thành phần")
        verbose_name_plural = _("điểm chỉ số thành phần")
        ordering = ["sub_index__position"]
        constraints = [
            models.UniqueConstraint(fields=["result", "sub_index"], name="subscore_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sub_index.code}: {self.score}"

    def share(self) -> decimal.Decimal:
        """Return the score as a share of the component's maximum (0..1)."""
        return self.score / self.sub_index.max_score if self.sub_index.max_score else self.score


class IndexTarget(TimeStamped, Versioned):
    """The province's target for an index in a year (score and, optionally, rank)."""

    kind = models.ForeignKey(IndexKind, on_delete=models.PROTECT, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="index_targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    target_score = models.DecimalField(
        _("điểm mục tiêu"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    target_rank = models.PositiveSmallIntegerField(_("thứ hạng mục tiêu"), null=True, blank=True)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("mục tiêu chỉ số")
        verbose_name_plural = _("mục tiêu chỉ số")
        ordering = ["kind", "year"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "year"], name="indextarget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind.short_name} {self.year} → {self.target_score}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Chờ xác nhận")
    APPLIED = "applied", _("Đã áp dụng")
    DISCARDED = "discarded", _("Đã hủy")


def import_path(instance: ScoreImport, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"indices/imports/{instance.token}{instance.extension}"


class ScoreImport(TimeStamped):
    """One uploaded spreadsheet of scores: its file, the parsed preview and what was applied."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=10, blank=True)
    file = models.FileField(upload_to=import_path, max_length=200, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    rows = models.JSONField(_("các dòng"), default=list)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportStatus.choices, default="previewed"
    )
    counts = models.JSONField(default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập điểm chỉ số")
        verbose_name_plural = _("lần nhập điểm chỉ số")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name or f"#{self.pk}"

    def error_count(self) -> int:
        """Return how many rows of the preview have an error."""
        return sum(1 for r in self.rows if r.get("status") == "error")


class RemedialLink(TimeStamped, Archivable):
    """A plan task meant to lift a weak component of an index in a province."""

    sub_index = models.ForeignKey(SubIndex, on_delete=models.PROTECT, related_name="remedies")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(
        "plans.Task", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nhiệm vụ khắc phục")
        verbose_name_plural = _("nhiệm vụ khắc phục")
        ordering = ["sub_index__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_index", "unit", "task"],
                condition=Q(archived_at__isnull=True),
                name="remedial_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sub_index.code} → {self.task_id}"
