"""Overrides and deadline rules written through the services, and the calendar that reads them."""

import datetime as dt

import pytest

from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.lib.deadlines import DeadlineError
from danvan.workcal import selectors, services
from danvan.workcal.models import DayOverride, DeadlineRuleVersion

D = dt.date
NEW_YEAR_SWAP = "Công văn 12729/VPCP-KGVX: nghỉ thứ Sáu 02/01/2026, làm bù thứ Bảy 10/01/2026"


def test_an_administrator_records_a_day_off_and_the_calendar_skips_it(world):
    assert selectors.calendar_for().is_working_day(D(2026, 1, 2))
    override = services.day_override_create(
        date=D(2026, 1, 2), kind="day_off", basis=NEW_YEAR_SWAP, by=world.admin
    )
    assert [e.action for e in history_for(override)] == ["day_override.create"]
    calendar = selectors.calendar_for()
    assert calendar.reason_off(D(2026, 1, 2)) == NEW_YEAR_SWAP
    assert calendar.next_working_day(D(2026, 1, 1)) == D(2026, 1, 5)


def test_a_make_up_saturday_moves_a_working_day_deadline_earlier(world):
    before = selectors.due_for(code="info-request-simple", start=D(2026, 1, 7))
    # 8(1) 9(2) 12(3) 13(4) 14(5)
    assert before.due == D(2026, 1, 14)
    services.day_override_create(
        date=D(2026, 1, 10), kind="workday", basis=NEW_YEAR_SWAP, by=world.admin
    )
    # 8(1) 9(2) Sat 10(3) 12(4) 13(5)
    assert selectors.due_for(code="info-request-simple", start=D(2026, 1, 7)).due == D(2026, 1, 13)


def test_archiving_an_override_restores_the_day_and_is_audited(world):
    override = services.day_override_create(
        date=D(2026, 1, 2), kind="day_off", basis=NEW_YEAR_SWAP, by=world.admin
    )
    assert not selectors.calendar_for().is_working_day(D(2026, 1, 2))
    services.day_override_archive(override=override, by=world.admin)
    assert selectors.calendar_for().is_working_day(D(2026, 1, 2))
    assert [e.action for e in history_for(override)] == [
        "day_override.archive",
        "day_override.create",
    ]
    # Archived, the day can be recorded again.
    services.day_override_create(date=D(2026, 1, 2), kind="day_off", basis="Lại", by=world.admin)


def test_correcting_an_override_is_audited_with_the_old_values(world):
    override = services.day_override_create(
        date=D(2026, 1, 2), kind="day_off", basis="Công văn", by=world.admin
    )
    services.day_override_update(override=override, basis=NEW_YEAR_SWAP, by=world.admin)
    event = history_for(override).first()
    assert event.action == "day_override.update"
    assert event.before["basis"] == "Công văn" and event.after["basis"] == NEW_YEAR_SWAP


def test_a_province_override_applies_only_to_that_province(world):
    services.day_override_create(
        date=D(2026, 3, 16),
        kind="day_off",
        basis="Quyết định của UBND tỉnh",
        scope="89",
        by=world.admin,
    )
    assert selectors.calendar_for().is_working_day(D(2026, 3, 16))
    assert not selectors.calendar_for("89").is_working_day(D(2026, 3, 16))
    assert selectors.calendar_for("91").is_working_day(D(2026, 3, 16))


@pytest.mark.parametrize(
    "day,kind,message",
    [
        (D(2026, 1, 5), "workday", "vốn đã là ngày làm việc"),  # a Monday
        (D(2026, 1, 4), "day_off", "vốn đã là ngày nghỉ"),  # a Sunday
        (D(2026, 2, 17), "day_off", "vốn đã là ngày nghỉ"),  # Tết, already in `holidays`
        (D(2024, 5, 4), "workday", "đã có một quyết định"),  # seeded make-up Saturday
    ],
)
def test_pointless_or_duplicate_overrides_are_refused(world, day, kind, message):
    with pytest.raises(ApplicationError, match=message):
        services.day_override_create(date=day, kind=kind, basis="Văn bản", by=world.admin)


def test_an_override_needs_a_basis_and_a_valid_scope(world):
    with pytest.raises(ApplicationError) as info:
        services.day_override_create(date=D(2026, 1, 2), kind="day_off", basis=" ", by=world.admin)
    assert info.value.field == "basis"
    with pytest.raises(ApplicationError) as info:
        services.day_override_create(
            date=D(2026, 1, 2), kind="day_off", basis="x", scope="tỉnh An Giang", by=world.admin
        )
    assert info.value.field == "scope"


