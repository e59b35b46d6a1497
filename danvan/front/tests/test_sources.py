"""Report indicators computed from recommendations: received and answered, per unit and period."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from danvan.front import services
from danvan.reports import sources

from .conftest import file_one, pdf


def _report(world, starts_on=dt.date(2025, 12, 15), ends_on=dt.date(2026, 12, 14), unit=None):
    period = SimpleNamespace(starts_on=starts_on, ends_on=ends_on, year=2026, plan_id=None)
    return SimpleNamespace(unit_id=(unit or world.unit_a).pk, period=period)


def _assign(world, rec, unit):
    return services.recommendation_assign(
        recommendation=rec,
        unit=unit,
        due_on=dt.date(2026, 7, 30),
        expected_version=rec.version,
        by=world.coordinator,
    )


def test_sources_are_registered():
    assert sources.module_exists("front.recommendations_received")
    assert sources.module_exists("front.recommendations_answered")


def test_received_and_answered_for_the_unit_and_period(world, today):
    first = _assign(world, file_one(world), world.unit_a)
    _assign(world, file_one(world, title="Thứ hai"), world.unit_a)
    _assign(world, file_one(world, title="Đơn vị khác"), world.unit_b)
    old = file_one(
        world, title="Năm trước", filed_on=dt.date(2025, 11, 1), source_date=dt.date(2025, 10, 1)
    )
    _assign(world, old, world.unit_a)
    withdrawn = _assign(world, file_one(world, title="Đã rút"), world.unit_a)
    services.recommendation_withdraw(
        recommendation=withdrawn,
        reason="Đã xử lý",
        expected_version=withdrawn.version,
        by=world.liaison,
    )
    services.recommendation_answer(
        recommendation=first,
        text="Đã trả lời",
        documents=[pdf()],
        expected_version=first.version,
        by=world.officer_a,
    )
    report = _report(world)
    value, detail = sources.compute("front.recommendations_received", report)
    assert value == 2 and "15/12/2025" in detail and "phân hệ Kiến nghị của Mặt trận" in detail
    value, detail = sources.compute("front.recommendations_answered", report)
    assert value == 1 and "1/2" in detail


def test_no_recommendation_leaves_the_figure_to_the_unit(world, today):
    _assign(world, file_one(world), world.unit_a)
    assert (
        sources.compute("front.recommendations_received", _report(world, unit=world.unit_b)) is None
    )
    assert (
        sources.compute("front.recommendations_answered", _report(world, unit=world.unit_b)) is None
    )


def test_a_unit_report_fills_the_front_indicators(world, today):
    from danvan.reports import services as reports

    first = _assign(world, file_one(world), world.unit_a)
    _assign(world, file_one(world, title="Thứ hai"), world.unit_a)
    services.recommendation_answer(
        recommendation=first,
        text="Đã trả lời",
        documents=[pdf()],
        expected_version=first.version,
        by=world.officer_a,
    )
    period = reports.period_create(
        kind="annual",
        year=2026,
        plan=world.plan,
        due_on=dt.date(2026, 12, 10),
        by=world.coordinator,
    )
    period = reports.period_open(period=period, by=world.coordinator)
    report = reports.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    values = {v.indicator.code: v for v in report.values.select_related("indicator")}
    assert values["MT01"].number == 2 and values["MT01"].source == "computed"
    assert values["MT02"].number == 1
