"""The denouncer's identity never reaches anyone but the handler and the unit head.

Each test renders what a user can reach (pages, search, exports, DOCX, API, notifications,
logs) and looks for the name and the ID number in the raw bytes.
"""

from __future__ import annotations

import io
import logging

import pytest
from docx import Document
from openpyxl import load_workbook

from danvan.core.models import AuditEvent
from danvan.notifications.models import Notification
from danvan.petitions import services
from danvan.petitions.models import IdentityAccessLog

from .conftest import DENOUNCER

pytestmark = pytest.mark.django_db
SECRETS = (
    DENOUNCER["name"],
    "Xuyến Quỳnh",
    "xuyen quynh",
    DENOUNCER["id_number"],
    DENOUNCER["phone"],
    DENOUNCER["email"],
)


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s.lower() in text.lower()]


def _xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _everything(client, case) -> dict[str, str]:
    reached = {
        "list": client.get("/don-thu/").content.decode(),
        "detail": client.get(f"/don-thu/{case.pk}/").content.decode(),
        "dashboard": client.get("/don-thu/tong-quan/").content.decode(),
        "statistics": client.get("/don-thu/thong-ke/").content.decode(),
        "csv": client.get("/don-thu/?xuat=csv").content.decode("utf-8-sig", "replace"),
        "api list": client.get("/api/v1/petitions").content.decode(),
        "api detail": client.get(f"/api/v1/petitions/{case.pk}").content.decode(),
        "api search": client.get("/api/v1/petitions?q=xuyen quynh").content.decode(),
    }
    # Searching by the name or the ID number must not find the case (the page echoes the
    # query itself, so only the result rows are checked).
    for query in ("Hồ Thị Xuyến Quỳnh", "xuyen quynh", DENOUNCER["id_number"]):
        page = client.get("/don-thu/", {"q": query}).content.decode()
        assert case.tracking_code not in page, query
    xlsx = client.get("/don-thu/?xuat=xlsx")
    if xlsx.status_code == 200:
        reached["xlsx"] = _xlsx_text(xlsx.content)
    for doc in case.documents.all():
        response = client.get(f"/don-thu/van-ban/{doc.pk}/")
        if response.status_code == 200:
            reached[f"docx {doc.kind}"] = _docx_text(response.content)
    return reached


@pytest.mark.parametrize(
    "who", ["coordinator", "viewer", "admin", "other_officer_a", "officer_b", "head_b", "liaison"]
)
def test_no_one_without_the_right_sees_the_identity_anywhere(
    world, denunciation, login, who, other_officer_a, caplog
):
    user = other_officer_a if who == "other_officer_a" else getattr(world, who)
    client = login(user)
    with caplog.at_level(logging.DEBUG):
        reached = _everything(client, denunciation)
        refused = client.post(
            f"/don-thu/{denunciation.pk}/danh-tinh/", {"identity-purpose": "tò mò"}
        )
    assert refused.status_code in (403, 404)
    leaks = {where: _leaks(text) for where, text in reached.items() if _leaks(text)}
    assert leaks == {}
    assert _leaks(caplog.text) == []
    assert not IdentityAccessLog.objects.exists()


def test_handler_and_head_see_it_only_on_request_and_it_is_logged(
    world, denunciation, login, caplog
):
    for user in (world.officer_a, world.head_a):
        client = login(user)
        reached = _everything(client, denunciation)
        assert {w: _leaks(t) for w, t in reached.items() if _leaks(t)} == {}
        with caplog.at_level(logging.DEBUG):
            page = client.post(
                f"/don-thu/{denunciation.pk}/danh-tinh/", {"identity-purpose": "Xác minh"}
            ).content.decode()
        assert DENOUNCER["name"] in page and DENOUNCER["id_number"] in page
        assert _leaks(caplog.text) == []
        caplog.clear()
    assert IdentityAccessLog.objects.filter(case=denunciation).count() == 2


def test_identity_is_not_in_notifications_audit_or_mail(world, denunciation, mailoutbox):
    texts = [n.text for n in Notification.objects.all()]
    audit = [f"{e.before} {e.after} {e.object_repr}" for e in AuditEvent.objects.all()]
    mails = [f"{m.subject} {m.body}" for m in mailoutbox]
    assert _leaks(" ".join(texts + audit + mails)) == []


def test_reclassified_complaint_stops_showing_the_name(world, receive, login):
    case, _ = receive(
        "Đơn phản ánh, thực chất tố cáo cán bộ.",
        submitter={**DENOUNCER},
    )
    client = login(world.coordinator)
    assert DENOUNCER["name"] in client.get("/don-thu/").content.decode()
    services.case_classify(case=case, kind="denunciation", competence="own", by=world.officer_a)
    for url in ("/don-thu/", f"/don-thu/{case.pk}/", "/don-thu/?q=xuyen", "/don-thu/?xuat=csv"):
        assert _leaks(client.get(url).content.decode("utf-8-sig")) == [], url
