"""Register services and the figures they feed into unit reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from danvan.registers import services
from danvan.registers.models import PropagandaActivity
from danvan.reports import sources
from danvan.reports.models import ReportPeriod, UnitReport

from .conftest import OFFICIAL


def _activity(world, unit, day, participants, by):
    return services.propaganda_create(
        unit=unit,
        held_on=day,
        format="loudspeaker",
        target_groups=["remote"],
        title=f"Phát thanh {day}",
        participants=participants,
        by=by,
    )


def _report(world, starts, ends):
    form = world.plan.report_forms.create(title="Mẫu")
    period = ReportPeriod.objects.create(
        plan=world.plan,
        kind="annual",
        year=2026,
        title="Báo cáo năm 2026",
        starts_on=starts,
        ends_on=ends,
        status="open",
        form=form,
    )
    return UnitReport.objects.create(period=period, unit=world.unit_a)


def test_sources_count_the_units_records_inside_the_window(world, records):
    _activity(world, world.unit_a, dt.date(2025, 12, 15), 40, world.officer_a)  # first day
    _activity(world, world.unit_a, dt.date(2025, 12, 14), 999, world.officer_a)  # day before
    _activity(world, world.unit_b, dt.date(2026, 2, 1), 500, world.officer_b)  # other unit
    archived = _activity(world, world.unit_a, dt.date(2026, 2, 2), 700, world.officer_a)
    services.propaganda_archive(activity=archived, by=world.officer_a)
    report = _report(world, dt.date(2025, 12, 15), dt.date(2026, 12, 14))
    events, detail = sources.compute("registers.propaganda_events", report)
    assert events == 2 and "2 hoạt động" in detail
    participants, _detail = sources.compute("registers.propaganda_participants", report)
    assert participants == 150 + 40
    disciplined, _detail = sources.compute("registers.officials_disciplined", report)
    assert disciplined == 1
    services.discipline_case_create(
        unit=world.unit_a,
        official_name="Lê Văn Khác",
        violation_kind="abuse",
        description="Lạm quyền trong cấp phép",
        decision_number="31/QĐ",
        decision_date=dt.date(2026, 6, 1),
        discipline_form="warning",
        by=world.coordinator,
    )
    assert sources.compute("registers.officials_disciplined", report)[0] == 1  # harassment only


def test_sources_leave_the_figure_to_the_unit_when_its_register_is_empty(world, records):
    report = _report(world, dt.date(2025, 12, 15), dt.date(2026, 12, 14))
    report_b = UnitReport.objects.create(period=report.period, unit=world.unit_b)
    for key in (
        "registers.propaganda_events",
        "registers.propaganda_participants",
        "registers.officials_disciplined",
    ):
        assert sources.compute(key, report_b) is None
    # an inspection without any case: the register does say 0 officials were disciplined
    services.inspection_create(
        held_on=dt.date(2026, 6, 1),
        inspecting_unit=world.snv,
        inspected_unit=world.unit_b,
        scope="Kiểm tra đột xuất",
        by=world.coordinator,
    )
    assert sources.compute("registers.officials_disciplined", report_b)[0] == 0


def test_description_may_not_carry_the_name(world):
    with pytest.raises(ApplicationError, match="không ghi họ tên"):
        services.discipline_case_create(
            unit=world.unit_a,
            official_name="Nguyễn Văn A",
            violation_kind="harassment",
            description="Ông nguyen van a hẹn lại hồ sơ",
            decision_number="1/QĐ",
            decision_date=dt.date(2026, 1, 5),
            discipline_form="reprimand",
            by=world.head_a,
        )


def test_same_decision_twice_in_a_unit_is_refused(world, records):
    with pytest.raises(ApplicationError, match="số quyết định này"):
        services.discipline_case_create(
            unit=world.unit_a,
            official_name="Người khác",
            violation_kind="harassment",
            description="Khác",
            decision_number="27/QĐ-STTTT",
            decision_date=dt.date(2026, 1, 5),
            discipline_form="reprimand",
            by=world.head_a,
        )


def test_inspection_of_another_unit_cannot_back_a_case(world, records):
    with pytest.raises(ApplicationError, match="không kiểm tra đơn vị này"):
        services.discipline_case_create(
            unit=world.unit_b,
            official_name="B",
            violation_kind="harassment",
            description="C",
            decision_number="2/QĐ",
            decision_date=dt.date(2026, 5, 6),
            discipline_form="reprimand",
            inspection=records["inspection"],
            by=world.coordinator,
        )


def test_propaganda_validation_and_optimistic_locking(world, records):
    with pytest.raises(ApplicationError, match="ít nhất một đối tượng"):
        services.propaganda_create(
            unit=world.unit_a,
            held_on=dt.date(2026, 1, 2),
            format="other",
            target_groups=[],
            title="X",
            participants=1,
            by=world.officer_a,
        )
    with pytest.raises(ApplicationError, match="sau hôm nay"):
        _activity(world, world.unit_a, dt.date.today() + dt.timedelta(days=2), 1, world.officer_a)
    with pytest.raises(PermissionDeniedError):
        _activity(world, world.unit_a, dt.date(2026, 1, 2), 1, world.officer_b)
    activity = records["activity"]
    services.propaganda_update(activity=activity, expected_version=1, title="Mới", by=world.head_a)
    with pytest.raises(ConflictError):
        services.propaganda_update(
            activity=activity, expected_version=1, title="Cũ", by=world.officer_a
        )


def test_filters_search_without_diacritics_and_by_group(world, records, client):
    client.force_login(world.viewer)
    url = reverse("registers:propaganda_list")
    assert (
        records["activity"].title in client.get(url + "?q=hoi nghi tuyen truyen").content.decode()
    )
    assert "Chưa có hoạt động" in client.get(url + "?doi_tuong=religious").content.decode()
    assert records["activity"].title in client.get(url + "?doi_tuong=ethnic").content.decode()
    assert "Chưa có hoạt động" in client.get(url + "?tu_ngay=2026-04-01").content.decode()
    csv = client.get(url + "?dinh_dang=csv&doi_tuong=ethnic").content.decode("utf-8-sig")
    assert "Đồng bào dân tộc thiểu số" in csv and "150" in csv


def test_form_keeps_typed_text_on_error_and_stores_evidence(world, client, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.officer_a)
    data = {
        "unit": world.unit_a.pk,
        "held_on": "2026-06-01",
        "format": "door_to_door",
        "target_groups": ["remote"],
        "title": "Đến từng hộ ở ấp Xẻo Nhàu",
        "participants": 42,
    }
    bad = client.post(
        reverse("registers:propaganda_create"),
        {**data, "evidence": SimpleUploadedFile("anh.png", b"not an image")},
    )
    assert bad.status_code == 200 and "Đến từng hộ ở ấp Xẻo Nhàu" in bad.content.decode()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    ok = client.post(
        reverse("registers:propaganda_create"),
        {**data, "evidence": SimpleUploadedFile("<b>biên bản</b>.pdf", pdf)},
    )
    assert ok.status_code == 302
    activity = PropagandaActivity.objects.get(title__startswith="Đến từng hộ")
    assert "<" not in activity.original_name and activity.file.name.endswith(".pdf")
    download = client.get(reverse("registers:propaganda_evidence", args=[activity.pk]))
    assert download.status_code == 200 and download["Content-Security-Policy"].startswith(
        "default-src 'none'"
    )
    client.force_login(world.officer_b)
    assert (
        client.get(reverse("registers:propaganda_evidence", args=[activity.pk])).status_code == 404
    )


def test_case_page_hides_history_from_those_without_personal_data(world, records, client):
    client.force_login(world.officer_a)
    html = client.get(reverse("registers:case", args=[records["case"].pk])).content.decode()
    assert OFFICIAL not in html and "Lịch sử thay đổi" not in html


def test_case_and_inspection_corrections_through_the_api(world, records):
    import json

    from django.test import Client

    head = Client()
    head.force_login(world.head_a)
    case = records["case"]
    url = f"/api/v1/registers/discipline-cases/{case.pk}"
    body = {"version": case.version, "discipline_form": "warning"}
    saved = head.patch(url, json.dumps(body), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["discipline_form"] == "warning"
    assert saved.json()["official_name"] == OFFICIAL
    stale = head.patch(url, json.dumps(body), content_type="application/json")
    assert stale.status_code == 409
    officer = Client()
    officer.force_login(world.officer_a)
    refused = officer.patch(
        url,
        json.dumps({"version": 2, "discipline_form": "reprimand"}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    inspection = records["inspection"]
    done = coordinator.patch(
        f"/api/v1/registers/inspections/{inspection.pk}",
        json.dumps({"version": inspection.version, "findings": "Đã chấn chỉnh."}),
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["findings"] == "Đã chấn chỉnh."
    archived = coordinator.post(f"/api/v1/registers/propaganda/{records['activity'].pk}/archive")
    assert archived.status_code == 200
    assert coordinator.get("/api/v1/registers/propaganda").json() == []


def test_photo_evidence_is_reencoded_without_metadata(world, tmp_path, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    image = Image.new("RGB", (4000, 1000), "red")
    exif = Image.Exif()
    exif[0x010E] = "GPS 10.0123, 105.0456 bí mật"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    assert b"105.0456" in buffer.getvalue()
    activity = services.propaganda_create(
        unit=world.unit_a,
        held_on=dt.date(2026, 2, 1),
        format="conference",
        target_groups=["officials"],
        title="Ảnh hội nghị",
        participants=10,
        evidence=SimpleUploadedFile("anh hội nghị.jpg", buffer.getvalue()),
        by=world.officer_a,
    )
    stored = activity.file.read()
    assert b"105.0456" not in stored and activity.size == len(stored)
    with Image.open(io.BytesIO(stored)) as saved:
        assert saved.size == (3000, 750)
    with pytest.raises(ApplicationError, match="Không đọc được ảnh") as exc:
        services.propaganda_create(
            unit=world.unit_a,
            held_on=dt.date(2026, 2, 1),
            format="conference",
            target_groups=["officials"],
            title="Ảnh hỏng",
            participants=10,
            evidence=SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100),
            by=world.officer_a,
        )
    assert exc.value.field == "evidence"
