"""Report indicators DVK01 and DVK02 come from the registry."""

from __future__ import annotations

import datetime as dt

from danvan.emulation import services
from danvan.reports import services as report_services
from danvan.reports.sources import compute, module_exists

from .conftest import MODEL


def _report(world, unit):
    period = report_services.period_create(
        kind="annual",
        year=2026,
        plan=world.plan,
        due_on=dt.date(2026, 12, 10),
        by=world.coordinator,
    )
    return period.reports.create(unit=unit)


def test_sources_are_registered():
    assert module_exists("emulation.models_registered")
    assert module_exists("emulation.models_recognised")


def test_registered_counts_registered_or_later_of_the_unit_and_year(world, recognised):
    services.model_create(unit=world.unit_a, by=world.officer_a, **MODEL)  # a draft: not counted
    other_year = services.model_create(
        unit=world.unit_a, by=world.officer_a, **{**MODEL, "year": 2025, "started_on": None}
    )
    services.model_submit(model=other_year, by=world.head_a)
    second = services.model_create(unit=world.unit_a, by=world.officer_a, **MODEL)
    services.model_submit(model=second, by=world.head_a)
    report = _report(world, world.unit_a)
    value, detail = compute("emulation.models_registered", report)
    assert value == 2 and "2026" in detail and "Dân vận khéo" in detail
    value, _ = compute("emulation.models_recognised", report)
    assert value == 1


def test_other_units_models_are_not_counted(world, recognised):
    services.model_create(unit=world.unit_b, by=world.officer_b, **MODEL)
    report = _report(world, world.unit_b)
    assert compute("emulation.models_registered", report)[0] == 0
    assert compute("emulation.models_recognised", report)[0] == 0


def test_unit_without_any_model_of_the_year_types_the_figure_by_hand(world):
    report = _report(world, world.unit_a)
    assert compute("emulation.models_registered", report) is None
    assert compute("emulation.models_recognised", report) is None


def test_a_draft_alone_means_the_registry_is_in_use_and_counts_zero(world, draft):
    report = _report(world, world.unit_a)
    assert compute("emulation.models_registered", report)[0] == 0
