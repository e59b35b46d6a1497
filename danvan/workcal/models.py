"""Government decisions on days off and make-up working days, and statutory deadline rules."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.lib import deadlines, workcal


class OverrideKind(models.TextChoices):
    DAY_OFF = workcal.DAY_OFF, _("Ngày nghỉ")
    WORKDAY = workcal.WORKDAY, _("Ngày làm việc (làm bù)")


class DayUnit(models.TextChoices):
    WORKING = deadlines.WORKING, _("ngày làm việc")
    CALENDAR = deadlines.CALENDAR, _("ngày (theo lịch)")


class DayOverride(TimeStamped, Archivable):
    """A day the government declared off, or a Saturday declared a make-up working day."""

    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=16, choices=OverrideKind.choices)
    basis = models.CharField(
        _("căn cứ"),
        max_length=500,
        help_text=_("Văn bản quyết định: số, ký hiệu, ngày, cơ quan ban hành."),
    )
    scope = models.CharField(
        _("phạm vi"),
        max_length=20,
        default=workcal.NATIONAL,
        help_text=_("«national» cho cả nước, hoặc mã tỉnh nếu chỉ áp dụng cho một tỉnh."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["-date", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "scope"],
                condition=Q(archived_at__isnull=True),
                name="dayoverride_one_active_per_date_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()} ({self.scope})"

    def as_override(self) -> workcal.Override:
        """Return the row as the calendar's plain override value."""
        return workcal.Override(
            date=self.date,
            kind=workcal.DAY_OFF if self.kind == OverrideKind.DAY_OFF else workcal.WORKDAY,
            basis=self.basis,
            scope=self.scope,
        )


class DeadlineRuleVersion(TimeStamped, Versioned, Archivable):
    """One version of a statutory time limit, editable by an administrator."""

    code = models.CharField(_("mã"), max_length=64, db_index=True)
    step = models.CharField(_("bước xử lý"), max_length=200)
    days = models.PositiveIntegerField(_("số ngày"))
    unit = models.CharField(_("đơn vị tính"), max_length=16, choices=DayUnit.choices)
    trigger = models.CharField(
        _("tính từ"), max_length=200, help_text=_("Sự kiện bắt đầu tính thời hạn.")
    )
    days_complex = models.PositiveIntegerField(
        _("số ngày, vụ việc phức tạp"), null=True, blank=True
    )
    days_remote = models.PositiveIntegerField(
        _("số ngày, vùng sâu, vùng xa"), null=True, blank=True
    )
    days_complex_remote = models.PositiveIntegerField(
        _("số ngày, phức tạp ở vùng sâu, vùng xa"), null=True, blank=True
    )
    extension_days = models.PositiveIntegerField(_("số ngày mỗi lần gia hạn"), default=0)
    max_extensions = models.PositiveIntegerField(_("số lần gia hạn tối đa"), default=0)
    extensions_for_complex = models.PositiveIntegerField(
        _("số lần gia hạn cho vụ việc phức tạp"),
        null=True,
        blank=True,
        help_text=_(
            "Để trống nếu mọi vụ việc đều được gia hạn; nếu điền, chỉ vụ việc phức tạp được gia "
            "hạn chừng ấy lần và vụ việc đặc biệt phức tạp được gia hạn số lần tối đa."
        ),
    )
    basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        ordering = ["code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="deadlinerule_valid_range",
            )
        ]

    def __str__(self) -> str:
        since = f" từ {self.valid_from:%d/%m/%Y}" if self.valid_from else ""
        return f"{self.code}{since}"

    def variants(self) -> dict[str, int]:
        """Return the longer periods for complex cases and remote areas that are set."""
        pairs = (
            ("complex", self.days_complex),
            ("remote", self.days_remote),
            ("complex_remote", self.days_complex_remote),
        )
        return {key: days for key, days in pairs if days is not None}

    def to_rule(self) -> deadlines.DeadlineRule:
        """Return the row as a rule the deadline engine computes with."""
        return deadlines.DeadlineRule(
            code=self.code,
            step=self.step,
            days=self.days,
            unit=deadlines.WORKING if self.unit == DayUnit.WORKING else deadlines.CALENDAR,
            trigger=self.trigger,
            basis=self.basis,
            variants=self.variants(),
            extension_days=self.extension_days,
            max_extensions=self.max_extensions,
            extensions_for_complex=self.extensions_for_complex,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            note=self.note,
        )
