"""The form editor: the coordinator adds, changes and removes indicators of a report form."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danvan.core.errors import ApplicationError
from danvan.reports import services
from danvan.reports.models import Indicator, ReportPeriod, ValueType

from .conftest import fill


def _draft(world: Any) -> ReportPeriod:
    return services.period_create(
        kind="annual",
        year=2026,
        plan=world.plan,
        due_on=dt.date(2026, 12, 10),
        by=world.coordinator,
    )


def _draft_form(world: Any) -> Any:
    return services.form_create_default(by=world.coordinator)


def _editor(period: ReportPeriod) -> str:
    return reverse("reports:form_editor", args=[period.form_id])


def _edit_url(indicator: Indicator) -> str:
    return reverse("reports:indicator_edit", args=[indicator.form_id, indicator.pk])


def _data(indicator: Indicator | None = None, **overrides: str) -> dict[str, str]:
    """The indicator form's fields as a browser posts them."""
    data = {
        "code": "MOI01",
        "label": "Số hội nghị đối thoại với Nhân dân",
        "section": "",
        "value_type": "integer",
        "unit_of_measure": "hội nghị",
        "required": "on",
        "min_value": "0",
        "max_value": "",
        "aggregation": "sum",
        "computed_note": "",
    }
    if indicator is not None:
        data.update(
            code=indicator.code,
            label=indicator.label,
            section=str(indicator.section_id or ""),
            value_type=indicator.value_type,
            unit_of_measure=indicator.unit_of_measure,
            required="on" if indicator.required else "",
            min_value="" if indicator.min_value is None else str(indicator.min_value),
            max_value="" if indicator.max_value is None else str(indicator.max_value),
            aggregation=indicator.aggregation,
        )
    data.update(overrides)
    return data


def test_period_page_links_the_form_editor_for_the_coordinator_only(world, period, login, client):
    login(world.coordinator)
    body = client.get(reverse("reports:period", args=[period.pk])).content.decode()
    assert "Sửa biểu mẫu" in body and _editor(period) in body
    login(world.officer_a)
    body = client.get(reverse("reports:period", args=[period.pk])).content.decode()
    assert "Sửa biểu mẫu" not in body


def test_coordinator_adds_an_indicator_that_units_then_fill_in(world, login, client):
    draft = _draft(world)
    login(world.coordinator)
    page = client.get(_editor(draft)).content.decode()
    assert "Biểu mẫu báo cáo" in page and "TT01" in page and "Cộng tổng" in page
    section = draft.form.sections.first()
    response = client.post(_editor(draft), _data(section=str(section.pk)))
    assert response.status_code == 302
    added = draft.form.indicators.get(code="MOI01")
    assert (added.section, added.required, added.min_value) == (section, True, 0)
    assert "MOI01" in client.get(_editor(draft)).content.decode()

    period = services.period_open(period=draft, by=world.coordinator)
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    login(world.officer_a)
    body = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert 'name="v-MOI01"' in body
    assert "Số hội nghị đối thoại với Nhân dân" in body


def test_coordinator_edits_and_removes_an_indicator(world, period, login, client):
    login(world.coordinator)
    indicator = period.form.indicators.get(code="HC01")
    response = client.post(
        _edit_url(indicator), _data(indicator, label="Số thủ tục được bãi bỏ", max_value="500")
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.label, indicator.max_value) == ("Số thủ tục được bãi bỏ", 500)

    url = reverse("reports:indicator_archive", args=[period.form_id, indicator.pk])
    response = client.post(url, follow=True)
    assert "Đã gỡ chỉ tiêu HC01." in response.content.decode()
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    kept = Indicator.all_objects.get(pk=indicator.pk)
    assert kept.archived_at is not None  # archived, never hard-deleted


def test_officer_gets_403_and_unknown_ids_404(world, period, login, client):
    indicator = period.form.indicators.get(code="HC01")
    login(world.officer_a)
    assert client.get(_editor(period)).status_code == 403
    assert client.get(_edit_url(indicator)).status_code == 403
    url = reverse("reports:indicator_archive", args=[period.form_id, indicator.pk])
    assert client.post(url).status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    login(world.coordinator)
    assert client.get(reverse("reports:form_editor", args=[999999])).status_code == 404
    missing = reverse("reports:indicator_edit", args=[period.form_id, 999999])
    assert client.get(missing).status_code == 404


def test_invalid_range_keeps_the_input_and_shows_the_message(world, login, client):
    draft = _draft(world)
    login(world.coordinator)
    response = client.post(_editor(draft), _data(code="MOI02", min_value="10", max_value="5"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Giá trị lớn nhất phải từ giá trị nhỏ nhất trở lên." in body
    assert 'value="MOI02"' in body and 'value="Số hội nghị đối thoại với Nhân dân"' in body
    assert not draft.form.indicators.filter(code="MOI02").exists()


def test_type_change_and_removal_refused_once_a_unit_has_a_figure(world, period, login, client):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    fill(report, world.officer_a)
    indicator = period.form.indicators.get(code="TT01")
    login(world.coordinator)
    response = client.post(_edit_url(indicator), _data(indicator, value_type="decimal"))
    assert response.status_code == 200
    assert "không thể đổi kiểu dữ liệu" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.value_type == ValueType.INTEGER

    url = reverse("reports:indicator_archive", args=[period.form_id, indicator.pk])
    response = client.post(url, follow=True)
    assert "không thể gỡ khỏi mẫu báo cáo" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_aggregation_must_fit_the_value_type(world, period, login, client):
    login(world.coordinator)
    draft_form = _draft_form(world)
    response = client.post(
        reverse("reports:form_editor", args=[draft_form.pk]),
        _data(code="MOI03", value_type="text", aggregation="sum"),
    )
    assert "Chỉ tổng hợp số học với chỉ tiêu dạng số." in response.content.decode()
    indicator = period.form.indicators.get(code="HC01")
    response = client.post(
        _edit_url(indicator), _data(indicator, value_type="integer", aggregation="count_true")
    )
    assert "Chỉ đếm “Có” với chỉ tiêu dạng Có/Không." in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.aggregation == "sum"


def test_computed_indicator_keeps_its_source(world, period):
    indicator = period.form.indicators.get(code="KH02")
    with pytest.raises(ApplicationError, match="không thể sửa nguồn tự động"):
        services.indicator_update(
            indicator=indicator, computed_source="reform.other", by=world.coordinator
        )
    changed = services.indicator_update(
        indicator=indicator, label="Tỷ lệ nhiệm vụ hoàn thành", by=world.coordinator
    )
    assert changed.computed_source == "plans.assignments_done_percent"
    with pytest.raises(ApplicationError):
        services.indicator_update(indicator=indicator, label="x", by=world.officer_a)


def test_indicators_of_a_closed_period_cannot_be_changed(world, period):
    services.period_close(period=period, by=world.coordinator)
    indicator = period.form.indicators.first()
    with pytest.raises(ApplicationError, match="khóa sổ"):
        services.indicator_update(
            indicator=indicator, expected_version=None, label="Đổi tên", by=world.coordinator
        )
    with pytest.raises(ApplicationError, match="khóa sổ"):
        services.indicator_archive(indicator=indicator, by=world.coordinator)
