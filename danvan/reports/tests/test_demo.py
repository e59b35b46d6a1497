"""The demo's 2024 annual period: four units' reports in every state, loaded once."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.demo.loader import load_demo
from danvan.reports import selectors
from danvan.reports.demo import load_report_demo
from danvan.reports.models import ReportComment, ReportPeriod, UnitReport

pytestmark = pytest.mark.django_db


def test_demo_has_the_2024_period_of_plan_63_with_reports_in_every_state():
    load_demo()
    period = ReportPeriod.objects.get(plan__symbol="63/KH-UBND", kind="annual", year=2024)
    assert (period.starts_on, period.ends_on) == (dt.date(2023, 12, 15), dt.date(2024, 12, 14))
    assert period.due_on == dt.date(2024, 12, 10)
    assert period.form.sections.count() == 7
    states = dict(UnitReport.objects.values_list("unit__code", "status"))
    assert states == {
        "KG-STTTT": "accepted",
        "KG-TP-RACHGIA": "submitted",
        "KG-TTT": "returned",
        "KG-TP-PHUQUOC": "draft",
    }
    assert ReportComment.objects.filter(report__unit__code="KG-TTT", section__code="5").exists()
    late = dict(UnitReport.objects.values_list("unit__code", "late"))
    assert late["KG-STTTT"] is False and late["KG-TTT"] is True
    totals = {
        t.indicator.code: t for t in selectors.indicator_totals(period, include_submitted=True)
    }
    assert totals["TT02"].value == 5200 + 9350


def test_demo_reports_load_only_once():
    load_demo()
    count = UnitReport.objects.count()
    assert load_report_demo() == 0
    assert UnitReport.objects.count() == count
