"""Writes on the calendar overrides and the deadline rules; administrators only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError
from danvan.core.locking import lock_for_edit
from danvan.core.models import ACTION_LABELS
from danvan.lib import workcal
from danvan.lib.deadlines import DeadlineError, versions_overlap
from danvan.lib.vntext import nfc, short_date

from . import selectors
from .models import DayOverride, DeadlineRuleVersion, OverrideKind

OVERRIDE_FIELDS = ("date", "kind", "basis", "scope")
RULE_FIELDS = (
    "code",
    "step",
    "days",
    "unit",
    "trigger",
    "days_complex",
    "days_remote",
    "days_complex_remote",
    "extension_days",
    "max_extensions",
    "extensions_for_complex",
    "basis",
    "note",
    "valid_from",
    "valid_to",
)
_SCOPE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,19}")
_CODE = re.compile(r"[a-z][a-z0-9-]{1,63}")


def _require_admin(by: Any) -> None:
    require(actor_for(by).is_admin)


def _clean(value: Any) -> Any:
    return nfc(value).strip() if isinstance(value, str) else value


# Modules that store due dates computed from the calendar or the rules (petition cases)
# subscribe here to recompute them: called after the change is committed, with its reason.
ChangeListener = Callable[..., object]
_LISTENERS: list[ChangeListener] = []


def calendar_change_subscribe(listener: ChangeListener) -> None:
    """Call `listener(reason=..., by=..., dates=..., rule_codes=...)` after every committed
    calendar or rule change.

    `dates` are the days whose status changed (a day off added, moved or withdrawn) and
    `rule_codes` the rules that changed; the other is None. Only deadlines that count across
    one of those days, or that follow one of those rules, can move.
    """
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _after_commit_clear(
    reason: str = "",
    by: Any = None,
    *,
    dates: list[dt.date] | None = None,
    rule_codes: list[str] | None = None,
) -> None:
    def _run() -> None:
        selectors.caches_clear()
        for listener in list(_LISTENERS):
            listener(reason=reason, by=by, dates=dates, rule_codes=rule_codes)

    transaction.on_commit(_run)


def _check_override(override: DayOverride) -> None:
    if override.kind not in OverrideKind.values:
        raise ApplicationError(_("Loại ngày không hợp lệ."), field="kind")
    if not isinstance(override.date, dt.date):
        raise ApplicationError(_("Hãy nhập ngày."), field="date")
    if not workcal.FIRST_YEAR <= override.date.year <= workcal.LAST_YEAR:
        raise ApplicationError(
            _("Chỉ nhận các ngày từ năm %(first)s đến năm %(last)s.")
            % {"first": workcal.FIRST_YEAR, "last": workcal.LAST_YEAR},
            field="date",
        )
    if not override.basis:
        raise ApplicationError(
            _("Hãy ghi căn cứ (số, ký hiệu, ngày của văn bản quyết định)."), field="basis"
        )
    override.scope = (override.scope or workcal.NATIONAL).strip()
    if override.scope != workcal.NATIONAL:
        override.scope = override.scope.upper()
        if not _SCOPE.fullmatch(override.scope):
            raise ApplicationError(
                _("Phạm vi phải là «national» (cả nước) hoặc mã tỉnh (chữ in hoa, chữ số)."),
                field="scope",
            )
    clash = DayOverride.objects.filter(
        date=override.date, scope=override.scope, archived_at__isnull=True
    ).exclude(pk=override.pk)
    if clash.exists():
        raise ApplicationError(
            _("Ngày %(day)s đã có một quyết định cho phạm vi này; hãy sửa hoặc lưu trữ nó.")
            % {"day": short_date(override.date)},
            field="date",
        )
    # A decision that changes nothing is almost always a typing mistake in the date.
    others = [
        row.as_override()
        for row in DayOverride.objects.filter(
            archived_at__isnull=True, scope__in={workcal.NATIONAL, override.scope}
        ).exclude(pk=override.pk)
    ]
    scope = None if override.scope == workcal.NATIONAL else override.scope
    working = workcal.WorkCalendar(others, scope=scope).is_working_day(override.date)
    if override.kind == OverrideKind.WORKDAY and working:
        raise ApplicationError(
            _("Ngày %(day)s vốn đã là ngày làm việc.") % {"day": short_date(override.date)},
            field="date",
        )
    if override.kind == OverrideKind.DAY_OFF and not working:
        raise ApplicationError(
            _("Ngày %(day)s vốn đã là ngày nghỉ.") % {"day": short_date(override.date)},
            field="date",
        )


def day_override_check(*, override: DayOverride) -> None:
    """Raise ApplicationError if the override cannot be saved (used by admin forms)."""
    override.basis = _clean(override.basis or "")
    _check_override(override)


@transaction.atomic
def day_override_create(
    *, date: dt.date, kind: str, basis: str, by: Any, scope: str = workcal.NATIONAL
) -> DayOverride:
    """Record a government decision for one day (a day off or a make-up working day)."""
    _require_admin(by)
    override = DayOverride(date=date, kind=kind, basis=_clean(basis), scope=_clean(scope))
    _check_override(override)
    override.save()
    audit_record(action="day_override.create", obj=override, by=by)
    _after_commit_clear(
        reason=str(ACTION_LABELS["day_override.create"]), by=by, dates=[override.date]
    )
    return override


@transaction.atomic
def day_override_update(*, override: DayOverride, by: Any, **fields: Any) -> DayOverride:
    """Correct a recorded decision (date, kind, basis or scope)."""
    _require_admin(by)
    unknown = set(fields) - set(OVERRIDE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown override fields: {sorted(unknown)}")
    fresh = DayOverride.objects.select_for_update().get(pk=override.pk)
    if fresh.is_archived:
        raise ApplicationError(_("Quyết định này đã được lưu trữ."))
    before = snapshot(fresh)
    old_date = fresh.date
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    _check_override(fresh)
    fresh.save()
    audit_record(action="day_override.update", obj=fresh, by=by, before=before)
    _after_commit_clear(
        reason=str(ACTION_LABELS["day_override.update"]), by=by, dates=[old_date, fresh.date]
    )
    return fresh


@transaction.atomic
def day_override_archive(*, override: DayOverride, by: Any) -> DayOverride:
    """Withdraw a recorded decision; the row is kept, archived."""
    _require_admin(by)
    fresh = DayOverride.objects.select_for_update().get(pk=override.pk)
    if fresh.is_archived:
        return fresh
    before = snapshot(fresh, ["archived_at"])
    fresh.archived_at = timezone.now()
    fresh.save()
    audit_record(
        action="day_override.archive",
        obj=fresh,
        by=by,
        before=before,
        after=snapshot(fresh, ["archived_at"]),
    )
    _after_commit_clear(
        reason=str(ACTION_LABELS["day_override.archive"]), by=by, dates=[fresh.date]
    )
    return fresh


def _check_rule(rule: DeadlineRuleVersion) -> None:
    if not _CODE.fullmatch(rule.code or ""):
        raise ApplicationError(
            _("Mã quy định gồm chữ thường không dấu, chữ số và dấu gạch ngang."), field="code"
        )
    for name in ("step", "trigger", "basis"):
        if not getattr(rule, name):
            raise ApplicationError(_("Trường này không được để trống."), field=name)
    try:
        plain = rule.to_rule()
    except DeadlineError as exc:
        raise ApplicationError(exc.message) from exc
    siblings = [
        row.to_rule()
        for row in DeadlineRuleVersion.objects.filter(code=rule.code, archived_at__isnull=True)
        .exclude(pk=rule.pk)
        .order_by("valid_from")
    ]
    if versions_overlap([plain, *siblings]):
        raise ApplicationError(
            _(
                "Thời gian áp dụng trùng với một phiên bản khác của quy định %(code)s; hãy đặt "
                "ngày kết thúc cho phiên bản cũ trước."
            )
            % {"code": rule.code},
            field="valid_from",
        )


def deadline_rule_check(*, rule: DeadlineRuleVersion) -> None:
    """Raise ApplicationError if the rule version cannot be saved (used by admin forms)."""
    _check_rule(rule)


@transaction.atomic
def deadline_rule_create(*, by: Any, **fields: Any) -> DeadlineRuleVersion:
    """Add a version of a deadline rule (a new rule, or the one in force from a new date)."""
    _require_admin(by)
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown rule fields: {sorted(unknown)}")
    rule = DeadlineRuleVersion(**{key: _clean(value) for key, value in fields.items()})
    _check_rule(rule)
    rule.save()
    audit_record(action="deadline_rule.create", obj=rule, by=by)
    _after_commit_clear(
        reason=str(ACTION_LABELS["deadline_rule.create"]), by=by, rule_codes=[rule.code]
    )
    return rule


@transaction.atomic
def deadline_rule_update(
    *, rule: DeadlineRuleVersion, expected_version: int | None, by: Any, **fields: Any
) -> DeadlineRuleVersion:
    """Correct a rule version: days, variants, extensions, basis or validity dates."""
    _require_admin(by)
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown rule fields: {sorted(unknown)}")
    fresh = lock_for_edit(rule, expected_version)
    if fresh.is_archived:
        raise ApplicationError(_("Phiên bản quy định này đã được lưu trữ."))
    before = snapshot(fresh)
    old_code = fresh.code
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    _check_rule(fresh)
    fresh.save()
    audit_record(action="deadline_rule.update", obj=fresh, by=by, before=before)
    _after_commit_clear(
        reason=str(ACTION_LABELS["deadline_rule.update"]),
        by=by,
        rule_codes=sorted({old_code, fresh.code}),
    )
    return fresh


@transaction.atomic
def deadline_rule_archive(*, rule: DeadlineRuleVersion, by: Any) -> DeadlineRuleVersion:
    """Withdraw a rule version; cases computed with it keep their stored due dates."""
    _require_admin(by)
    fresh = lock_for_edit(rule, None)
    if fresh.archived_at is not None:
        return fresh
    before = snapshot(fresh, ["archived_at"])
    fresh.archived_at = timezone.now()
    fresh.save()
    audit_record(
        action="deadline_rule.archive",
        obj=fresh,
        by=by,
        before=before,
        after=snapshot(fresh, ["archived_at"]),
    )
    _after_commit_clear(
        reason=str(ACTION_LABELS["deadline_rule.archive"]), by=by, rule_codes=[fresh.code]
    )
    return fresh
