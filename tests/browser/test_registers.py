"""Browser test of the registers: a unit officer records a propaganda activity through the
form; the head of UBND thành phố Rạch Giá sees the name of the official disciplined in the
demo, the unit's officer and the leadership see the case without it. Pages pass axe-core and
are photographed at 390 px wide."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

NAME = "Nguyễn Văn Demo"


def test_officer_records_an_activity_and_names_stay_with_the_head(
    page_for: Any, axe_check: Any, demo_server: Any, tmp_path: Path
) -> None:
    page = page_for("canbo.stttt")
    page.goto(demo_server.url + "/so-theo-doi/tuyen-truyen/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoạt động tuyên truyền")
    page.get_by_role("link", name="Ghi hoạt động").click()
    page.get_by_label("Ngày tổ chức").fill("2024-10-05")
    page.get_by_label("Hình thức").select_option(label="Mạng xã hội")
    page.get_by_label("Đồng bào dân tộc thiểu số").check()
    page.get_by_label("Người dân vùng sâu, vùng xa").check()
    page.get_by_label("Nội dung, chủ đề").fill(
        "Livestream hỏi đáp thủ tục hành chính bằng tiếng Khmer"
    )
    page.get_by_label("Số lượt người tham dự").fill("1250")
    axe_check(page, "propaganda form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Livestream hỏi đáp")
    expect(page.locator(".register-facts")).to_contain_text("Đồng bào dân tộc thiểu số")
    page.goto(demo_server.url + "/so-theo-doi/tuyen-truyen/?q=livestream")
    expect(page.locator("#propaganda-table tbody tr")).to_have_count(1)
    expect(page.locator("#propaganda-table")).to_contain_text("1250")
    axe_check(page, "propaganda list")

    head = page_for("truong.rachgia")
    head.goto(demo_server.url + "/so-theo-doi/ky-luat/")
    expect(head.locator("#case-table")).to_contain_text(NAME)
    expect(head.locator("#case-table")).to_contain_text("215/QĐ-UBND")
    axe_check(head, "case list (head)")

    for username in ("canbo.rachgia", "lanhdao"):
        reader = page_for(username, viewport=PHONE)
        reader.goto(demo_server.url + "/so-theo-doi/ky-luat/")
        table = reader.locator("#case-table")
        expect(table).to_contain_text("Hẹn lại hồ sơ đăng ký kinh doanh")
        expect(table).to_contain_text("(ẩn – dữ liệu cá nhân)")
        expect(table).not_to_contain_text(NAME)
        assert NAME not in reader.content()
        axe_check(reader, f"case list ({username}, 390 px)")
        width = reader.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"page scrolls sideways at 390 px ({width}px)"
    shots = Path(os.environ.get("DANVAN_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    reader.screenshot(path=str(shots / "registers-cases-390.png"), full_page=True)
    phone = page_for("canbo.stttt", viewport=PHONE)
    phone.goto(demo_server.url + "/so-theo-doi/tuyen-truyen/")
    phone.screenshot(path=str(shots / "registers-propaganda-390.png"), full_page=True)
