"""The reports API: periods, the unit's own report with autosave and locking, review, totals."""

from __future__ import annotations

import pytest
from django.test import Client

from danvan.reports import services

from .conftest import REQUIRED_FIGURES, submitted

API = "/api/v1/reports"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def put(client, url, body):
    return client.put(url, body, content_type="application/json")


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_units_list_open_periods_and_read_the_form(world, period):
    client = client_for(world.officer_a)
    periods = client.get(f"{API}/periods").json()
    assert [p["id"] for p in periods] == [period.pk]
    assert periods[0]["starts_on"] == "2025-12-15" and periods[0]["due_on"] == "2026-12-10"
    form = client.get(f"{API}/periods/{period.pk}/form").json()
    assert [s["code"] for s in form["sections"]] == ["3"]
    dt02 = next(i for i in form["indicators"] if i["code"] == "DT02")
    assert (dt02["value_type"], dt02["max_value"], dt02["computed_source"]) == (
        "percent",
        "100",
        "petitions.resolved_on_time_percent",
    )


def test_a_draft_period_is_a_404_for_units(world):
    draft = services.period_create(kind="annual", year=2027, by=world.coordinator)
    assert client_for(world.officer_a).get(f"{API}/periods/{draft.pk}").status_code == 404
    assert client_for(world.coordinator).get(f"{API}/periods/{draft.pk}").status_code == 200


def test_officer_autosaves_the_unit_report_and_a_stale_version_is_a_409(world, period):
    officer, head = client_for(world.officer_a), client_for(world.head_a)
    report = officer.get(f"{API}/periods/{period.pk}/my-report").json()
    assert report["status"] == "draft"
    assert report["values"]["KH01"]["source"] == "computed"
    url = f"{API}/periods/{period.pk}/my-report"
    saved = put(
        officer,
        url,
        {
            "version": report["version"],
            "answers": {"3": {"results": "Công nhận 2 mô hình."}},
            "values": {"HC01": "1.450", "HC03": 87.5},
        },
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["version"] == report["version"] + 1
    assert body["values"]["HC01"] == {
        "value": "1450",
        "display": "1.450",
        "source": "manual",
        "source_detail": "",
    }
    assert body["answers"]["3"]["results"] == "Công nhận 2 mô hình."
    stale = put(head, url, {"version": report["version"], "values": {"HC01": 1}})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"


def test_an_invalid_figure_is_a_422_naming_the_indicator(world, period):
    officer = client_for(world.officer_a)
    report = officer.get(f"{API}/periods/{period.pk}/my-report").json()
    response = put(
        officer,
        f"{API}/periods/{period.pk}/my-report",
        {"version": report["version"], "values": {"HC03": 130}},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "values.HC03"


def test_unit_b_officer_cannot_read_unit_a_draft(world, period):
    draft = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    for who in ("officer_b", "head_b", "coordinator", "viewer", "liaison"):
        response = client_for(getattr(world, who)).get(f"{API}/unit-reports/{draft.pk}")
        assert response.status_code == 404, who
    assert client_for(world.officer_a).get(f"{API}/unit-reports/{draft.pk}").status_code == 200


def test_unit_b_officer_cannot_write_into_unit_a_report_by_naming_the_unit(world, period):
    response = put(
        client_for(world.officer_b),
        f"{API}/periods/{period.pk}/my-report?unit_id={world.unit_a.pk}",
        {"version": 1, "values": {"TT01": 1}},
    )
    assert response.status_code == 404


def test_a_caller_without_a_unit_to_write_for_is_refused(world, period):
    response = client_for(world.coordinator).get(f"{API}/periods/{period.pk}/my-report")
    assert response.status_code == 403


def test_submit_return_resubmit_accept_through_the_api(world, period):
    officer, head = client_for(world.officer_a), client_for(world.head_a)
    coordinator = client_for(world.coordinator)
    report = officer.get(f"{API}/periods/{period.pk}/my-report").json()
    url = f"{API}/unit-reports/{report['id']}"
    assert post(head, f"{url}/submit").status_code == 422  # required figures missing
    saved = put(
        officer,
        f"{API}/periods/{period.pk}/my-report",
        {"version": report["version"], "values": REQUIRED_FIGURES},
    ).json()
    assert post(officer, f"{url}/submit").status_code == 403  # only the head submits
    sent = post(head, f"{url}/submit")
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    assert coordinator.get(url).status_code == 200
    assert post(coordinator, f"{url}/return", {"comments": []}).status_code == 422
    assert post(head, f"{url}/return", {"comments": [{"text": "x"}]}).status_code == 403
    returned = post(
        coordinator, f"{url}/return", {"comments": [{"indicator": "TT02", "text": "Kiểm tra"}]}
    ).json()
    assert returned["status"] == "returned"
    assert returned["comments"][0]["indicator"] == "TT02"
    put(
        officer,
        f"{API}/periods/{period.pk}/my-report",
        {"version": returned["version"], "values": {"TT02": 1540}},
    )
    assert post(head, f"{url}/submit").json()["revision_count"] == 2
    accepted = post(coordinator, f"{url}/accept", {"comment": "Đạt"})
    assert accepted.json()["status"] == "accepted"
    assert saved["version"] < accepted.json()["version"]


def test_completeness_and_totals_are_for_province_readers(world, period):
    report = submitted(world, period, "a")
    services.report_accept(report=report, by=world.coordinator)
    for who in ("officer_a", "head_b", "liaison"):
        client = client_for(getattr(world, who))
        assert client.get(f"{API}/periods/{period.pk}/completeness").status_code == 403
        assert client.get(f"{API}/periods/{period.pk}/totals").status_code == 403
    viewer = client_for(world.viewer)
    rows = viewer.get(f"{API}/periods/{period.pk}/completeness").json()
    assert {(r["unit_id"], r["status"]) for r in rows} == {
        (world.unit_a.pk, "accepted"),
        (world.unit_b.pk, "not_started"),
    }
    totals = {t["code"]: t for t in viewer.get(f"{API}/periods/{period.pk}/totals").json()}
    assert totals["TT02"]["value"] == "1450"
    assert totals["KH01"]["value"] == 0
    assert totals["TT02"]["per_unit"][0]["unit_id"] == world.unit_a.pk


@pytest.mark.parametrize("path", ["/periods", "/periods/1", "/unit-reports/1"])
def test_anonymous_callers_are_refused(db, path):
    assert Client().get(f"{API}{path}").status_code == 401
