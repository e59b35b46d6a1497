"""Report pages: what each role sees, who gets 404, what a refused save keeps, downloads."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.reports import services
from danvan.reports.models import ReportPeriod, ReportStatus, UnitReport

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIGURES = {"TT01": "12", "TT02": "1.450", "DVK01": "3", "KL01": "0", "TCD01": "12"}
DONE_TEXT = "Tổ chức 12 hội nghị quán triệt Chỉ thị 33 cho 1.450 lượt cán bộ."


def _section(period: ReportPeriod) -> Any:
    return period.form.sections.order_by("position").first()


def _form_data(report: UnitReport, *, version: int | None = None, **overrides: str) -> dict:
    """The editor's fields as a browser posts them (every section, typed figures)."""
    data: dict[str, str] = {"version": str(report.version if version is None else version)}
    for section in report.period.form.sections.all():
        for part in ("done", "results", "shortcomings", "proposals"):
            data[f"s-{section.code}-{part}"] = ""
    data[f"s-{_section(report.period).code}-done"] = DONE_TEXT
    for code, value in FIGURES.items():
        data[f"v-{code}"] = value
    data.update(overrides)
    return data


def _open(world: Any, period: ReportPeriod, unit: str = "a") -> UnitReport:
    return services.report_open_for_unit(
        period=period, unit=getattr(world, f"unit_{unit}"), by=getattr(world, f"officer_{unit}")
    )


def _submitted(world: Any, period: ReportPeriod, unit: str = "a") -> UnitReport:
    report = _open(world, period, unit)
    section = _section(period)
    report = services.report_save(
        report=report,
        expected_version=report.version,
        answers={section.code: {"done": DONE_TEXT, "results": "Đăng ký 3 mô hình."}},
        values=FIGURES,
        by=getattr(world, f"officer_{unit}"),
    )
    return services.report_submit(report=report, by=getattr(world, f"head_{unit}"))


def _body(response: Any) -> str:
    return response.content.decode()


def _docx_text(content: bytes) -> str:
    """Every paragraph of a DOCX, those inside tables (the header, the figures) included."""
    from docx import Document

    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


# --- every page renders for each role ----------------------------------------------------------


def test_every_report_page_renders_for_each_role(world, period, login, client):
    report = _submitted(world, period, "a")
    draft_b = _open(world, period, "b")
    common = [
        reverse("reports:periods"),
        reverse("reports:period", args=[period.pk]),
    ]
    province = [
        reverse("reports:period", args=[period.pk]) + "?ca_chua_tiep_nhan=1",
        reverse("reports:charts", args=[period.pk]),
        reverse("reports:report", args=[report.pk]),
        reverse("reports:history", args=[report.pk]),
    ]
    for user in [world.coordinator, world.officer_a, world.head_b, world.viewer, world.liaison]:
        login(user)
        for url in common:
            response = client.get(url)
            assert response.status_code == 200, (user.username, url, response.status_code)
            body = _body(response)
            assert '<html lang="vi"' in body
            assert body.count("<h1") == 1, (user.username, url)
    for user in [world.coordinator, world.viewer]:
        login(user)
        for url in province:
            response = client.get(url)
            assert response.status_code == 200, (user.username, url, response.status_code)
            assert _body(response).count("<h1") == 1
    login(world.coordinator)
    response = client.get(reverse("reports:provincial", args=[period.pk]))
    assert response.status_code == 200
    assert "Soạn báo cáo tổng hợp" in _body(response)
    # The unit's own pages: the editor for the officer and the head of unit B.
    for user in [world.officer_b, world.head_b]:
        login(user)
        response = client.get(reverse("reports:report", args=[draft_b.pk]))
        assert response.status_code == 200
        body = _body(response)
        assert 'hx-post="' + reverse("reports:autosave", args=[draft_b.pk]) in body
        assert 'hx-trigger="change delay:2s, keyup delay:5s"' in body
        assert ("Lưu và gửi báo cáo" in body) == (user == world.head_b)
    # The officer of unit A reads the submitted report (no editor any more).
    login(world.officer_a)
    body = _body(client.get(reverse("reports:report", args=[report.pk])))
    assert "hx-post" not in body and DONE_TEXT in body


def test_period_list_shows_the_unit_its_report(world, period, login, client):
    report = _open(world, period, "a")
    login(world.officer_a)
    body = _body(client.get(reverse("reports:periods")))
    assert period.title in body
    assert reverse("reports:report", args=[report.pk]) in body
    assert "Tạo kỳ báo cáo" not in body  # only the coordinator creates periods


