"""Petition pages: list, filters, export, intake, detail with actions, documents."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from danvan.petitions import services
from danvan.petitions.models import Case, CaseDeadline, IdentityAccessLog, Status, Step

from .conftest import COMPLAINANT, DENOUNCER

D = dt.date
pytestmark = pytest.mark.django_db


def test_list_filters_search_and_pagination(world, login, receive):
    receive("Phản ánh về đèn chiếu sáng đường Nguyễn Trung Trực.")
    receive("Khiếu nại về bồi thường đất.", submitter=dict(COMPLAINANT, id_number=""))
    client = login(world.officer_a)
    page = client.get("/don-thu/?q=den chieu sang").content.decode()
    assert "đèn chiếu sáng" in page and "bồi thường" not in page
    page = client.get("/don-thu/?trang_thai=received&trang=999").content.decode()
    assert "bồi thường" in page
    assert client.get("/don-thu/?don_vi=abc&han=zzz&trang=x").status_code == 200


def test_other_unit_sees_nothing_and_gets_404(world, login, receive):
    case, _ = receive()
    client = login(world.officer_b)
    assert case.tracking_code not in client.get("/don-thu/").content.decode()
    assert client.get(f"/don-thu/{case.pk}/").status_code == 404
    assert client.post(f"/don-thu/{case.pk}/phan-loai/", {}).status_code == 404


def test_intake_error_keeps_input_then_creates_case(world, login):
    client = login(world.officer_a)
    data = {
        "unit": str(world.unit_a.pk),
        "channel": "post",
        "received_at": "2026-11-30T09:00",
        "content": "Đơn phản ánh tiếng ồn quán karaoke.",
        "name": "",
        "address": "Khu phố 3",
    }
    response = client.post("/don-thu/tiep-nhan/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "Hãy nhập họ và tên" in page
    assert "Đơn phản ánh tiếng ồn quán karaoke." in page and "Khu phố 3" in page
    assert not Case.objects.exists()
    data["name"] = "Lê Văn Ồn"
    page = client.post("/don-thu/tiep-nhan/", data).content.decode()
    case = Case.objects.get()
    assert case.tracking_code in page and "Mã bí mật" in page
    assert case.channel == "post"


def test_action_error_keeps_input_and_success_redirects(world, login, receive, freeze):
    freeze(D(2026, 3, 2))
    case, _ = receive()
    client = login(world.officer_a)
    response = client.post(
        f"/don-thu/{case.pk}/chuyen-don/", {"chuyen-don-to_body": "", "chuyen-don-number": "7/PC"}
    )
    assert response.status_code == 400
    assert 'value="7/PC"' in response.content.decode()
    response = client.post(
        f"/don-thu/{case.pk}/phan-loai/",
        {"phan-loai-kind": "complaint", "phan-loai-competence": "own", "phan-loai-version": 1},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLASSIFIED
    # A stale version is refused with the conflict message.
    response = client.post(
        f"/don-thu/{case.pk}/thu-ly/", {"thu-ly-accepted_on": "2026-03-02", "thu-ly-version": 1}
    )
    assert response.status_code == 400 and "người khác thay đổi" in response.content.decode()


def test_illegal_action_for_status_shows_error(world, login, receive):
    case, _ = receive()
    client = login(world.officer_a)
    response = client.post(f"/don-thu/{case.pk}/cong-khai/", {"cong-khai-public_answer": "x"})
    assert response.status_code == 400
    assert "Không thể công khai kết quả" in response.content.decode()
    assert client.post(f"/don-thu/{case.pk}/khong-co/", {}).status_code == 404


def test_viewer_reads_but_cannot_act(world, login, receive):
    case, _ = receive()
    client = login(world.viewer)
    page = client.get(f"/don-thu/{case.pk}/").content.decode()
    assert case.tracking_code in page and "Phân loại đơn" not in page
    response = client.post(
        f"/don-thu/{case.pk}/phan-loai/",
        {"phan-loai-kind": "complaint", "phan-loai-competence": "own"},
    )
    assert response.status_code == 403


def test_detail_shows_due_dates_with_reason(world, login, receive, freeze):
    freeze(D(2026, 2, 10))
    case, _ = receive()
    row = CaseDeadline.objects.get(case=case, step=Step.CLASSIFY)
    page = login(world.officer_a).get(f"/don-thu/{case.pk}/").content.decode()
    assert row.due.strftime("%d/%m/%Y") in page
    assert "Thông tư 05/2021/TT-TTCP" in page and "Tết" in page


def test_export_csv_and_xlsx(world, login, receive):
    case, _ = receive()
    client = login(world.coordinator)
    csv = client.get("/don-thu/?xuat=csv").content.decode("utf-8-sig")
    assert case.tracking_code in csv
    book = load_workbook(io.BytesIO(client.get("/don-thu/?xuat=xlsx").content))
    assert book.active.cell(row=2, column=1).value == case.tracking_code


def test_documents_are_docx_in_decree_30_layout(world, login, receive, freeze):
    freeze(D(2026, 3, 2))
    case, _ = receive()
    case = services.case_classify(case=case, kind="complaint", competence="own", by=world.officer_a)
    case = services.case_accept(case=case, number="05/TB-STTTT", by=world.officer_a)
    doc = case.documents.get()
    response = login(world.officer_a).get(f"/don-thu/van-ban/{doc.pk}/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "THÔNG BÁO" in text and "Về việc thụ lý giải quyết khiếu nại" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    )
    assert login(world.officer_b).get(f"/don-thu/van-ban/{doc.pk}/").status_code == 404


def test_denunciation_documents_never_print_the_denouncer(world, login, denunciation, freeze):
    freeze(D(2026, 3, 10))
    case = services.case_extend(
        case=denunciation,
        decision_number="01/QĐ-TTT",
        decision_date=D(2026, 3, 10),
        complexity="complex",
        by=world.officer_a,
    )
    client = login(world.head_a)
    for doc in case.documents.all():
        body = client.get(f"/don-thu/van-ban/{doc.pk}/").content
        text = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
        assert DENOUNCER["name"] not in text and DENOUNCER["id_number"] not in text
        assert "Điều 47" in text or "gia hạn" in text


def test_identity_page_logs_each_view(world, login, denunciation):
    client = login(world.officer_a)
    page = client.get(f"/don-thu/{denunciation.pk}/").content.decode()
    assert DENOUNCER["name"] not in page and "Xem danh tính người tố cáo" in page
    response = client.post(f"/don-thu/{denunciation.pk}/danh-tinh/", {"identity-purpose": ""})
    assert response.status_code == 400 and not IdentityAccessLog.objects.exists()
    response = client.post(
        f"/don-thu/{denunciation.pk}/danh-tinh/", {"identity-purpose": "Liên hệ xác minh"}
    )
    assert DENOUNCER["name"] in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    log = IdentityAccessLog.objects.get()
    assert log.user == world.officer_a and log.purpose == "Liên hệ xác minh"
    assert log.page == f"/don-thu/{denunciation.pk}/danh-tinh/"


def test_dashboard_and_statistics(world, login, receive, freeze):
    freeze(D(2026, 3, 2))
    receive()
    freeze(D(2026, 4, 20))
    client = login(world.coordinator)
    page = client.get("/don-thu/tong-quan/").content.decode()
    assert world.unit_a.name in page
    page = client.get("/don-thu/thong-ke/?starts_on=2026-01-01&ends_on=2026-12-31").content.decode()
    assert "Khiếu nại" not in page or "Chưa phân loại" in page
    assert "03/2026" in page
    csv = client.get("/don-thu/thong-ke/?xuat=csv").content.decode("utf-8-sig")
    assert world.unit_a.name in csv
    assert client.get("/don-thu/thong-ke/?starts_on=bad").status_code == 200


def test_duplicate_is_shown_and_can_be_dismissed(world, login, receive):
    from danvan.petitions.models import DuplicateLink

    first, _ = receive("Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND của UBND xã.")
    second, _ = receive("Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND của UBND xã")
    link = DuplicateLink.objects.get(case=second)
    page = login(world.viewer).get(f"/don-thu/{second.pk}/").content.decode()
    assert first.tracking_code in page and "Không trùng" not in page
    assert login(world.viewer).post(f"/don-thu/trung/{link.pk}/khong-trung/").status_code == 403
    client = login(world.officer_a)
    assert client.post(f"/don-thu/trung/{link.pk}/khong-trung/").status_code == 302
    link.refresh_from_db()
    assert link.status == "dismissed"
    assert "Có thể trùng" not in client.get(f"/don-thu/{second.pk}/").content.decode()


def test_second_complaint_from_the_intake_form(world, login, receive, freeze):
    freeze(D(2026, 3, 2))
    first, _ = receive()
    first = services.case_classify(
        case=first, kind="complaint", competence="own", by=world.officer_a
    )
    first = services.case_accept(case=first, by=world.officer_a)
    first = services.case_conclude(
        case=first,
        decision_number="9/QĐ",
        decision_date=D(2026, 3, 2),
        conclusion="Bác đơn.",
        by=world.officer_a,
    )
    client = login(world.officer_b)  # the next level up cannot read the first case
    data = {
        "unit": str(world.unit_b.pk),
        "channel": "desk",
        "received_at": "2026-03-02T08:30",
        "content": "Không đồng ý quyết định giải quyết lần đầu.",
        "first_code": "DV-XXXX-XXXX",
    }
    page = client.post("/don-thu/tiep-nhan/", data).content.decode()
    assert "Không tìm thấy hồ sơ lần đầu" in page
    data["first_code"] = first.tracking_code.lower()
    client.post("/don-thu/tiep-nhan/", data)
    second = Case.objects.get(parent=first)
    assert second.unit == world.unit_b and second.kind_hint == "complaint"
    assert second.petitioner.name == COMPLAINANT["name"]
