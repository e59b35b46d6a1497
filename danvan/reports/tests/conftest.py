"""Report fixtures on top of the shared world: an open annual period and filled-in figures."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from danvan.reports import services

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Every required indicator of the default form that a unit types in (KH01 is computed).
REQUIRED_FIGURES = {"TT01": 12, "TT02": 1450, "DVK01": 3, "KL01": 0, "TCD01": 12}


@pytest.fixture
def freeze(monkeypatch: Any):  # type: ignore[no-untyped-def]
    """Return a function that fixes "now" at a local (Vietnam) date and time."""

    def _freeze(day: dt.date, hour: int = 9) -> dt.datetime:
        moment = dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return _freeze


@pytest.fixture
def period(world):  # type: ignore[no-untyped-def]
    """The 2026 annual period of the world's plan, due 10/12/2026, open."""
    created = services.period_create(
        kind="annual",
        year=2026,
        plan=world.plan,
        due_on=dt.date(2026, 12, 10),
        by=world.coordinator,
    )
    return services.period_open(period=created, by=world.coordinator)


def fill(report: Any, by: Any, **extra: Any) -> Any:
    """Save the required figures (plus `extra`) and a narrative; return the saved report."""
    values = {**REQUIRED_FIGURES, **extra}
    section = report.period.form.sections.first()
    answers = {
        section.code: {
            "done": "Ban hành kế hoạch, tổ chức hội nghị quán triệt.",
            "results": "Đăng ký 3 mô hình “Dân vận khéo”.",
        }
    }
    return services.report_save(
        report=report, expected_version=report.version, answers=answers, values=values, by=by
    )


def submitted(world: Any, period: Any, unit: str = "a", **extra: Any) -> Any:
    """Return unit A's (or B's) report filled in and submitted by its head."""
    officer, head = getattr(world, f"officer_{unit}"), getattr(world, f"head_{unit}")
    report = services.report_open_for_unit(
        period=period, unit=getattr(world, f"unit_{unit}"), by=officer
    )
    report = fill(report, officer, **extra)
    return services.report_submit(report=report, by=head)