@pytest.mark.parametrize("persona", ["coordinator", "officer_a", "head_a", "viewer"])
def test_only_administrators_change_the_calendar(world, persona):
    with pytest.raises(PermissionDeniedError):
        services.day_override_create(
            date=D(2026, 1, 2), kind="day_off", basis="x", by=getattr(world, persona)
        )
    rule = DeadlineRuleVersion.objects.filter(code="complaint-first").first()
    with pytest.raises(PermissionDeniedError):
        services.deadline_rule_update(
            rule=rule, expected_version=None, days=31, by=getattr(world, persona)
        )
    assert not DayOverride.objects.filter(date=D(2026, 1, 2)).exists()


def test_an_administrator_corrects_a_rule_and_new_due_dates_use_it(world):
    rule = DeadlineRuleVersion.objects.get(code="complaint-first", valid_to=D(2026, 6, 30))
    # 4/3/2024 + 30 days = Wed 3/4/2024
    assert selectors.due_for(code="complaint-first", start=D(2024, 3, 4)).due == D(2024, 4, 3)
    services.deadline_rule_update(rule=rule, expected_version=rule.version, days=31, by=world.admin)
    # + 31 days = Thu 4/4/2024
    assert selectors.due_for(code="complaint-first", start=D(2024, 3, 4)).due == D(2024, 4, 4)
    event = history_for(rule).first()
    assert event.action == "deadline_rule.update" and event.before["days"] == 30


def test_a_new_rule_version_must_not_overlap_the_old_one(world):
    fields = {
        "code": "complaint-first",
        "step": "Giải quyết khiếu nại lần đầu",
        "days": 30,
        "unit": "calendar",
        "trigger": "ngày thụ lý",
        "basis": "Luật mới",
        "valid_from": D(2027, 1, 1),
    }
    with pytest.raises(ApplicationError, match="trùng"):
        services.deadline_rule_create(by=world.admin, **fields)
    current = DeadlineRuleVersion.objects.get(code="complaint-first", valid_from=D(2026, 7, 1))
    services.deadline_rule_update(
        rule=current, expected_version=None, valid_to=D(2026, 12, 31), by=world.admin
    )
    made = services.deadline_rule_create(by=world.admin, **fields)
    assert history_for(made).first().action == "deadline_rule.create"
    assert selectors.deadline_rule_for(code="complaint-first", on=D(2027, 1, 1)).basis == "Luật mới"


def test_invalid_rule_data_is_refused_in_vietnamese(world):
    rule = DeadlineRuleVersion.objects.get(code="info-request-complex")
    with pytest.raises(ApplicationError, match="số ngày mỗi lần gia hạn"):
        services.deadline_rule_update(
            rule=rule, expected_version=None, extension_days=0, by=world.admin
        )
    with pytest.raises(ApplicationError, match="Mã quy định"):
        services.deadline_rule_create(
            by=world.admin,
            code="Complaint First",
            step="x",
            days=1,
            unit="working",
            trigger="x",
            basis="x",
        )


def test_an_archived_rule_is_no_longer_used(world):
    for rule in DeadlineRuleVersion.objects.filter(code="petition-classify"):
        services.deadline_rule_archive(rule=rule, by=world.admin)
    with pytest.raises(DeadlineError):
        selectors.due_for(code="petition-classify", start=D(2024, 3, 4))


def test_the_calendar_is_cached_until_an_override_changes(world, django_assert_num_queries):
    selectors.calendar_for()
    with django_assert_num_queries(1):  # only the fingerprint
        first = selectors.calendar_for()
    with django_assert_num_queries(1):
        assert selectors.calendar_for() is first
    services.day_override_create(date=D(2026, 1, 2), kind="day_off", basis="x", by=world.admin)
    assert selectors.calendar_for() is not first


def test_a_change_made_elsewhere_is_seen_without_clearing_the_cache(world):
    first = selectors.calendar_for()
    # Another process writes the row (no service call here, so no cache clearing).
    DayOverride.objects.create(date=D(2026, 1, 2), kind="day_off", basis="x")
    assert selectors.calendar_for() is not first
    assert not selectors.calendar_for().is_working_day(D(2026, 1, 2))
