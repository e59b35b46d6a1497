"""Reports (báo cáo): periods, forms and indicators, unit reports, review, provincial report."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.orgs.models import Unit
from danvan.plans.models import Item, Plan


class PeriodKind(models.TextChoices):
    ANNUAL = "annual", _("Hằng năm")
    SEMIANNUAL = "semiannual", _("6 tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    MONTHLY = "monthly", _("Hằng tháng")
    THEMATIC = "thematic", _("Chuyên đề")
    ADHOC = "adhoc", _("Đột xuất")


PERIODIC_KINDS = (
    PeriodKind.ANNUAL,
    PeriodKind.SEMIANNUAL,
    PeriodKind.QUARTERLY,
    PeriodKind.MONTHLY,
)


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang nhận báo cáo")
    CLOSED = "closed", _("Đã khóa sổ")


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    PERCENT = "percent", _("Tỷ lệ (%)")
    BOOLEAN = "boolean", _("Có/Không")
    TEXT = "text", _("Văn bản")


NUMERIC_TYPES = (ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT)


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng tổng")
    AVG = "avg", _("Trung bình")
    MIN = "min", _("Nhỏ nhất")
    MAX = "max", _("Lớn nhất")
    COUNT_TRUE = "count_true", _("Đếm số đơn vị trả lời “Có”")
    NONE = "none", _("Không tổng hợp")


class ReportForm(TimeStamped, Versioned, Archivable):
    """A report form (mẫu báo cáo): narrative sections and quantitative indicators."""

    title = models.CharField(_("tên mẫu báo cáo"), max_length=300)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_forms",
    )
    description = models.TextField(_("hướng dẫn"), blank=True)

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class FormSection(models.Model):
    """A narrative block of a form, one per task group of the plan (nhóm nhiệm vụ)."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("tiêu đề"), max_length=500)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    item = models.ForeignKey(
        Item,
        verbose_name=_("nhóm nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_sections",
    )

    class Meta:
        verbose_name = _("phần báo cáo")
        verbose_name_plural = _("phần báo cáo")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="formsection_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ActiveIndicatorManager(models.Manager["Indicator"]):
    def get_queryset(self) -> models.QuerySet[Indicator]:
        """Return the indicators still on their form."""
        return super().get_queryset().filter(archived_at__isnull=True)


class Indicator(models.Model):
    """A quantitative indicator (chỉ tiêu) of a form: type, range and how it consolidates."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="indicators")
    section = models.ForeignKey(
        FormSection,
        verbose_name=_("thuộc phần"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    code = models.CharField(_("mã chỉ tiêu"), max_length=30)
    label = models.CharField(_("tên chỉ tiêu"), max_length=500)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    value_type = models.CharField(
        _("kiểu dữ liệu"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    required = models.BooleanField(_("bắt buộc"), default=False)
    min_value = models.DecimalField(
        _("giá trị nhỏ nhất"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("giá trị lớn nhất"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=12, choices=Aggregation.choices, default=Aggregation.SUM
    )
    # A dotted key ("petitions.received") naming the module that can compute the figure.
    computed_source = models.CharField(_("nguồn tự động"), max_length=100, blank=True)
    computed_note = models.CharField(_("ghi chú cách tính"), max_length=500, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    archived_at = models.DateTimeField(_("gỡ khỏi mẫu lúc"), null=True, blank=True)

    # Removed indicators stay in the database (nothing is hard-deleted) but leave the form;
    # values and comments that point at one still reach it through the base manager.
    objects = ActiveIndicatorManager()
    all_objects = models.Manager()  # noqa: DJ012 (a manager, not a field)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "code"],
                condition=models.Q(archived_at__isnull=True),
                name="indicator_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="indicator_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def is_computed(self) -> bool:
        """Return whether another module can compute this indicator's figure."""
        return bool(self.computed_source)

    def is_numeric(self) -> bool:
        """Return whether the indicator holds a number (integer, decimal or percent)."""
        return self.value_type in NUMERIC_TYPES


class ReportPeriod(TimeStamped, Versioned, Archivable):
    """A reporting period (kỳ báo cáo) with its data window per Nghị định 09/2019, Art. 12."""

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_periods",
    )
    kind = models.CharField(_("loại kỳ báo cáo"), max_length=12, choices=PeriodKind.choices)
    year = models.PositiveIntegerField(_("năm"))
    # Half 1-2, quarter 1-4 or month 1-12; empty for annual, thematic and ad hoc reports.
    index = models.PositiveSmallIntegerField(_("kỳ"), null=True, blank=True)
    title = models.CharField(_("tên kỳ báo cáo"), max_length=300)
    starts_on = models.DateField(_("số liệu từ ngày"))
    ends_on = models.DateField(_("số liệu đến ngày"))
    due_on = models.DateField(_("hạn nộp"), null=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(
        _("nhắc trước (ngày làm việc)"), default=3
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT
    )
    form = models.ForeignKey(
        ReportForm, verbose_name=_("mẫu báo cáo"), on_delete=models.PROTECT, related_name="periods"
    )

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "-ends_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_window"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self) -> bool:
        """Return whether units may write and submit reports for this period."""
        return self.status == PeriodStatus.OPEN and not self.is_archived

    def is_late_on(self, day: dt.date) -> bool:
        """Return whether a submission on `day` is after the due date."""
        return self.due_on is not None and day > self.due_on


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại để chỉnh sửa")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class UnitReport(TimeStamped, Versioned, Archivable):
    """One unit's report for one period; edited by the unit, reviewed by the coordinator."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # The first submission decides timeliness: a report returned and resubmitted stays on time.
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField(_("nộp muộn"), default=False)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    revision_count = models.PositiveIntegerField(_("số lần gửi"), default=0)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=Q(archived_at__isnull=True),
                name="unitreport_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    def is_editable(self) -> bool:
        """Return whether the unit may still edit the report (draft or returned)."""
        return self.status in EDITABLE_STATUSES and not self.is_archived

    def was_submitted(self) -> bool:
        """Return whether the report has left the unit at least once."""
        return self.status != ReportStatus.DRAFT


class SectionAnswer(models.Model):
    """The unit's narrative for one section: done, results, shortcomings and causes, proposals."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(FormSection, on_delete=models.PROTECT, related_name="answers")
    done = models.TextField(_("công việc đã triển khai"), blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)

    class Meta:
        verbose_name = _("nội dung báo cáo theo phần")
        verbose_name_plural = _("nội dung báo cáo theo phần")
        ordering = ["section__position", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="answer_unique")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.section_id}"

    def is_empty(self) -> bool:
        """Return whether none of the four parts has been written."""
        return not (self.done or self.results or self.shortcomings or self.proposals)


