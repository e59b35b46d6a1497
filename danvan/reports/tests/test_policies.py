"""Who may do what on reports: every role against its own unit's report and another unit's."""

from __future__ import annotations

import pytest

from danvan.core.access import actor_for
from danvan.reports import policies, services

from .conftest import fill

ROLES = ("coordinator", "officer_a", "head_a", "officer_b", "head_b", "viewer", "liaison", "admin")

# action -> the roles allowed on unit A's report in that state. Unit A is "own" for
# officer_a/head_a and "other" for officer_b/head_b; the others hold no role in unit A.
MATRIX = {
    ("view", "draft"): {"officer_a", "head_a"},
    ("view", "submitted"): {"officer_a", "head_a", "coordinator", "viewer", "admin"},
    ("view", "returned"): {"officer_a", "head_a", "coordinator", "viewer", "admin"},
    ("edit", "draft"): {"officer_a", "head_a"},
    ("edit", "submitted"): set(),
    ("edit", "returned"): {"officer_a", "head_a"},
    ("submit", "draft"): {"head_a"},
    ("submit", "submitted"): set(),
    ("submit", "returned"): {"head_a"},
    ("review", "draft"): set(),
    ("review", "submitted"): {"coordinator"},
    ("review", "returned"): set(),
}
CHECKS = {
    "view": policies.can_view_report,
    "edit": policies.can_edit_report,
    "submit": policies.can_submit_report,
    "review": policies.can_review_report,
}


@pytest.fixture
def reports_by_state(world, period):
    """Unit A's report in each state (three periods, so three reports of the same unit)."""
    made = {}
    for state, year in (("draft", 2026), ("submitted", 2027), ("returned", 2028)):
        current = period
        if year != 2026:
            current = services.period_create(
                kind="annual",
                year=year,
                plan=world.plan,
                due_on=period.due_on.replace(year=year),
                by=world.coordinator,
            )
            current = services.period_open(period=current, by=world.coordinator)
        report = services.report_open_for_unit(
            period=current, unit=world.unit_a, by=world.officer_a
        )
        if state != "draft":
            report = services.report_submit(report=fill(report, world.officer_a), by=world.head_a)
        if state == "returned":
            report = services.report_return(
                report=report, comments=[{"text": "Bổ sung"}], by=world.coordinator
            )
        made[state] = report
    return made


@pytest.mark.parametrize(("action", "state"), sorted(MATRIX))
def test_report_permission_matrix(world, reports_by_state, action, state):
    report = reports_by_state[state]
    allowed = {role for role in ROLES if CHECKS[action](actor_for(getattr(world, role)), report)}
    assert allowed == MATRIX[(action, state)]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_manages_periods_and_the_provincial_report(world, period, role):
    actor = actor_for(getattr(world, role))
    expected = role == "coordinator"
    assert policies.can_manage_periods(actor) is expected
    assert policies.can_edit_period(actor, period) is expected
    assert policies.can_edit_provincial_report(actor, period) is expected


@pytest.mark.parametrize("role", ROLES)
def test_consolidation_is_for_province_wide_readers(world, period, role):
    actor = actor_for(getattr(world, role))
    assert policies.can_view_consolidation(actor, period) is (
        role in {"coordinator", "viewer", "admin"}
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_writers_of_the_unit_open_its_report(world, period, role):
    actor = actor_for(getattr(world, role))
    assert policies.can_open_report(actor, period, world.unit_a.pk) is (
        role in {"officer_a", "head_a"}
    )


def test_nobody_opens_a_report_in_a_draft_or_closed_period(world, period):
    draft = services.period_create(kind="annual", year=2027, by=world.coordinator)
    closed = services.period_close(period=period, by=world.coordinator)
    for current in (draft, closed):
        assert not policies.can_open_report(actor_for(world.head_a), current, world.unit_a.pk)


@pytest.mark.parametrize("role", ROLES)
def test_draft_periods_are_seen_by_the_coordinator_only(world, role):
    draft = services.period_create(kind="annual", year=2027, by=world.coordinator)
    assert policies.can_view_period(actor_for(getattr(world, role)), draft) is (
        role in {"coordinator", "admin"}
    )
