"""Consolidation reads: completeness, totals with drill-down, comparison, narrative, visibility."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from danvan.core.access import actor_for
from danvan.orgs.models import Unit
from danvan.plans.models import Assignment
from danvan.reports import selectors, services
from danvan.reports.models import ReportStatus, UnitReport

from .conftest import fill, submitted

D = dt.date


def _add_units(world, n):
    """Assign the world's task to `n` more units; give every other one a draft report."""
    units = Unit.objects.bulk_create(
        Unit(code=f"T-X{i}", name=f"Ủy ban nhân dân xã Thử {i:03d}", kind="commune")
        for i in range(n)
    )
    Assignment.objects.bulk_create(Assignment(task=world.task, unit=u, role="lead") for u in units)
    return units


@pytest.mark.parametrize("extra", [3, 30])
def test_completeness_takes_two_queries_whatever_the_number_of_units(
    world, period, django_assert_num_queries, extra
):
    units = _add_units(world, extra)
    UnitReport.objects.bulk_create(UnitReport(period=period, unit=u) for u in units[::2])
    with django_assert_num_queries(2):
        rows = selectors.completeness(period, today=D(2026, 12, 1))
    assert len(rows) == extra + 2
    assert {r.status for r in rows} == {"draft", selectors.NOT_STARTED}


def test_completeness_tells_on_time_late_missing_and_pending(world, period, freeze):
    freeze(D(2026, 12, 10))
    submitted(world, period, "a")
    rows = {r.unit.pk: r for r in selectors.completeness(period, today=D(2026, 12, 10))}
    assert rows[world.unit_a.pk].timeliness == selectors.ON_TIME
    assert rows[world.unit_b.pk].timeliness == selectors.PENDING
    assert rows[world.unit_b.pk].status == selectors.NOT_STARTED
    later = {r.unit.pk: r for r in selectors.completeness(period, today=D(2026, 12, 11))}
    assert later[world.unit_b.pk].timeliness == selectors.MISSING
    summary = selectors.completeness_summary(list(later.values()))
    assert summary == {"submitted": 1, "on_time": 1, "not_started": 1, "missing": 1, "total": 2}


def test_totals_count_accepted_reports_and_optionally_submitted_ones(world, period):
    a = submitted(world, period, "a", TT02=1450, HC03="90", GC01="Ghi chú")
    submitted(world, period, "b", TT02=550, HC03="80")
    services.report_accept(report=a, by=world.coordinator)

    accepted = {t.indicator.code: t for t in selectors.indicator_totals(period)}
    assert accepted["TT02"].value == 1450
    assert accepted["TT02"].reporting == 1
    both = {t.indicator.code: t for t in selectors.indicator_totals(period, include_submitted=True)}
    assert both["TT02"].value == 2000
    assert both["TT02"].display == "2.000"
    assert both["HC03"].value == decimal.Decimal("85.00")  # percentages are averaged
    assert both["KH01"].value == 0 and both["KH01"].display == "0/2 đơn vị"
    assert both["GC01"].value is None  # text is not consolidated, only listed per unit
    drill = {u.unit.pk: u.display for u in both["TT02"].per_unit}
    assert drill == {world.unit_a.pk: "1.450", world.unit_b.pk: "550"}
    assert [u.display for u in both["GC01"].per_unit] == ["Ghi chú"]


