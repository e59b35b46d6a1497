"""Acceptance tests of petitions (issue 5, "Done when"), clicked through as people do.

An officer of Thanh tra tỉnh registers a denunciation, classifies, accepts, extends and
resolves it; every due date the page shows equals `danvan.lib.deadlines.compute_due` for the
same inputs. Users without the right (coordinator, leadership, officers of other units) never
see the demo denouncer's identity on any page, export or API answer, while the handler does
and the view is logged. The pages pass axe-core and are screenshotted at 390 px.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HANDLER = "canbo.thanhtra"
DEMO_NAME = "Nguyễn Văn Tố"
DEMO_ID = "091085001234"
SUBJECT = "Tố cáo cán bộ thu tiền sai quy định khi chứng thực hồ sơ"


def _engine_due(code: str, start: dt.date, **flags: Any) -> str:
    from danvan.lib.deadlines import DEFAULT_RULES, compute_due, rule_for
    from danvan.workcal.selectors import caches_clear, calendar_for, deadline_rules

    caches_clear()
    # The live-server database may have been flushed of the seeded rules: the app then uses
    # the statutory defaults, and so does this check.
    rule = rule_for(code, start, deadline_rules() or DEFAULT_RULES)
    return compute_due(rule, start, calendar_for(), **flags).due.strftime("%d/%m/%Y")


def _shown_due(page: Any, rule: str) -> str:
    cell = page.locator(f"li[data-rule='{rule}'][data-current='1'] .due-date")
    expect(cell).to_have_count(1)
    return cell.inner_text().strip()


def _act(page: Any, summary: str, fill: dict[str, str], button: str | None = None) -> None:
    card = page.locator("details.action-card").filter(
        has=page.locator("summary", has_text=re.compile(rf"^{re.escape(summary)}$"))
    )
    card.locator("summary").click()
    for label, value in fill.items():
        # Required fields end their label with an asterisk.
        field = card.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        elif field.get_attribute("type") == "checkbox":
            field.check()
        else:
            field.fill(value)
    card.get_by_role("button", name=button or summary).click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")


def test_officer_handles_a_denunciation_and_due_dates_match_the_engine(page_for, axe_check):
    today = dt.date.today()
    page = page_for(HANDLER)
    page.goto(_base(page) + "/don-thu/")
    expect(page.get_by_role("heading", level=1, name="Hồ sơ đơn thư")).to_be_visible()
    page.locator("main").get_by_role("link", name="Tiếp nhận đơn").click()
    form = page.locator("main form")
    form.get_by_label("Nguồn đơn").select_option("post")
    form.get_by_label("Loại đơn (sơ bộ)").select_option("denunciation")
    form.get_by_label("Tóm tắt").fill(SUBJECT)
    form.get_by_label("Nội dung đơn").fill("Cán bộ tư pháp xã thu thêm 200.000 đồng mỗi hồ sơ.")
    form.get_by_label("Họ và tên người gửi").fill("Trịnh Thị Kín Đáo")
    form.get_by_label("Số định danh cá nhân (CCCD)").fill("091199887766")
    # A typing mistake first: the page says what is wrong and keeps the input.
    form.get_by_label("Thư điện tử nhận thông báo trạng thái").fill("khong-phai-email")
    form.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator(".field-errors")).to_contain_text("email")
    expect(form.get_by_label("Tóm tắt")).to_have_value(SUBJECT)
    form.get_by_label("Thư điện tử nhận thông báo trạng thái").fill("")
    form.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_role("heading", level=1, name="Đã tiếp nhận đơn")).to_be_visible()
    code = page.locator(".secret-box dd strong").first.inner_text().strip()
    assert re.fullmatch(r"DV-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    page.get_by_role("link", name="Mở hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    assert _shown_due(page, "petition-classify") == _engine_due("petition-classify", today)
    axe_check(page, "case detail (received)")

    _act(page, "Phân loại đơn", {"Loại đơn": "denunciation", "Thẩm quyền": "own"})
    assert _shown_due(page, "denunciation-process") == _engine_due("denunciation-process", today)

    _act(page, "Thụ lý", {"Số thông báo thụ lý": "15/TB-TTT"})
    assert _shown_due(page, "denunciation-resolve") == _engine_due("denunciation-resolve", today)
    _act(page, "Giao người xử lý", {}, button="Giao người xử lý")
    expect(page.locator("main")).to_contain_text("Đang xác minh")

    _act(
        page,
        "Gia hạn giải quyết",
        {
            "Số quyết định gia hạn": "20/QĐ-TTT",
            "Mức độ vụ việc theo quyết định": "complex",
            "Lý do gia hạn": "Phải xác minh tại nhiều nơi.",
        },
    )
    extended = _engine_due("denunciation-resolve", today, complex=True, extensions=1)
    assert _shown_due(page, "denunciation-resolve") == extended
    expect(page.locator("main")).to_contain_text("Quyết định gia hạn số 20/QĐ-TTT")

    _act(
        page,
        "Ra quyết định, kết luận",
        {
            "Số quyết định, kết luận": "25/KL-TTT",
            "Nội dung quyết định, kết luận": "Tố cáo đúng một phần; kiến nghị xử lý kỷ luật.",
        },
    )
    expect(page.locator("main")).to_contain_text("Đã có quyết định, kết luận")
    expect(page.locator("li[data-rule='denunciation-resolve'][data-current='1']")).to_contain_text(
        "Đúng hạn"
    )
    # The handler sees the identity on request, and the view is logged.
    page.get_by_label("Mục đích xem danh tính").fill("Gửi thông báo kết quả cho người tố cáo")
    page.get_by_role("button", name="Xem danh tính người tố cáo").click()
    expect(page.locator(".identity-box")).to_contain_text("Trịnh Thị Kín Đáo")
    from danvan.petitions.models import IdentityAccessLog

    views = IdentityAccessLog.objects.filter(case__tracking_code=code, user__username=HANDLER)
    assert views.count() == 1
    axe_check(page, "case detail (concluded, identity shown)")


def _base(page: Any) -> str:
    return re.match(r"^https?://[^/]+", page.url).group(0)


def _reachable(page: Any, case_id: int) -> dict[str, str]:
    base = _base(page)
    seen: dict[str, str] = {}
    for name, path in {
        "list": "/don-thu/",
        "search": "/don-thu/?q=nguyen van to",
        "detail": f"/don-thu/{case_id}/",
        "dashboard": "/don-thu/tong-quan/",
        "statistics": "/don-thu/thong-ke/",
    }.items():
        response = page.goto(base + path)
        seen[name] = page.content() if response.status == 200 else f"HTTP {response.status}"
    for name, path in {
        "csv": "/don-thu/?xuat=csv",
        "api list": "/api/v1/petitions?limit=200",
        "api detail": f"/api/v1/petitions/{case_id}",
        "api search": "/api/v1/petitions?q=nguyen%20van%20to",
    }.items():
        seen[name] = page.request.get(base + path).text()
    xlsx = page.request.get(base + "/don-thu/?xuat=xlsx")
    if xlsx.ok:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(xlsx.body())).active
        seen["xlsx"] = " ".join(str(c.value) for r in sheet.iter_rows() for c in r if c.value)
    return seen


@pytest.mark.parametrize("username", ["dieuphoi", "lanhdao", "canbo.stttt", "truong.rachgia"])
def test_users_without_the_right_never_see_the_denouncer(page_for, username):
    from danvan.petitions.models import Case

    case = Case.objects.get(source_reference="DEMO-01")
    page = page_for(username)
    seen = _reachable(page, case.pk)
    leaks = {
        where: [s for s in (DEMO_NAME, DEMO_ID, "nguyen van to") if s.lower() in text.lower()]
        for where, text in seen.items()
    }
    # The search page echoes what was typed; only the result rows matter there.
    leaks["search"] = [] if case.tracking_code not in seen["search"] else ["found by name"]
    assert {k: v for k, v in leaks.items() if v} == {}
    page.goto(_base(page) + f"/don-thu/{case.pk}/")
    expect(page.get_by_role("button", name="Xem danh tính người tố cáo")).to_have_count(0)


def test_handler_sees_the_demo_denouncer_and_it_is_logged(page_for):
    from danvan.petitions.models import Case, IdentityAccessLog

    case = Case.objects.get(source_reference="DEMO-01")
    page = page_for(HANDLER)
    page.goto(_base(page) + f"/don-thu/{case.pk}/")
    expect(page.locator("main")).not_to_contain_text(DEMO_NAME)
    page.get_by_label("Mục đích xem danh tính").fill("Liên hệ xác minh bổ sung")
    page.get_by_role("button", name="Xem danh tính người tố cáo").click()
    expect(page.locator(".identity-box")).to_contain_text(DEMO_NAME)
    expect(page.locator(".identity-box")).to_contain_text(DEMO_ID)
    log = IdentityAccessLog.objects.get(case=case)
    assert log.user.username == HANDLER and log.purpose == "Liên hệ xác minh bổ sung"


PAGES = {
    "list": "/don-thu/",
    "overdue": "/don-thu/?han=overdue",
    "intake": "/don-thu/tiep-nhan/",
    "dashboard": "/don-thu/tong-quan/",
    "statistics": "/don-thu/thong-ke/",
}


def test_petition_pages_pass_axe_and_fit_a_phone(page_for, axe_check, tmp_path):
    from danvan.petitions.models import Case

    shots = Path(os.environ.get("DANVAN_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    case = Case.objects.get(source_reference="DEMO-07")
    pages = {**PAGES, "detail": f"/don-thu/{case.pk}/"}
    for viewport in (None, {"width": 390, "height": 844}):
        page = page_for(HANDLER, viewport=viewport)
        for name, path in pages.items():
            response = page.goto(_base(page) + path)
            assert response.status == 200, path
            axe_check(page, f"{path} at {viewport or 'desktop'}")
            if viewport:
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= 390 + 1, f"{path} is {wide}px wide at 390px"
                page.screenshot(path=str(shots / f"petitions-{name}-390.png"), full_page=True)
