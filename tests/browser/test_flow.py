"""Acceptance test of the foundation: assign a task, report progress with evidence, follow it up.

Everything is done by clicking through the pages as people do; URLs are only typed where a
person would paste a link (the evidence link handed to someone of another unit).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from navigation import nav_click
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PLAN_SYMBOL = "63/KH-UBND"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NARRATIVE = (
    "Sở đã tổ chức hội nghị đối thoại với Nhân dân tại xã Vĩnh Hòa Hiệp; "
    "tiếp nhận 12 ý kiến, đã trả lời trực tiếp 9 ý kiến, 3 ý kiến chuyển cơ quan chuyên môn."
)
PREFERRED_UNIT = "Sở Tư pháp"  # "Sở Tư pháp tỉnh Kiên Giang", when not yet assigned
OFFICER_NAME = "Lê Minh Khoa"  # canbo.stttt


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _open_plan(page: Any) -> None:
    """From anywhere: main navigation → plans list → plan 63/KH-UBND."""
    nav_click(page, "Kế hoạch, nhiệm vụ")
    expect(page.get_by_role("heading", level=1, name="Kế hoạch")).to_be_visible()
    row = page.locator("tbody tr").filter(has_text=PLAN_SYMBOL)
    expect(row).to_have_count(1)
    row.get_by_role("link").first.click()
    expect(page.locator(".doc-number")).to_contain_text(PLAN_SYMBOL)


def _assign_an_unassigned_unit(page: Any) -> str:
    """On the assignment screen tick one unit that does not have the task yet; return its name."""
    options = page.locator(".unit-option")
    expect(options.first).to_be_attached()
    free = options.filter(has_not=page.locator(".assigned-mark"))
    preferred = free.filter(
        has=page.locator("label > span", has_text=re.compile(rf"^\s*{PREFERRED_UNIT}\b"))
    )
    choice = preferred.first if preferred.count() else free.first
    assert free.count(), "every unit already has this task: nothing left to assign"
    name = choice.locator("label > span").first.inner_text().strip()
    box = choice.locator("input[type=checkbox]")
    box.check()
    expect(box).to_be_checked()
    return name


@pytest.mark.browser
def test_assign_report_and_follow_up(page_for: Any, demo_server: Any, tmp_path: Path) -> None:
    base = demo_server.url

    # --- 1. The coordinator assigns a task of group II.6 to one more unit --------------------
    coord = page_for("dieuphoi")
    _open_plan(coord)
    task_rows = coord.locator("tr[id^=nhiem-vu-]")
    expect(task_rows.first).to_be_visible()
    in_ii6 = task_rows.filter(has_text=re.compile(r"^\s*II\.6\.\d"))
    row = in_ii6.first if in_ii6.count() else task_rows.first
    task_code = row.locator("th, td").first.inner_text().strip()
    row.get_by_role("link").first.click()
    expect(coord.get_by_role("heading", level=1)).to_contain_text(task_code)
    task_url = coord.url

    coord.get_by_role("link", name="Giao nhiệm vụ", exact=True).first.click()
    expect(coord.get_by_role("heading", level=1, name="Giao nhiệm vụ")).to_be_visible()
    unit_name = _assign_an_unassigned_unit(coord)
    coord.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()

    expect(coord.locator(".messages")).to_contain_text("Đã giao nhiệm vụ cho 1 đơn vị.")
    assert _path(coord.url) == _path(task_url)
    units = coord.locator("article.assignment h3")
    expect(units.filter(has_text=re.compile(rf"^\s*{re.escape(unit_name)}\s*$"))).to_have_count(1)

    # --- 2. The officer of Sở Thông tin và Truyền thông reports progress with a file ---------
    officer = page_for("canbo.stttt")
    own = officer.locator("section[aria-labelledby=own-assignments-heading] tbody tr")
    expect(own.first).to_be_visible()
    not_done = own.filter(has_not=officer.locator(".badge", has_text="Hoàn thành"))
    target = not_done.first if not_done.count() else own.first
    target.get_by_role("link", name=re.compile(r"^Cập nhật tiến độ")).click()
    expect(officer.get_by_role("heading", level=1, name="Cập nhật tiến độ")).to_be_visible()
    reported_code = officer.locator("main .lead strong").first.inner_text().strip()
    assert re.match(r"^[IVX]+\.\d+", reported_code), reported_code
    expect(officer.locator("main")).to_contain_text("Sở Thông tin và Truyền thông")
    match = re.search(r"/giao/(\d+)/tien-do/", officer.url)
    assert match, officer.url
    assignment_id = match.group(1)

    pdf = tmp_path / "bien-ban-hop.pdf"
    pdf.write_bytes(TINY_PDF)
    officer.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
    officer.get_by_label("Tỷ lệ hoàn thành (%)").fill("70")
    officer.get_by_label("Kết quả thực hiện").fill(NARRATIVE)
    officer.locator("input[type=file][name=files]").set_input_files(str(pdf))
    officer.get_by_role("button", name="Gửi báo cáo tiến độ").click()

    expect(officer.locator(".messages")).to_contain_text("Đã cập nhật tiến độ.")
    card = officer.locator(f"#assignment-{assignment_id}")
    expect(card).to_contain_text("Sở Thông tin và Truyền thông")
    entry = card.locator("ol.timeline > li").filter(has_text=NARRATIVE[:60])
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("70%")
    expect(entry).to_contain_text("Đang thực hiện")
    file_link = entry.get_by_role("link", name="bien-ban-hop.pdf")
    expect(file_link).to_be_visible()
    evidence_url = base + file_link.get_attribute("href")
    reported_task_url = officer.url.split("#")[0]
    reported_on = entry.locator(".timeline-head strong").first.inner_text().strip()

    # --- 3. The coordinator downloads the evidence; another unit gets 404 -------------------
    coord2 = page_for("dieuphoi")
    coord2.goto(reported_task_url)
    link = coord2.locator(f"#assignment-{assignment_id}").get_by_role(
        "link", name="bien-ban-hop.pdf"
    )
    with coord2.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "bien-ban-hop.pdf"
    assert Path(download.path()).read_bytes() == TINY_PDF

    stranger = page_for("canbo.rachgia")
    response = stranger.context.request.get(evidence_url)
    assert response.status == 404, (response.status, evidence_url)
    assert TINY_PDF not in response.body()

    # --- 4. The coordinator sees the new update on the dashboard ----------------------------
    coord2.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Trang chủ"
    ).click()
    expect(coord2.get_by_role("heading", level=1, name="Tổng quan công việc")).to_be_visible()
    # The dashboard context has recent_updates (latest ProgressUpdate rows): the new one must
    # be shown, with its narrative, or at least its unit and percentage together with who
    # reported it or when (so that a row of the overdue or per-unit tables does not count).
    items = coord2.locator("main").locator("li, tr, article")
    by_text = items.filter(has_text=NARRATIVE[:40])
    by_unit = (
        items.filter(has_text="Sở Thông tin và Truyền thông")
        .filter(has_text="70%")
        .filter(has_text=re.compile(f"{OFFICER_NAME}|{re.escape(reported_on)}"))
    )
    recent = by_text.or_(by_unit)
    assert recent.count(), (
        "the coordinator's dashboard does not show the progress update just reported "
        f"({reported_code}, Sở Thông tin và Truyền thông, 70%): recent_updates is not rendered"
    )
    expect(recent.first).to_be_visible()
