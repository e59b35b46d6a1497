"""Reminders of answers due soon or overdue: sent once per step and due date."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from danvan.front import services
from danvan.notifications.models import Notification


def _front_notes():
    return Notification.objects.filter(dedupe_key__startswith="front-due:")


def test_soon_then_late_each_sent_once(world, assigned):
    assert services.recommendation_reminders_send(today=dt.date(2026, 7, 1)) == 0
    assert services.recommendation_reminders_send(today=dt.date(2026, 7, 12)) == 2
    assert services.recommendation_reminders_send(today=dt.date(2026, 7, 13)) == 0
    assert services.recommendation_reminders_send(today=dt.date(2026, 7, 16)) == 2
    assert services.recommendation_reminders_send(today=dt.date(2026, 7, 17)) == 0
    users = set(_front_notes().values_list("user__username", flat=True))
    assert users == {"canbo_a", "truong_a"}
    assert _front_notes().filter(text__contains="quá hạn").count() == 2


def test_answered_recommendations_get_no_reminder(world, answered):
    assert services.recommendation_reminders_send(today=dt.date(2026, 7, 20)) == 0


def test_command_runs_and_checks_its_arguments(world, assigned):
    out = io.StringIO()
    call_command("send_front_reminders", "--today", "2026-07-14", stdout=out)
    assert "reminders sent: 2" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("send_front_reminders", "--today", "14/07/2026")
    with pytest.raises(CommandError):
        call_command("send_front_reminders", "--days", "-1")