ANSWER_FIELDS = ("done", "results", "shortcomings", "proposals")


class ValueSource(models.TextChoices):
    MANUAL = "manual", _("Nhập tay")
    COMPUTED = "computed", _("Tự động")


class IndicatorValue(models.Model):
    """A unit's figure for one indicator, with where it came from."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    number = models.DecimalField(_("số liệu"), max_digits=20, decimal_places=4, null=True)
    text = models.TextField(_("nội dung"), blank=True)
    boolean = models.BooleanField(_("có/không"), null=True)
    source = models.CharField(
        _("nguồn"), max_length=10, choices=ValueSource.choices, default=ValueSource.MANUAL
    )
    source_detail = models.CharField(_("chi tiết nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["indicator__position", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="value_unique")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.indicator_id}={self.display()}"

    def raw(self, value_type: str | None = None) -> Any:
        """Return the stored value as Python: Decimal, bool, str, or None when empty."""
        kind = value_type or self.indicator.value_type
        if kind == ValueType.BOOLEAN:
            return self.boolean
        if kind == ValueType.TEXT:
            return self.text or None
        return self.number

    def display(self, value_type: str | None = None) -> str:
        """Return the value as shown to people ("1.250", "87,5", "Có"), or "" when empty."""
        return format_value(self.raw(value_type), value_type or self.indicator.value_type)


def format_value(value: Any, value_type: str) -> str:
    """Return a value formatted the Vietnamese way: 1.250 and 87,5; "Có"/"Không" for yes/no."""
    if value is None or value == "":
        return ""
    if value_type == ValueType.BOOLEAN:
        return str(_("Có")) if value else str(_("Không"))
    if isinstance(value, decimal.Decimal | int | float):
        number = decimal.Decimal(str(value))
        if value_type == ValueType.INTEGER or number == number.to_integral_value():
            text = f"{number.to_integral_value():,.0f}"
        else:
            text = f"{number.quantize(decimal.Decimal('0.01')).normalize():,f}"
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return str(value)


class ReportRevision(models.Model):
    """A frozen copy of everything a unit submitted, kept for every submission."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("lần gửi"))
    # {"answers": {section_code: {done, results, shortcomings, proposals}},
    #  "values": {indicator_code: {"value": str|bool|None, "source": ..., "detail": ...}}}
    snapshot = models.JSONField(_("nội dung đã gửi"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("lần gửi báo cáo")
        verbose_name_plural = _("lần gửi báo cáo")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="revision_unique")]

    def __str__(self) -> str:
        return f"{self.report_id} #{self.number}"


class ReportComment(models.Model):
    """A reviewer's comment on one revision: on the whole report, a section or an indicator."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="comments")
    revision = models.PositiveIntegerField(_("lần gửi"))
    section = models.ForeignKey(
        FormSection, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("ý kiến"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến thẩm định")
        verbose_name_plural = _("ý kiến thẩm định")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


def report_evidence_path(instance: ReportEvidence, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"report-evidence/{instance.report_id}/{instance.token}{instance.extension}"


class ReportEvidence(TimeStamped, Archivable):
    """A file attached to a unit report; downloaded only through a permission-checking view."""

    report = models.ForeignKey(UnitReport, on_delete=models.PROTECT, related_name="evidence")
    section = models.ForeignKey(
        FormSection, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=10)
    file = models.FileField(upload_to=report_evidence_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tài liệu kèm báo cáo")
        verbose_name_plural = _("tài liệu kèm báo cáo")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(models.Model):
    """A status change of a unit report, with the reviewer's comment."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


class ProvincialReport(TimeStamped, Versioned):
    """The consolidated report (báo cáo tổng hợp) of a period, as the coordinator edits it."""

    period = models.OneToOneField(
        ReportPeriod, on_delete=models.PROTECT, related_name="provincial_report"
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)  # "123/BC-UBND"
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True)
    # {section_code: final text}; the key "_intro" and "_conclusion" hold the opening and closing.
    narrative = models.JSONField(_("nội dung"), default=dict, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")

    def __str__(self) -> str:
        return self.symbol or str(self.period)
