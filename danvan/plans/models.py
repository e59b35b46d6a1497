"""Plans (kế hoạch), their outline and tasks, assignments, unit plans, progress, difficulties."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.orgs.models import Unit, UnitGroup


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(TimeStamped, Versioned, Archivable):
    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=10, default="KH")
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    year = models.PositiveIntegerField(_("năm"))
    preamble = models.TextField(_("phần mở đầu"), blank=True)
    legal_bases = models.JSONField(_("căn cứ"), default=list, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    signer_authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
    )
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.symbol} – {self.title[:80]}" if self.symbol else self.title[:100]

    def reference_date(self, today: dt.date) -> dt.date:
        """Return the day whose unit map applies to this plan: today, or the end of a past year.

        A 2024 plan is carried out by the units of 2024 even after the 2025 reorganisation.
        """
        return min(today, dt.date(self.year, 12, 31))


class Section(models.Model):
    """A Roman-numeral part of a plan (I. MỤC ĐÍCH, YÊU CẦU; II. NHIỆM VỤ, GIẢI PHÁP; ...)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    numeral = models.CharField(_("số La Mã"), max_length=10)
    title = models.CharField(_("tiêu đề"), max_length=300)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phần")
        verbose_name_plural = _("phần")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.numeral}. {self.title}"


class Item(models.Model):
    """A numbered item inside a section; in section II each item is a task group."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(_("số thứ tự"), max_length=10, blank=True)
    title = models.TextField(_("tiêu đề"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mục")
        verbose_name_plural = _("mục")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Task(TimeStamped, Versioned, Archivable):
    item = models.ForeignKey(
        Item, verbose_name=_("nhóm nhiệm vụ"), on_delete=models.PROTECT, related_name="tasks"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks")
    code = models.CharField(_("mã"), max_length=30)
    title = models.CharField(_("tên nhiệm vụ"), max_length=300)
    description = models.TextField(_("nội dung"), blank=True)
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    ongoing = models.BooleanField(_("thường xuyên"), default=False)
    expected_outputs = models.TextField(_("sản phẩm dự kiến"), blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="task_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def due_label(self) -> str:
        """Return the deadline as shown to users: a date or "Thường xuyên"."""
        if self.due_date:
            return self.due_date.strftime("%d/%m/%Y")
        return str(_("Thường xuyên")) if self.ongoing else "—"


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")
    GUIDE_MONITOR = "guide_monitor", _("Hướng dẫn, theo dõi, kiểm tra")
    CONSOLIDATE_REPORT = "consolidate_report", _("Tổng hợp, báo cáo")


class Responsibility(models.Model):
    """Who does what under "Tổ chức thực hiện"; targets resolve the actor text to units/groups."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    actor = models.CharField(_("chủ thể"), max_length=300)
    role = models.CharField(_("vai trò"), max_length=20, choices=ResponsibilityRole.choices)
    text = models.TextField(_("nội dung"), blank=True)
    units = models.ManyToManyField(Unit, blank=True, related_name="+")
    groups = models.ManyToManyField(UnitGroup, blank=True, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("trách nhiệm")
        verbose_name_plural = _("trách nhiệm")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.actor}: {self.get_role_display()}"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class Assignment(TimeStamped, Archivable):
    """A task given to one unit; the latest progress is denormalised for dashboards."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=AssignmentRole.choices)
    via_group = models.ForeignKey(
        UnitGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    last_progress_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")
        ordering = ["task__position", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit"],
                condition=Q(archived_at__isnull=True),
                name="assignment_unique_active",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="assignment_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} → {self.unit}"

    def is_overdue(self, today: dt.date) -> bool:
        """Return whether the task's deadline has passed without the unit finishing it."""
        due = self.task.due_date
        return due is not None and due < today and self.status != ProgressStatus.DONE


class ProgressUpdate(TimeStamped):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(_("tình trạng"), max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"))
    narrative = models.TextField(_("kết quả thực hiện"))
    reported_on = models.DateField(_("ngày báo cáo"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-reported_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_pct")]

    def __str__(self) -> str:
        return f"{self.assignment} {self.reported_on} {self.percent}%"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"evidence/{instance.assignment_id}/{instance.token}{instance.extension}"


class Evidence(TimeStamped, Archivable):
    """A file attached as evidence; downloaded only through a permission-checking view."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="evidence")
    update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=10)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class UnitPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã trình")
    ACCEPTED = "accepted", _("Đã chấp thuận")
    RETURNED = "returned", _("Trả lại để chỉnh sửa")


class UnitPlan(TimeStamped, Versioned, Archivable):
    """A unit's own implementation plan (kế hoạch triển khai) for a parent plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="unit_plans")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="unit_plans")
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    summary = models.TextField(_("nội dung chính"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=UnitPlanStatus.choices, default="draft"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("ý kiến thẩm định"), blank=True)

    class Meta:
        verbose_name = _("kế hoạch triển khai")
        verbose_name_plural = _("kế hoạch triển khai")
        ordering = ["plan", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                condition=Q(archived_at__isnull=True),
                name="unitplan_unique_active",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_editable(self) -> bool:
        """Return whether the unit may still edit the plan (draft or returned)."""
        return self.status in {UnitPlanStatus.DRAFT, UnitPlanStatus.RETURNED}


class Activity(TimeStamped, Archivable):
    unit_plan = models.ForeignKey(UnitPlan, on_delete=models.CASCADE, related_name="activities")
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("hoạt động"), max_length=300)
    owner = models.CharField(_("bộ phận, người thực hiện"), max_length=200, blank=True)
    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["task__position", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="activity_dates",
            )
        ]

    def __str__(self) -> str:
        return self.title


class UnitPlanEvent(models.Model):
    """A status change of a unit plan, with the reviewer's comment."""

    unit_plan = models.ForeignKey(UnitPlan, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, choices=UnitPlanStatus.choices)
    to_status = models.CharField(max_length=12, choices=UnitPlanStatus.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.unit_plan_id}: {self.from_status} → {self.to_status}"


class DifficultyStatus(models.TextChoices):
    OPEN = "open", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")


class Difficulty(TimeStamped, Versioned, Archivable):
    """A difficulty (khó khăn, vướng mắc) a unit raises on a task; the coordinator answers it."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="difficulties"
    )
    text = models.TextField(_("nội dung khó khăn, vướng mắc"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DifficultyStatus.choices, default="open"
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khó khăn, vướng mắc")
        verbose_name_plural = _("khó khăn, vướng mắc")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]
