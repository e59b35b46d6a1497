"""Forms in the browser: a refused save keeps what was typed; optimistic locking; login errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from navigation import nav_click
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LOGIN_PATH = "/tai-khoan/dang-nhap/"
CONFLICT = "đã được người khác thay đổi"


def _open_own_unit_plan(page: Any) -> None:
    """Dashboard → main navigation → unit plans → the unit's own plan."""
    nav_click(page, "Kế hoạch triển khai")
    expect(page.get_by_role("heading", level=1, name="Kế hoạch triển khai")).to_be_visible()
    page.locator("main tbody tr").first.get_by_role("link").first.click()
    expect(page.locator("#up-summary")).to_be_editable()


@pytest.mark.browser
def test_refused_progress_keeps_what_was_typed(page_for: Callable[..., Any]) -> None:
    page = page_for("canbo.stttt")
    page.locator("section[aria-labelledby=own-assignments-heading] tbody tr").first.get_by_role(
        "link", name=re.compile(r"^Cập nhật tiến độ")
    ).click()
    expect(page.get_by_role("heading", level=1, name="Cập nhật tiến độ")).to_be_visible()

    narrative = (
        "Đã hoàn thành việc đăng tải 15 tin, bài về gương “Dân vận khéo” trên Cổng "
        "Thông tin điện tử tỉnh;\nđang chờ tổng hợp số liệu từ các huyện."
    )
    page.get_by_label("Tình trạng").select_option(label="Hoàn thành")
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("40")
    page.get_by_label("Kết quả thực hiện").fill(narrative)
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()

    expect(page.locator("main [role=alert]").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nhiệm vụ đã hoàn thành thì tỷ lệ phải là 100%.")
    expect(page.locator(".messages")).to_have_count(0)
    expect(page.get_by_label("Kết quả thực hiện")).to_have_value(narrative)
    expect(page.get_by_label("Tỷ lệ hoàn thành (%)")).to_have_value("40")
    expect(page.get_by_label("Tình trạng").locator("option:checked")).to_have_text("Hoàn thành")
    percent = page.get_by_label("Tỷ lệ hoàn thành (%)")
    expect(percent).to_have_attribute("aria-invalid", "true")


@pytest.mark.browser
def test_concurrent_edits_of_a_unit_plan_are_detected(page_for: Callable[..., Any]) -> None:
    """Two people of Rạch Giá edit the returned unit plan; the second save is refused."""
    first = page_for("canbo.rachgia")
    second = page_for("truong.rachgia")
    _open_own_unit_plan(first)
    _open_own_unit_plan(second)
    assert first.url == second.url

    first_text = "Bổ sung phân công Phòng Nội vụ chủ trì nhiệm vụ cải cách hành chính (mục II.4)."
    first.locator("#up-summary").fill(first_text)
    first.get_by_role("button", name="Lưu thông tin chung").click()
    expect(first.locator(".messages")).to_contain_text("Đã lưu kế hoạch triển khai.")
    expect(first.locator("#up-summary")).to_have_value(first_text)

    second_text = (
        "Xác định thời hạn hoàn thành rà soát các vụ việc khiếu nại tồn đọng, kéo dài "
        "trước ngày 30/9/2024 (mục II.6)."
    )
    second.locator("#up-summary").fill(second_text)
    second.get_by_role("button", name="Lưu thông tin chung").click()
    expect(second.locator(".form-errors")).to_contain_text(CONFLICT)
    expect(second.locator(".messages")).to_have_count(0)
    expect(second.locator("#up-summary")).to_have_value(second_text)

    # Nothing of the second text reached the database; the first one did.
    first.reload()
    expect(first.locator("#up-summary")).to_have_value(first_text)


@pytest.mark.browser
def test_returned_unit_plan_comes_back_editable(page_for: Callable[..., Any]) -> None:
    """The coordinator returns Sở TT&TT's submitted plan with a comment; the unit edits it."""
    comment = "Đề nghị bổ sung thời gian thực hiện cho hoạt động phối hợp với Công an tỉnh."
    coord = page_for("dieuphoi")
    nav_click(coord, "Kế hoạch triển khai")
    rows = coord.locator("main tbody tr").filter(has_text="Sở Thông tin và Truyền thông")
    rows.first.get_by_role("link").first.click()
    review = coord.locator("#tham-dinh")
    review.get_by_label("Trả lại để chỉnh sửa").check()
    review.get_by_label("Ý kiến").fill(comment)
    review.get_by_role("button", name="Gửi ý kiến thẩm định").click()
    expect(coord.locator(".messages")).to_contain_text("Đã trả lại kế hoạch triển khai kèm ý kiến.")

    officer = page_for("canbo.stttt")
    _open_own_unit_plan(officer)
    expect(officer.locator("main")).to_contain_text(comment)


@pytest.mark.browser
def test_wrong_password_shows_a_vietnamese_error(anonymous_page: Any, demo_server: Any) -> None:
    page = anonymous_page
    page.goto(demo_server.url + LOGIN_PATH)
    page.locator("input[name=username]").fill("dieuphoi")
    page.locator("input[name=password]").fill("sai-mat-khau-2024")
    page.locator("main form button[type=submit]").click()

    errors = page.locator(".form-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text(re.compile(r"mật khẩu", re.IGNORECASE))
    expect(errors).not_to_contain_text(re.compile(r"Please|enter a correct", re.IGNORECASE))
    expect(page.locator("input[name=username]")).to_have_value("dieuphoi")
    expect(page.locator("input[name=password]")).to_have_value("")
    assert LOGIN_PATH in page.url