def test_drafts_and_returned_reports_never_count(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    fill(report, world.officer_a)
    b = submitted(world, period, "b")
    services.report_return(report=b, comments=[{"text": "Sửa lại"}], by=world.coordinator)
    totals = {
        t.indicator.code: t for t in selectors.indicator_totals(period, include_submitted=True)
    }
    assert totals["TT02"].value is None and totals["TT02"].reporting == 0


def test_comparison_with_the_same_period_last_year(world, period):
    last_year = services.period_create(
        kind="annual", year=2025, due_on=D(2025, 12, 10), by=world.coordinator
    )
    last_year = services.period_open(period=last_year, by=world.coordinator)
    old = submitted(world, last_year, "a", TT02=1000, KH01="có")
    services.report_accept(report=old, by=world.coordinator)
    new = submitted(world, period, "a", TT02=1450)
    services.report_accept(report=new, by=world.coordinator)

    result = selectors.compare_previous(period)
    assert result.previous == last_year
    row = next(r for r in result.rows if r.indicator.code == "TT02")
    assert (row.current, row.previous, row.change) == (1450, 1000, 450)
    assert row.change_percent == decimal.Decimal("45.00")
    assert selectors.compare_previous(last_year).previous is None


def test_comparison_with_the_previous_quarter(world):
    q1 = services.period_create(kind="quarterly", year=2026, index=1, by=world.coordinator)
    q2 = services.period_create(kind="quarterly", year=2026, index=2, by=world.coordinator)
    services.period_update(
        period=q1, expected_version=q1.version, due_on=D(2026, 3, 20), by=world.coordinator
    )
    q1.refresh_from_db()
    services.period_open(period=q1, by=world.coordinator)
    assert selectors.previous_period(q2, against="index") == q1
    assert selectors.previous_period(q2, against="year") is None


def test_narrative_draft_traces_each_paragraph_to_its_unit(world, period):
    a = submitted(world, period, "a")
    report_b = services.report_open_for_unit(period=period, unit=world.unit_b, by=world.officer_b)
    services.report_save(
        report=report_b,
        expected_version=report_b.version,
        answers={"3": {"results": "Bản nháp chưa gửi."}},
        by=world.officer_b,
    )
    [section] = selectors.narrative_draft(period)
    assert [(p.unit, p.report_id) for p in section.paragraphs] == [(world.unit_a, a.pk)]
    assert "Đăng ký 3 mô hình" in section.paragraphs[0].text
    assert section.draft_text().startswith(world.unit_a.name + ": ")


def test_reports_visible_keeps_drafts_inside_the_unit(world, period):
    draft_a = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    sent_b = submitted(world, period, "b")

    def visible(user):
        return set(selectors.reports_visible(actor_for(user)).values_list("pk", flat=True))

    assert visible(world.officer_a) == {draft_a.pk}
    assert visible(world.head_b) == {sent_b.pk}
    assert visible(world.coordinator) == {sent_b.pk}
    assert visible(world.viewer) == {sent_b.pk}
    assert visible(world.liaison) == set()


def test_periods_visible_hides_drafts_from_units(world, period):
    draft = services.period_create(kind="annual", year=2027, by=world.coordinator)
    coordinator = set(selectors.periods_visible(actor_for(world.coordinator)))
    officer = set(selectors.periods_visible(actor_for(world.officer_a)))
    assert {period, draft} <= coordinator
    assert period in officer and draft not in officer


def test_report_content_reads_a_report_in_a_fixed_number_of_queries(
    world, period, django_assert_num_queries
):
    report = submitted(world, period, "a")
    report = UnitReport.objects.select_related("period").get(pk=report.pk)
    with django_assert_num_queries(7):
        content = selectors.report_content(report)
    assert content.values["TT02"].display() == "1.450"
    assert [r.number for r in content.revisions] == [1]
    assert report.status == ReportStatus.SUBMITTED


def test_drilldown_of_one_indicator_matches_the_totals_drilldown(world, period):
    submitted(world, period, "a", TT02=1450)
    submitted(world, period, "b", TT02=550)
    totals = {t.indicator.code: t for t in selectors.indicator_totals(period, with_units=False)}
    assert totals["TT02"].per_unit == []
    indicator = totals["TT02"].indicator
    drill = selectors.indicator_drilldown(period, indicator, include_submitted=True)
    full = {t.indicator.code: t for t in selectors.indicator_totals(period, include_submitted=True)}
    assert drill == full["TT02"].per_unit
    assert [u.display for u in drill] == ["1.450", "550"]


def test_a_unit_that_reported_stays_in_the_table_after_its_tasks_are_withdrawn(world, period):
    from danvan.plans import services as plan_services

    submitted(world, period, "a")
    plan_services.assignment_archive(assignment=world.assignment_a, by=world.coordinator)
    rows = {r.unit.pk: r for r in selectors.completeness(period, today=D(2026, 12, 1))}
    assert rows[world.unit_a.pk].status == "submitted"
    assert world.unit_a.pk not in {u.pk for u in services.units_in_scope(period)}
