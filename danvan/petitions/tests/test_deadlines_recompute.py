"""Stored due dates are recomputed, with an audit entry, when the calendar or a rule changes."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from danvan.core.audit import history_for
from danvan.core.errors import PermissionDeniedError
from danvan.petitions import services
from danvan.petitions.models import CaseDeadline, Step
from danvan.workcal import services as workcal_services
from danvan.workcal.models import DeadlineRuleVersion

D = dt.date
pytestmark = pytest.mark.django_db


def _due(case):
    return CaseDeadline.objects.get(case=case, step=Step.CLASSIFY, superseded_by__isnull=True)


def test_new_day_off_moves_open_case_and_is_audited(world, receive, freeze):
    freeze(D(2026, 3, 2))
    case, _ = receive()
    closed, _ = receive("Đơn khác hẳn về điện chiếu sáng.")
    closed = services.case_withdraw(case=closed, by=world.officer_a)
    assert _due(case).due == D(2026, 3, 16)  # 10 working days from Monday 02/03
    workcal_services.day_override_create(
        date=D(2026, 3, 5), kind="day_off", basis="Công văn số 1/TTg (thử)", by=world.admin
    )
    out = StringIO()
    call_command("recompute_case_deadlines", reason="Nghỉ bù 05/3/2026", stdout=out)
    assert case.tracking_code in out.getvalue()
    row = _due(case)
    assert row.due == D(2026, 3, 17)
    assert "05/03/2026" in str(row.skipped) or "2026-03-05" in str(row.skipped)
    assert "Nghỉ bù 05/3/2026" in row.reason
    old = CaseDeadline.objects.get(case=case, step=Step.CLASSIFY, superseded_by=row)
    assert old.due == D(2026, 3, 16)
    case.refresh_from_db()
    assert case.current_due == D(2026, 3, 17)
    entry = history_for(case).get(action="case.deadline_recompute")
    assert entry.before["due"] == "2026-03-16" and entry.after["due"] == "2026-03-17"
    # The withdrawn case is not touched.
    assert not history_for(closed).filter(action="case.deadline_recompute").exists()
    # Idempotent.
    assert services.deadlines_recompute(reason="again") == []


def test_rule_change_recomputes_and_keeps_the_reason(world, receive, freeze):
    freeze(D(2026, 3, 2))
    case, _ = receive()
    rule = DeadlineRuleVersion.objects.get(code="petition-classify")
    workcal_services.deadline_rule_update(
        rule=rule, expected_version=rule.version, days=12, by=world.admin
    )
    changes = services.deadlines_recompute(reason="Sửa quy định", by=world.admin)
    assert [(c.pk, old, new) for c, old, new in changes] == [
        (case.pk, D(2026, 3, 16), D(2026, 3, 18))
    ]
    assert _due(case).days == 12


def test_only_admins_or_the_system_recompute(world):
    with pytest.raises(PermissionDeniedError):
        services.deadlines_recompute(reason="x", by=world.officer_a)


def test_a_day_off_added_in_the_admin_moves_open_cases_by_itself(
    world, receive, freeze, django_capture_on_commit_callbacks
):
    freeze(D(2026, 3, 2))
    case, _ = receive()
    assert _due(case).due == D(2026, 3, 16)
    with django_capture_on_commit_callbacks(execute=True):
        workcal_services.day_override_create(
            date=D(2026, 3, 5), kind="day_off", basis="Công văn số 2/TTg (thử)", by=world.admin
        )
    assert _due(case).due == D(2026, 3, 17)
    entry = history_for(case).get(action="case.deadline_recompute")
    assert entry.actor == world.admin


@pytest.mark.parametrize(
    "day",
    [D(2026, 3, 3), D(2026, 3, 13), D(2026, 3, 16), D(2026, 3, 17), D(2026, 4, 2), D(2026, 8, 3)],
)
def test_a_calendar_change_looks_only_at_deadlines_it_can_move_and_misses_none(
    world, receive, freeze, django_capture_on_commit_callbacks, day
):
    cases = []
    for received in (D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 30)):
        freeze(received)
        cases.append(receive(f"Kiến nghị về đường giao thông nhận ngày {received}.")[0])
    freeze(D(2026, 4, 20))
    dues_before = {c.pk: _due(c).due for c in cases}
    with django_capture_on_commit_callbacks(execute=True):
        workcal_services.day_override_create(
            date=day, kind="day_off", basis="Quyết định nghỉ (thử)", by=world.admin
        )
    # What the scoped run left is exactly what a full recompute gives.
    assert services.deadlines_recompute(reason="kiểm tra toàn bộ") == []
    moved = {c.pk for c in cases if _due(c).due != dues_before[c.pk]}
    windows = {c.pk for c in cases if _due(c).start < day <= dues_before[c.pk]}
    assert moved == windows
