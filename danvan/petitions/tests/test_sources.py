"""The figures the reporting module reads from petitions."""

from __future__ import annotations

import datetime as dt
import decimal
from types import SimpleNamespace

import pytest

from danvan.petitions import services, sources
from danvan.reports.sources import SOURCES

D = dt.date
pytestmark = pytest.mark.django_db


def _report(unit, starts_on, ends_on):
    period = SimpleNamespace(starts_on=starts_on, ends_on=ends_on, year=ends_on.year, plan_id=None)
    return SimpleNamespace(unit_id=unit.pk, period=period)


def test_sources_are_registered():
    assert SOURCES["petitions.received"] is sources.received
    assert SOURCES["petitions.resolved_on_time_percent"] is sources.resolved_on_time_percent


def test_received_counts_the_period_and_is_unknown_before_the_unit_used_the_register(
    world, receive, freeze
):
    freeze(D(2026, 3, 2))
    receive()
    receive("Phản ánh khác về cấp nước.")
    freeze(D(2026, 5, 2))
    receive("Phản ánh thứ ba về rác thải.")
    value, detail = sources.received(_report(world.unit_a, D(2026, 1, 1), D(2026, 3, 31)))
    assert value == 2 and "02/01/2026" not in detail and "(phân hệ Đơn thư)" in detail
    assert sources.received(_report(world.unit_a, D(2025, 1, 1), D(2025, 12, 31))) is None
    assert sources.received(_report(world.unit_b, D(2026, 1, 1), D(2026, 12, 31))) is None


def test_on_time_percent(world, receive, freeze):
    freeze(D(2026, 3, 2))
    cases = []
    for text in ("Khiếu nại một.", "Khiếu nại hai khác hẳn."):
        case, _ = receive(text, submitter={"anonymous": True})
        case = services.case_classify(
            case=case, kind="complaint", competence="own", by=world.officer_a
        )
        cases.append(services.case_accept(case=case, by=world.officer_a))
    report = _report(world.unit_a, D(2026, 1, 1), D(2026, 12, 31))
    assert sources.resolved_on_time_percent(report) is None
    freeze(D(2026, 3, 20))
    services.case_conclude(
        case=cases[0],
        decision_number="1",
        decision_date=D(2026, 3, 20),
        conclusion="x",
        by=world.officer_a,
    )
    freeze(D(2026, 5, 20))  # past the 30 days of Art. 28
    services.case_conclude(
        case=cases[1],
        decision_number="2",
        decision_date=D(2026, 5, 20),
        conclusion="x",
        by=world.officer_a,
    )
    value, detail = sources.resolved_on_time_percent(report)
    assert value == decimal.Decimal("50.00") and "1/2" in detail
