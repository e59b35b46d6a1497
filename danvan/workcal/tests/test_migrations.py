"""The data migrations seed the deadline rules and the make-up Saturdays."""

import datetime as dt
import importlib

from django.apps import apps

from danvan.lib.deadlines import DEFAULT_RULES
from danvan.lib.workcal import vn_public_holidays
from danvan.workcal.models import DayOverride, DeadlineRuleVersion


def test_the_rules_are_seeded_from_the_defaults(db):
    rows = {(r.code, r.valid_from): r.to_rule() for r in DeadlineRuleVersion.objects.all()}
    assert len(rows) == len(DEFAULT_RULES)
    for rule in DEFAULT_RULES:
        assert rows[(rule.code, rule.valid_from)] == rule


def test_the_make_up_saturdays_are_seeded_with_their_basis(db):
    rows = list(DayOverride.objects.order_by("date"))
    assert [(r.date, r.kind, r.scope) for r in rows] == [
        (dt.date(2024, 5, 4), "workday", "national"),
        (dt.date(2025, 4, 26), "workday", "national"),
        (dt.date(2026, 8, 22), "workday", "national"),
    ]
    assert all(r.date.weekday() == 5 and r.basis for r in rows)


def test_every_seeded_make_up_saturday_is_named_by_the_holidays_package(db):
    # The package lists the swapped day off "thay cho ngày 04/05/2024" but not the Saturday.
    for row in DayOverride.objects.all():
        names = vn_public_holidays(row.date.year).values()
        assert any(f"thay cho ngày {row.date:%d/%m/%Y}" in name for name in names), row.date
        assert row.date not in vn_public_holidays(row.date.year)


def test_the_seeding_is_safe_to_run_twice(db):
    for name in ("0002_seed_deadline_rules", "0003_seed_day_overrides"):
        importlib.import_module(f"danvan.workcal.migrations.{name}").seed(apps, None)
    assert DeadlineRuleVersion.objects.count() == len(DEFAULT_RULES)
    assert DayOverride.objects.count() == 3
