"""The admin screens save through the services: every change leaves an audit row."""

import datetime as dt

import pytest

from conftest import make_user
from danvan.core.models import AuditEvent
from danvan.workcal.models import DayOverride, DeadlineRuleVersion


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("sieuquantri", is_superuser=True, is_staff=True))
    return client


def test_adding_a_day_off_in_the_admin_writes_an_audit_row(admin_client):
    response = admin_client.post(
        "/quan-tri/workcal/dayoverride/add/",
        {"date": "2026-01-02", "kind": "day_off", "scope": "national", "basis": "Công văn 12729"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = DayOverride.objects.get(date=dt.date(2026, 1, 2))
    event = AuditEvent.objects.get(action="day_override.create", object_id=str(override.pk))
    assert event.actor.username == "sieuquantri"


def test_the_admin_shows_the_service_refusal_on_the_form(admin_client):
    response = admin_client.post(
        "/quan-tri/workcal/dayoverride/add/",
        {"date": "2026-01-04", "kind": "day_off", "scope": "national", "basis": "Nhầm ngày"},
    )
    assert response.status_code == 200
    assert "vốn đã là ngày nghỉ" in response.content.decode()
    assert not DayOverride.objects.filter(date=dt.date(2026, 1, 4)).exists()


def test_archiving_from_the_admin_goes_through_the_service(admin_client):
    override = DayOverride.objects.get(date=dt.date(2024, 5, 4))
    response = admin_client.post(
        "/quan-tri/workcal/dayoverride/",
        {"action": "archive", "_selected_action": [override.pk]},
    )
    assert response.status_code == 302
    override.refresh_from_db()
    assert override.archived_at is not None
    assert AuditEvent.objects.filter(action="day_override.archive").count() == 1


def test_editing_a_rule_in_the_admin_writes_an_audit_row(admin_client):
    rule = DeadlineRuleVersion.objects.get(code="petition-classify")
    url = f"/quan-tri/workcal/deadlineruleversion/{rule.pk}/change/"
    assert admin_client.get(url).status_code == 200
    data = {
        "code": rule.code,
        "step": rule.step,
        "days": "12",
        "unit": rule.unit,
        "trigger": rule.trigger,
        "days_complex": "",
        "days_remote": "",
        "days_complex_remote": "",
        "extension_days": "0",
        "max_extensions": "0",
        "extensions_for_complex": "",
        "basis": rule.basis,
        "note": rule.note,
        "valid_from": "",
        "valid_to": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.days == 12 and rule.version == 2
    event = AuditEvent.objects.get(action="deadline_rule.update")
    assert event.before["days"] == 10 and event.after["days"] == 12


def test_there_is_no_delete_in_the_admin(admin_client):
    override = DayOverride.objects.get(date=dt.date(2024, 5, 4))
    response = admin_client.get(f"/quan-tri/workcal/dayoverride/{override.pk}/delete/")
    assert response.status_code == 403
