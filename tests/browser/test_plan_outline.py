"""A coordinator builds a plan by hand: the standard outline, her own items, a task, issue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from navigation import nav_click
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_coordinator_builds_a_plan_outline_by_hand_and_issues_it(
    page_for: Any, axe_check: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = page_for("dieuphoi")
    nav_click(page, "Kế hoạch, nhiệm vụ")
    page.get_by_role("link", name="Tạo kế hoạch").click()
    page.get_by_label("Số, ký hiệu").fill("88/KH-UBND")
    page.get_by_label("Trích yếu").fill("Thực hiện công tác dân vận chính quyền năm 2027")
    page.get_by_label("Năm").fill("2027")
    expect(page.get_by_label("Tạo sẵn khung kế hoạch theo Chỉ thị 33/CT-TTg")).to_be_checked()
    page.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo dự thảo kế hoạch.")
    outline = page.locator("section.outline-section h2")
    expect(outline).to_have_text(
        ["I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ, GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN"]
    )
    groups = page.locator("section.outline-section").nth(1).locator(".outline-item h3")
    expect(groups).to_have_count(7)
    axe_check(page)
    page.screenshot(path=str(SHOTS / "plan-outline.png"), full_page=True)

    # Rename task group 4, then an item typed with nothing but a title is added to section III.
    page.get_by_role("link", name="Sửa mục II.4").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa mục II.4")
    title = page.get_by_label("Tiêu đề mục")
    title.fill("Cải cách hành chính, nâng cao chỉ số SIPAS")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu mục.")
    expect(groups.nth(3)).to_have_text("4. Cải cách hành chính, nâng cao chỉ số SIPAS")

    page.get_by_role("link", name="Thêm mục vào phần III").click()
    expect(page.get_by_label("Số thứ tự mục")).to_have_value("1")
    page.get_by_role("button", name="Thêm mục").click()  # the browser asks for the title
    assert page.get_by_label("Tiêu đề mục").evaluate("el => el.validity.valueMissing")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm mục vào phần III")
    page.get_by_label("Tiêu đề mục").fill("Sở Nội vụ")
    page.get_by_label("Nội dung").fill("Hướng dẫn, theo dõi, tổng hợp kết quả thực hiện.")
    page.get_by_role("button", name="Thêm mục").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm mục.")
    expect(page.locator("section.outline-section").nth(2)).to_contain_text("Sở Nội vụ")

    # Item 2 of section I is not wanted: removed.
    page.get_by_role("link", name="Sửa mục I.2", exact=True).click()
    page.get_by_role("button", name="Xóa mục").click()
    expect(page.locator(".messages")).to_contain_text("Đã xóa mục.")
    expect(page.locator("section.outline-section").first.locator(".outline-item h3")).to_have_text(
        ["1. Mục đích"]
    )

    # A task in group 3, then the plan is issued.
    page.get_by_role("link", name="Thêm nhiệm vụ vào mục 3").click()
    page.get_by_label("Mã nhiệm vụ").fill("II.3.1")
    page.get_by_label("Tên nhiệm vụ").fill("Đăng ký mô hình “Dân vận khéo” năm 2027")
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm nhiệm vụ.")
    page.get_by_role("link", name="88/KH-UBND").first.click()
    page.get_by_role("link", name="Sửa phần II", exact=True).click()
    expect(page.locator("main")).to_contain_text("Không xóa được vì đề mục còn nhiệm vụ")
    page.get_by_role("link", name="Hủy").click()
    page.get_by_role("button", name="Ban hành").click()
    expect(page.locator(".doc-status")).to_contain_text("Đã ban hành")
