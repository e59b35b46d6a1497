"""Shared model pieces: the audit trail and base classes for versioned, archivable records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record edited by several people; `version` grows by one on every save by a service."""

    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        abstract = True


class Archivable(models.Model):
    """Nothing is hard-deleted: records are archived instead."""

    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        """Return whether the record has been archived."""
        return self.archived_at is not None


ACTION_LABELS = {
    "plan.create": _("Tạo kế hoạch"),
    "plan.update": _("Sửa kế hoạch"),
    "plan.issue": _("Ban hành kế hoạch"),
    "plan.close": _("Kết thúc kế hoạch"),
    "section.add": _("Thêm phần"),
    "item.add": _("Thêm mục"),
    "section.update": _("Sửa phần"),
    "section.remove": _("Xóa phần"),
    "item.update": _("Sửa mục"),
    "item.remove": _("Xóa mục"),
    "plan.outline_standard": _("Tạo khung kế hoạch theo Chỉ thị 33"),
    "task.create": _("Tạo nhiệm vụ"),
    "task.update": _("Sửa nhiệm vụ"),
    "assignment.create": _("Giao nhiệm vụ"),
    "assignment.archive": _("Thu hồi giao nhiệm vụ"),
    "assignment.carry_over": _("Chuyển nhiệm vụ cho đơn vị kế thừa"),
    "progress.add": _("Cập nhật tiến độ"),
    "evidence.add": _("Thêm minh chứng"),
    "evidence.archive": _("Gỡ minh chứng"),
    "unit_plan.create": _("Lập kế hoạch triển khai"),
    "unit_plan.update": _("Sửa kế hoạch triển khai"),
    "unit_plan.submitted": _("Trình kế hoạch triển khai"),
    "unit_plan.accepted": _("Chấp thuận kế hoạch triển khai"),
    "unit_plan.returned": _("Trả lại kế hoạch triển khai"),
    "activity.add": _("Thêm hoạt động"),
    "activity.archive": _("Bỏ hoạt động"),
    "difficulty.raise": _("Nêu khó khăn, vướng mắc"),
    "difficulty.answer": _("Trả lời khó khăn, vướng mắc"),
    "unit.create": _("Tạo đơn vị"),
    "unit.update": _("Sửa đơn vị"),
    "unit.dissolve": _("Kết thúc hoạt động đơn vị"),
    "group.set_members": _("Cập nhật thành viên nhóm"),
    "role.grant": _("Cấp vai trò"),
    "role.revoke": _("Thu hồi vai trò"),
    "role.update": _("Sửa vai trò"),
    "token.create": _("Tạo khóa API"),
    "token.revoke": _("Thu hồi khóa API"),
    "profile.update": _("Sửa tùy chọn"),
    "day_override.create": _("Thêm ngày nghỉ, ngày làm bù"),
    "day_override.update": _("Sửa ngày nghỉ, ngày làm bù"),
    "day_override.archive": _("Bỏ ngày nghỉ, ngày làm bù"),
    "deadline_rule.create": _("Thêm quy định thời hạn"),
    "deadline_rule.update": _("Sửa quy định thời hạn"),
    "deadline_rule.archive": _("Bỏ quy định thời hạn"),
    "report_period.create": _("Tạo kỳ báo cáo"),
    "report_period.update": _("Sửa kỳ báo cáo"),
    "report_period.open": _("Mở kỳ báo cáo"),
    "report_period.close": _("Khóa sổ kỳ báo cáo"),
    "report_form.create": _("Tạo mẫu báo cáo"),
    "report_indicator.add": _("Thêm chỉ tiêu báo cáo"),
    "report_indicator.update": _("Sửa chỉ tiêu báo cáo"),
    "report_indicator.archive": _("Gỡ chỉ tiêu báo cáo"),
    "unit_report.create": _("Lập báo cáo của đơn vị"),
    "unit_report.save": _("Lưu báo cáo của đơn vị"),
    "unit_report.compute": _("Cập nhật số liệu tự động của báo cáo"),
    "unit_report.submit": _("Gửi báo cáo"),
    "unit_report.return": _("Trả lại báo cáo để chỉnh sửa"),
    "unit_report.accept": _("Tiếp nhận báo cáo"),
    "report_evidence.add": _("Thêm tài liệu kèm báo cáo"),
    "report_evidence.archive": _("Gỡ tài liệu kèm báo cáo"),
    "provincial_report.save": _("Lưu báo cáo tổng hợp"),
}


def register_action_labels(labels: dict[str, Any]) -> None:
    """Add a domain app's audit action labels (called from its AppConfig.ready)."""
    clash = {k for k, v in labels.items() if k in ACTION_LABELS and ACTION_LABELS[k] != v}
    if clash:
        raise ValueError(f"audit actions registered twice: {sorted(clash)}")
    ACTION_LABELS.update(labels)


class AuditEvent(models.Model):
    """One recorded change: who did what to which record, with the fields before and after."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=64)
    object_type = models.CharField(_("loại bản ghi"), max_length=64, db_index=True)
    object_id = models.CharField(_("mã bản ghi"), max_length=64, db_index=True)
    object_repr = models.CharField(_("bản ghi"), max_length=300, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def action_label(self) -> str:
        """Return the action in words for people ("Giao nhiệm vụ"), or its code if unknown."""
        return str(ACTION_LABELS.get(self.action, self.action))

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """Return (field, before, after) for every field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
