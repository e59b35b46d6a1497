"""Acceptance test of the Front recommendations (issue 6, first "Done when"), clicked through.

The Front liaison (mattran) files a recommendation of Ủy ban MTTQ Việt Nam tỉnh Kiên Giang with
its signed document; the coordinator (dieuphoi) assigns it to Sở Thông tin và Truyền thông with
the suggested due date; the department's officer (canbo.stttt) answers with the signed letter;
the liaison reads the answer, opens the letter and marks it satisfied; the Front and the
department head (truong.stttt) both agree to publish, and an anonymous visitor reads the
question and the answer on the public page, without any person's name. Every page passes
axe-core; on a 390 px phone nothing sticks out of the screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TITLE = "Kiến nghị sau giám sát việc cấp đổi giấy phép bưu chính trực tuyến"
CONTENT = "Đề nghị Sở rút ngắn thời gian cấp đổi giấy phép bưu chính trên Cổng dịch vụ công."
ANSWER = "Sở đã rút ngắn thời gian giải quyết từ 10 xuống 5 ngày làm việc kể từ 01/7/2025."
COMMENT = "Ban Thường trực Ủy ban MTTQ tỉnh thống nhất với nội dung trả lời."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LIST = "/kien-nghi-mat-tran/"
PUBLIC = "/kien-nghi-mat-tran/cong-khai/"


def _pdf(name: str) -> dict[str, Any]:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _open(page: Any, base: str) -> None:
    """From the list of recommendations, open the one this test filed."""
    page.goto(base + LIST)
    expect(page.get_by_role("heading", level=1, name="Kiến nghị của Mặt trận")).to_be_visible()
    page.locator("table.front-table").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()


def _fits_phone(page: Any, label: str, tmp_path: Path) -> None:
    page.screenshot(path=str(tmp_path / f"{label}-390.png"), full_page=True)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, f"{label}: wider than a 390 px phone (screenshot in {tmp_path})"


def test_liaison_files_a_recommendation_and_reads_the_units_answer(
    page_for: Callable[..., Any],
    anonymous_page: Any,
    demo_server: Any,
    axe_check: Callable[..., Any],
    tmp_path: Path,
) -> None:
    base = demo_server.url

    # The Front liaison files the recommendation with its signed document.
    front = page_for("mattran")
    front.goto(base + LIST)
    axe_check(front, "danh sách kiến nghị")
    front.get_by_role("link", name="Gửi kiến nghị").click()
    expect(front.get_by_role("heading", level=1, name="Gửi kiến nghị")).to_be_visible()
    axe_check(front, "gửi kiến nghị")
    form = front.locator("main form")
    form.get_by_label("Tổ chức kiến nghị").select_option(
        label="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Kiên Giang"
    )
    form.get_by_label("Số, ký hiệu văn bản kiến nghị").fill("95/BC-MTTQ-BTT")
    form.get_by_label("Ngày kiến nghị").fill("2025-06-10")
    form.get_by_label("Trích yếu").fill(TITLE)
    form.get_by_label("Kiến nghị sau hoạt động").select_option("supervision")
    form.get_by_label("Ngày diễn ra hoạt động").fill("2025-06-02")
    form.get_by_label("Tên hoạt động").fill("Giám sát cung cấp dịch vụ công trực tuyến năm 2025")
    # A typing slip first: the activity cannot come after the filing date; nothing typed is lost.
    form.get_by_label("Ngày diễn ra hoạt động").fill("2025-06-12")
    form.get_by_label("Nội dung kiến nghị").fill(CONTENT)
    form.get_by_role("button", name="Gửi kiến nghị").click()
    expect(front.locator(".field-errors")).to_contain_text("Hoạt động phải diễn ra trước")
    expect(front.get_by_label("Nội dung kiến nghị")).to_have_value(CONTENT)
    expect(front.get_by_label("Trích yếu")).to_have_value(TITLE)
    front.get_by_label("Ngày diễn ra hoạt động").fill("2025-06-02")
    front.locator("input[type=file][name=files]").set_input_files(_pdf("95-BC-MTTQ.pdf"))
    front.get_by_role("button", name="Gửi kiến nghị").click()
    expect(front.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(front.locator("main")).to_contain_text("Chờ giao xử lý")
    expect(front.get_by_role("link", name="95-BC-MTTQ.pdf")).to_be_visible()
    axe_check(front, "chi tiết kiến nghị (mới gửi)")

    # The coordinator finds it among the things to do and assigns it to Sở Thông tin và
    # Truyền thông with the suggested due date.
    coord = page_for("dieuphoi")
    coord.goto(base + LIST)
    todo = coord.get_by_role("region", name="Việc cần xử lý")
    expect(todo.get_by_role("listitem").filter(has_text=TITLE)).to_contain_text(
        "Cần giao đơn vị trả lời"
    )
    _open(coord, base)
    coord.get_by_role("link", name="Giao đơn vị trả lời").click()
    expect(coord.locator("main")).to_contain_text("ngày làm việc")
    axe_check(coord, "giao đơn vị trả lời")
    coord.get_by_label("Đơn vị giải quyết").select_option(
        label="Sở Thông tin và Truyền thông tỉnh Kiên Giang"
    )
    due = coord.get_by_label("Hạn trả lời bằng văn bản").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", due), due
    coord.get_by_role("button", name="Giao đơn vị").click()
    expect(coord.locator(".messages")).to_contain_text("Đã giao Sở Thông tin và Truyền thông")
    expect(coord.locator("main")).to_contain_text("Đã giao, chờ trả lời")

    # The department's officer answers with the signed letter.
    officer = page_for("canbo.stttt")
    _open(officer, base)
    officer.locator("main").get_by_role("link", name="Trả lời kiến nghị", exact=True).click()
    axe_check(officer, "trả lời kiến nghị")
    officer.get_by_label("Số, ký hiệu văn bản trả lời").fill("1450/STTTT-BCVT")
    officer.get_by_label("Nội dung trả lời").fill(ANSWER)
    officer.locator("input[type=file][name=documents]").set_input_files(_pdf("1450-STTTT-BCVT.pdf"))
    officer.get_by_role("button", name="Gửi văn bản trả lời").click()
    expect(officer.locator(".messages")).to_contain_text("Đã gửi văn bản trả lời")

    # The liaison reads the answer, downloads the letter and marks it satisfied.
    _open(front, base)
    answer = front.locator("#tra-loi-1")
    expect(answer).to_contain_text(ANSWER)
    expect(answer).to_contain_text("1450/STTTT-BCVT")
    with front.expect_download() as download:
        answer.get_by_role("link", name="1450-STTTT-BCVT.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF
    front.get_by_role("link", name="Đánh giá trả lời").click()
    axe_check(front, "đánh giá trả lời")
    front.get_by_label("Thống nhất với nội dung trả lời").check()
    front.get_by_label("Ý kiến của Mặt trận").fill(COMMENT)
    front.get_by_role("button", name="Ghi nhận đánh giá").click()
    expect(front.locator("main")).to_contain_text("Mặt trận thống nhất với trả lời")
    expect(front.locator("#tra-loi-1")).to_contain_text(COMMENT)

    # Both sides agree to publish.
    front.get_by_role("button", name="Mặt trận đồng ý công khai").click()
    expect(front.locator(".messages")).to_contain_text("chờ bên còn lại")
    axe_check(front, "chi tiết kiến nghị (đã đánh giá)")
    head = page_for("truong.stttt")
    _open(head, base)
    head.get_by_role("button", name="Đơn vị đồng ý công khai").click()
    expect(head.locator(".messages")).to_contain_text("đã được công khai")
    expect(head.locator("main")).to_contain_text("Đã công khai")

    # Anyone reads the question and the answer on the public page; no names, no files.
    anonymous_page.goto(base + PUBLIC)
    axe_check(anonymous_page, "trang công khai")
    anonymous_page.get_by_label("Tìm (gõ có dấu hoặc không dấu)").fill("buu chinh truc tuyen")
    anonymous_page.get_by_role("button", name="Tìm", exact=True).click()
    anonymous_page.get_by_role("link", name=TITLE).click()
    main = anonymous_page.locator("main")
    expect(main).to_contain_text(CONTENT)
    expect(main).to_contain_text(ANSWER)
    expect(main).to_contain_text(COMMENT)
    text = main.inner_text()
    for name in ("Lê Minh Khoa", "Thạch Thị Sa Ly", "Huỳnh Quốc Bảo", "canbo.stttt", "mattran"):
        assert name not in text
    assert not anonymous_page.locator("a[href*='/kien-nghi-mat-tran/tep/']").count()
    axe_check(anonymous_page, "chi tiết công khai")
    public_url = anonymous_page.url

    # The main pages on a phone.
    phone = page_for("mattran", viewport=PHONE)
    phone.goto(base + LIST)
    _fits_phone(phone, "danh-sach", tmp_path)
    phone.locator("table.front-table").get_by_role("link", name=TITLE).click()
    _fits_phone(phone, "chi-tiet", tmp_path)
    phone.goto(public_url)
    _fits_phone(phone, "cong-khai", tmp_path)
    _open(coord, base)
    coord.screenshot(path=str(tmp_path / "chi-tiet-desktop.png"), full_page=True)
    coord.goto(base + LIST)
    coord.screenshot(path=str(tmp_path / "danh-sach-desktop.png"), full_page=True)


def test_front_pages_load_nothing_the_content_security_policy_blocks(
    browser: Any, demo_server: Any
) -> None:
    context = browser.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on(
            "console",
            lambda msg: (
                problems.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        page.goto(f"{demo_server.url}{PUBLIC}")
        page.get_by_role("link").filter(has_text="dịch vụ công trực tuyến").first.click()
        page.wait_for_load_state("networkidle")
        page.goto(f"{demo_server.url}/tai-khoan/dang-nhap/")
        page.fill("[name=username]", "mattran")
        page.fill("[name=password]", "DanVan@2024")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in [LIST, LIST + "gui-kien-nghi/"]:
            page.goto(f"{demo_server.url}{path}")
            page.wait_for_load_state("networkidle")
        page.goto(f"{demo_server.url}{LIST}")
        page.get_by_role("link").filter(has_text="chiếu sáng").first.click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("#tra-loi-2")).to_be_visible()
        assert problems == []
    finally:
        context.close()