def test_anonymous_visitor_is_sent_to_login(client, world, period):
    response = client.get(reverse("reports:period", args=[period.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --- permissions --------------------------------------------------------------------------------


def test_officer_of_another_unit_gets_404_on_the_report_and_its_autosave(
    world, period, login, client
):
    report = _open(world, period, "a")
    login(world.officer_b)
    assert client.get(reverse("reports:report", args=[report.pk])).status_code == 404
    response = client.post(
        reverse("reports:autosave", args=[report.pk]), _form_data(report), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert (
        client.post(reverse("reports:report", args=[report.pk]), _form_data(report)).status_code
        == 404
    )
    assert client.get(reverse("reports:history", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:report_docx", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.version == 1 and not report.answers.exists()


def test_a_draft_stays_inside_the_unit(world, period, login, client):
    report = _open(world, period, "a")
    for user in [world.coordinator, world.viewer]:
        login(user)
        assert client.get(reverse("reports:report", args=[report.pk])).status_code == 404
    login(world.coordinator)
    body = _body(client.get(reverse("reports:period", args=[period.pk])))
    assert reverse("reports:report", args=[report.pk]) not in body  # listed, but not linked


def test_unit_users_do_not_see_the_consolidation(world, period, login, client):
    login(world.officer_a)
    body = _body(client.get(reverse("reports:period", args=[period.pk])))
    assert "Tình hình gửi báo cáo" not in body
    assert "Lập báo cáo" in body
    for name in ["charts", "provincial", "provincial_docx", "indicators_export"]:
        response = client.get(reverse(f"reports:{name}", args=[period.pk]))
        assert response.status_code == 404, name
    login(world.viewer)
    assert client.get(reverse("reports:provincial", args=[period.pk])).status_code == 403


def test_only_the_coordinator_creates_periods(world, login, client):
    login(world.head_a)
    response = client.post(reverse("reports:periods"), {"kind": "annual", "year": "2026"})
    assert response.status_code == 403
    assert not ReportPeriod.objects.exists()


def test_officer_cannot_submit_and_the_head_can(world, period, login, client):
    report = _open(world, period, "a")
    login(world.officer_a)
    response = client.post(
        reverse("reports:report", args=[report.pk]), {**_form_data(report), "action": "submit"}
    )
    assert response.status_code == 403
    login(world.head_a)
    response = client.post(
        reverse("reports:report", args=[report.pk]), {**_form_data(report), "action": "submit"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.revision_count == 1


# --- periods ------------------------------------------------------------------------------------


def test_coordinator_creates_a_period_and_sees_its_legal_window(world, login, client):
    login(world.coordinator)
    data = {
        "plan": str(world.plan.pk),
        "kind": "annual",
        "year": "2026",
        "index": "",
        "due_on": "2026-12-20",
        "remind_days_before": "3",
    }
    preview = client.post(reverse("reports:periods"), {**data, "action": "preview"})
    assert preview.status_code == 200
    assert "từ 15/12/2025 đến 14/12/2026" in _body(preview)
    assert not ReportPeriod.objects.exists()
    fragment = client.get(reverse("reports:window"), {**data, "kind": "quarterly", "index": "2"})
    assert "từ 15/03/2026 đến 14/06/2026" in _body(fragment)
    response = client.post(reverse("reports:periods"), {**data, "action": "create"})
    period = ReportPeriod.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:period", args=[period.pk]
    )
    assert (period.starts_on, period.ends_on) == (dt.date(2025, 12, 15), dt.date(2026, 12, 14))
    body = _body(client.get(response["Location"]))
    assert "từ 15/12/2025 đến 14/12/2026" in body and "Mở kỳ báo cáo" in body
    client.post(reverse("reports:period_status", args=[period.pk]), {"action": "open"})
    period.refresh_from_db()
    assert period.status == "open"


def test_period_form_refuses_a_missing_quarter(world, login, client):
    login(world.coordinator)
    response = client.post(
        reverse("reports:periods"),
        {"kind": "quarterly", "year": "2026", "remind_days_before": "3", "due_on": "2026-06-20"},
    )
    assert response.status_code == 200
    assert "Hãy nhập kỳ từ 1 đến 4" in _body(response)
    assert not ReportPeriod.objects.exists()


# --- the editor ---------------------------------------------------------------------------------


def test_editor_shows_units_ranges_required_marks_and_sources(world, period, login, client):
    report = _open(world, period, "a")
    login(world.officer_a)
    body = _body(client.get(reverse("reports:report", args=[report.pk])))
    for section in period.form.sections.all():
        assert f"<legend>{section.code}. {section.title}</legend>" in body
    for part in ["Công việc đã triển khai", "Kết quả đạt được", "Tồn tại, hạn chế và nguyên nhân"]:
        assert part in body
    assert "Đơn vị tính: lượt người" in body
    assert "Từ 0 đến 100" in body
    assert 'aria-required="true"' in body
    assert "Nhập tay (chưa có phân hệ Tiếp công dân, xử lý đơn thư)" in body
    # KH02 (share of tasks done) is computed by the plans module: read-only, source explained.
    assert "Tự động từ phân hệ Kế hoạch:" in body
    assert 'name="v-KH02"' not in body


def test_save_works_without_javascript(world, period, login, client):
    report = _open(world, period, "a")
    login(world.officer_a)
    response = client.post(reverse("reports:report", args=[report.pk]), _form_data(report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    assert report.answers.get(section=_section(period)).done == DONE_TEXT
    assert report.values.get(indicator__code="TT02").number == 1450


def test_refused_save_keeps_what_the_user_typed(world, period, login, client):
    report = _open(world, period, "a")
    login(world.officer_a)
    response = client.post(
        reverse("reports:report", args=[report.pk]), _form_data(report, **{"v-TT01": "mười"})
    )
    assert response.status_code == 200
    body = _body(response)
    assert "không phải là một con số" in body
    assert DONE_TEXT in body and 'value="mười"' in body
    report.refresh_from_db()
    assert report.version == 1 and not report.answers.exists()


def test_conflicting_save_keeps_the_text_and_says_why(world, period, login, client):
    report = _open(world, period, "a")
    services.report_save(
        report=report,
        expected_version=report.version,
        values={"TT01": 5},
        by=world.head_a,
    )
    login(world.officer_a)
    response = client.post(
        reverse("reports:report", args=[report.pk]), _form_data(report, version=1)
    )
    assert response.status_code == 200
    body = _body(response)
    assert "người khác thay đổi" in body
    assert DONE_TEXT in body
    report.refresh_from_db()
    assert report.values.get(indicator__code="TT01").number == 5


def test_autosave_returns_the_time_and_the_new_version(world, period, login, client):
    report = _open(world, period, "a")
    login(world.officer_a)
    response = client.post(
        reverse("reports:autosave", args=[report.pk]), _form_data(report), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = _body(response)
    assert re.search(r"Đã lưu lúc \d\d:\d\d", body)
    assert re.search(r'<input[^>]+id="report-version"[^>]+hx-swap-oob="true"', body)
    assert 'value="2"' in body
    report.refresh_from_db()
    assert report.version == 2


def test_autosave_conflict_returns_the_conflict_fragment(world, period, login, client):
    report = _open(world, period, "a")
    services.report_save(
        report=report, expected_version=report.version, values={"TT01": 5}, by=world.head_a
    )
    login(world.officer_a)
    response = client.post(
        reverse("reports:autosave", args=[report.pk]),
        _form_data(report, version=1),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = _body(response)
    assert 'data-state="conflict"' in body and "người khác lưu" in body
    assert "hx-swap-oob" not in body  # the page keeps its old version: Save will refuse too
    report.refresh_from_db()
    assert report.version == 2 and not report.answers.exists()


def test_autosave_reports_an_invalid_figure(world, period, login, client):
    report = _open(world, period, "a")
    login(world.officer_a)
    response = client.post(
        reverse("reports:autosave", args=[report.pk]),
        _form_data(report, **{"v-HC03": "120"}),
        HTTP_HX_REQUEST="true",
    )
    body = _body(response)
    assert 'data-state="invalid"' in body and "không được lớn hơn 100" in body


def test_submit_with_a_missing_required_figure_is_refused_next_to_the_field(
    world, period, login, client
):
    report = _open(world, period, "a")
    login(world.head_a)
    response = client.post(
        reverse("reports:report", args=[report.pk]),
        {**_form_data(report, **{"v-TCD01": ""}), "action": "submit"},
    )
    assert response.status_code == 200
    body = _body(response)
    assert "Chưa nhập chỉ tiêu bắt buộc" in body and DONE_TEXT in body
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.answers.get(section=_section(period)).done == DONE_TEXT  # the text was saved
    # The page carries the new version, so saving again is not a conflict.
    assert f'value="{report.version}"' in body


def test_evidence_is_attached_and_downloaded_only_by_allowed_people(
    world, period, login, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = _open(world, period, "a")
    login(world.officer_a)
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("reports:evidence_add", args=[report.pk]), {"files": upload})
    assert response.status_code == 302
    evidence = report.evidence.get()
    body = _body(client.get(reverse("reports:report", args=[report.pk])))
    assert "bien-ban.pdf" in body
    download = client.get(reverse("reports:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    login(world.officer_b)
    assert client.get(reverse("reports:evidence", args=[evidence.pk])).status_code == 404


# --- review, resubmission, history ---------------------------------------------------------------


def test_return_with_comments_shows_them_next_to_the_section(world, period, login, client):
    report = _submitted(world, period, "a")
    section = _section(period)
    login(world.coordinator)
    page = _body(client.get(reverse("reports:report", args=[report.pk])))
    assert "Xem xét báo cáo" in page and f'name="c-{section.code}"' in page
    response = client.post(
        reverse("reports:review", args=[report.pk]), {"decision": "return", "comment": ""}
    )
    assert response.status_code == 422
    assert "ghi ít nhất một ý kiến" in _body(response)
    response = client.post(
        reverse("reports:review", args=[report.pk]),
        {
            "decision": "return",
            "comment": "Bổ sung số liệu so với năm trước.",
            f"c-{section.code}": "Nêu rõ tên các mô hình đã đăng ký.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    login(world.officer_a)
    body = _body(client.get(reverse("reports:report", args=[report.pk])))
    assert "Sở Nội vụ đã trả lại báo cáo để chỉnh sửa" in body
    assert "Bổ sung số liệu so với năm trước." in body
    fieldset = body[body.index(f'id="phan-{section.pk}"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert "Nêu rõ tên các mô hình đã đăng ký." in fieldset

    # Resubmission: the head fixes the text and sends again; the diff shows before and after.
    login(world.head_a)
    new_text = DONE_TEXT + " Các mô hình: “Chính quyền thân thiện”, “Một cửa không chờ”."
    response = client.post(
        reverse("reports:report", args=[report.pk]),
        {
            **_form_data(report, **{f"s-{section.code}-done": new_text, "v-TT01": "14"}),
            "action": "submit",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.revision_count == 2
    login(world.coordinator)
    body = _body(client.get(reverse("reports:history", args=[report.pk]), {"tu": 1, "den": 2}))
    assert "<del>" + DONE_TEXT in body and "<ins>" + new_text in body
    assert "TT01" in body and "<del>12</del>" in body and "<ins>14</ins>" in body

    response = client.post(
        reverse("reports:review", args=[report.pk]), {"decision": "accept", "comment": ""}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


# --- consolidation ---------------------------------------------------------------------------


def test_consolidation_shows_completeness_totals_drilldown_and_traced_paragraphs(
    world, period, login, client
):
    a = _submitted(world, period, "a")
    b = _submitted(world, period, "b")
    services.report_accept(report=a, by=world.coordinator)
    login(world.coordinator)
    body = _body(client.get(reverse("reports:period", args=[period.pk])))
    assert "Tình hình gửi báo cáo" in body and "Đúng hạn" in body
    assert world.unit_a.name in body and world.unit_b.name in body
    # Only the accepted report counts by default: TT02 = 1.450; with B submitted too: 2.900.
    totals = body[body.index('id="chi-tieu"') :]
    assert "1.450" in totals
    assert 'id="chi-tiet-' in totals
    both = _body(client.get(reverse("reports:period", args=[period.pk]), {"ca_chua_tiep_nhan": 1}))
    assert "2.900" in both
    draft = body[body.index('id="du-thao"') :]
    assert reverse("reports:report", args=[a.pk]) in draft
    assert reverse("reports:report", args=[b.pk]) in draft
    assert DONE_TEXT in draft


def test_provincial_report_editor_saves_and_keeps_text_on_conflict(world, period, login, client):
    _submitted(world, period, "a")
    section = _section(period)
    login(world.coordinator)
    url = reverse("reports:provincial", args=[period.pk])
    page = _body(client.get(url))
    assert world.unit_a.name in page  # the draft paragraphs, labelled with their unit
    data = {
        "version": "0",
        "number": "215",
        "symbol": "215/BC-UBND",
        "place": "Thử Nghiệm",
        "date": "2026-12-20",
        "subject": "Kết quả thực hiện công tác dân vận chính quyền năm 2026",
        "intro": "Mở đầu.",
        f"n-{section.code}": "Toàn tỉnh đã tổ chức 12 hội nghị.",
        "conclusion": "Kết luận.",
        "recipients": "Bộ Nội vụ;\nLưu: VT.",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn A",
    }
    assert client.post(url, data).status_code == 302
    provincial = period.provincial_report
    assert provincial.symbol == "215/BC-UBND"
    assert provincial.narrative[section.code] == "Toàn tỉnh đã tổ chức 12 hội nghị."
    assert provincial.recipients == ["Bộ Nội vụ;", "Lưu: VT."]
    stale = {**data, "version": "0", f"n-{section.code}": "Bản của người thứ hai, chưa lưu."}
    response = client.post(url, stale)
    assert response.status_code == 200
    body = _body(response)
    assert "người khác thay đổi" in body
    assert "Bản của người thứ hai, chưa lưu." in body


def test_exports_download(world, period, login, client):
    from openpyxl import load_workbook

    a = _submitted(world, period, "a")
    services.report_accept(report=a, by=world.coordinator)
    login(world.coordinator)

    response = client.get(reverse("reports:provincial_docx", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    text = _docx_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "1.450" in text

    response = client.get(reverse("reports:indicators_export", args=[period.pk]), {"xuat": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert world.unit_a.name in cells

    response = client.get(reverse("reports:indicators_export", args=[period.pk]), {"xuat": "csv"})
    assert response.status_code == 200
    csv_text = response.content.decode("utf-8-sig")
    assert "TT02" in csv_text and world.unit_a.name in csv_text and "1450" in csv_text
    for name in ["totals_export", "comparison_export"]:
        response = client.get(reverse(f"reports:{name}", args=[period.pk]))
        assert response.status_code == 200 and "TT02" in response.content.decode("utf-8-sig")
    response = client.get(reverse("reports:report_values", args=[a.pk]))
    assert response.status_code == 200 and "TT02" in response.content.decode("utf-8-sig")

    response = client.get(reverse("reports:completeness_export", args=[period.pk]), {"xuat": "csv"})
    assert response.status_code == 200
    assert world.unit_a.name in response.content.decode("utf-8-sig")
    bad = client.get(reverse("reports:indicators_export", args=[period.pk]), {"xuat": "pdf"})
    assert bad.status_code == 404

    response = client.get(reverse("reports:report_docx", args=[a.pk]))
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and DONE_TEXT in text


def test_charts_page_gives_the_numbers_as_tables_and_json(world, period, login, client):
    a = _submitted(world, period, "a")
    services.report_accept(report=a, by=world.coordinator)
    login(world.coordinator)
    response = client.get(reverse("reports:charts", args=[period.pk]), {"chi_tieu": "TT02"})
    assert response.status_code == 200
    body = _body(response)
    for chart_id in ["chart-progress-data", "chart-by-unit-data", "chart-compare-data"]:
        if chart_id == "chart-compare-data":
            continue  # no previous period in this world
        assert f'<script id="{chart_id}" type="application/json">' in body
    assert "vendor/chartjs/chart.umd.min.js" in body and "js/report-charts.js" in body
    assert "<table" in body and "1.450" in body
    assert "<script>" not in body  # nothing inline: the CSP forbids it
    assert 'style="' not in body


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_completeness_table_downloads_for_province_readers(world, period, login, client, fmt):
    login(world.viewer)
    response = client.get(reverse("reports:completeness_export", args=[period.pk]), {"xuat": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_save_after_the_head_submitted_keeps_the_text_and_saves_nothing(
    world, period, login, client
):
    report = _open(world, period, "a")
    typed = _form_data(report, **{f"s-{_section(period).code}-proposals": "Đề xuất mới, chưa lưu."})
    _submitted(world, period, "a")
    login(world.officer_a)
    response = client.post(reverse("reports:report", args=[report.pk]), typed)
    assert response.status_code == 409
    body = _body(response)
    assert "không lưu được nữa" in body and "Đề xuất mới, chưa lưu." in body
    assert "hx-post" not in body
    autosave = client.post(
        reverse("reports:autosave", args=[report.pk]), typed, HTTP_HX_REQUEST="true"
    )
    assert autosave.status_code == 200 and 'data-state="locked"' in _body(autosave)
    report.refresh_from_db()
    assert not report.answers.filter(proposals="Đề xuất mới, chưa lưu.").exists()
    login(world.viewer)  # someone outside the unit is refused, not shown a form
    response = client.post(reverse("reports:report", args=[report.pk]), typed)
    assert response.status_code == 403
