"""Acceptance test of the public portal (issue 5, first "Done when"), clicked as a citizen does.

A citizen with no account opens the portal on a 390 px phone, finds the Rạch Giá People's
Committee by typing "rach gia" without diacritics, writes a petition and sends it. UBND thành
phố Rạch Giá ended on 30/6/2025 (two-tier local government): the demo's active successor is
UBND phường Rạch Giá, whose head is the city's former head (truong.rachgia); only active
units receive petitions, so the petition goes there; the page's JavaScript
solves the proof-of-work challenge (no question answered). The receipt shows the tracking
code and the secret; the lookup page shows "Đã tiếp nhận". The city's head then classifies
and accepts the case (through the petitions services) and the same lookup shows "Đã thụ lý".
A wrong secret gets the same answer as an unknown code. Every page passes axe-core.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CONTENT = (
    "Đề nghị Ủy ban nhân dân thành phố xem xét sửa chữa đoạn đường Trần Phú trước số nhà 25 "
    "bị sụt lún, nước đọng nhiều ngày gây mất an toàn cho học sinh đi học."
)


def _fits(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_citizen_submits_on_the_portal_and_tracks_the_case(
    demo_server: Any,
    new_context: Callable[..., Any],
    axe_check: Callable[..., Any],
    settings: Any,
    tmp_path: Path,
) -> None:
    from django.contrib.auth import get_user_model

    from danvan.orgs import services as orgs
    from danvan.petitions import services as petitions
    from danvan.petitions.models import Case

    settings.DANVAN_PORTAL_POW_BITS = 14  # real work in the page, a fraction of a second
    shots = Path(__import__("os").environ.get("DANVAN_SCREENSHOT_DIR", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)
    page = new_context(PHONE).new_page()

    page.goto(demo_server.url + "/cong-dan/")
    expect(page.locator("main h1")).to_have_text("Cổng tiếp nhận đơn của người dân")
    axe_check(page, "portal index")
    page.get_by_role("link", name="Gửi đơn mới").click()

    expect(page.locator("main h1")).to_contain_text("Gửi đơn khiếu nại")
    # The citizen types the old name; the dissolved city committee is not offered, but its
    # successor is, and it is the only match, so it is chosen.
    page.get_by_role("searchbox").fill("uy ban nhan dan thanh pho rach gia")
    expect(page.locator("#portal-unit-count")).to_have_text("1 cơ quan phù hợp.")
    select = page.locator("select[name=unit]")
    assert "Ủy ban nhân dân thành phố Rạch Giá" not in select.inner_text()
    expect(select.locator("option:checked")).to_have_text("Ủy ban nhân dân phường Rạch Giá")
    page.get_by_label("Kiến nghị, phản ánh").check()
    page.locator("input[name=name]").fill("Trần Thị Mai")
    page.locator("input[name=address]").fill("Số 30 đường Trần Phú, phường Vĩnh Thanh Vân")
    page.locator("input[name=phone]").fill("0913000111")
    page.locator("input[name=email]").fill("mai@example.invalid")
    page.locator("textarea[name=content]").fill(CONTENT)
    page.get_by_label("Gửi thư điện tử cho tôi").check()
    page.get_by_label("Tôi đã đọc Thông báo").check()
    # The browser proves its work; the arithmetic fallback disappears.
    expect(page.locator("#portal-submit-form[data-pow-solved='1']")).to_have_count(1)
    expect(page.locator("#portal-challenge-question")).to_be_hidden()
    axe_check(page, "portal submit form")
    assert _fits(page), "the submission form scrolls sideways on a 390 px phone"
    page.screenshot(path=str(shots / "portal-submit-390.png"), full_page=True)
    page.get_by_role("button", name="Gửi đơn").click()

    expect(page.locator("main h1")).to_have_text("Cơ quan đã nhận đơn của bạn")
    code = page.locator("#receipt-code").inner_text().strip()
    secret = page.locator("#receipt-secret").inner_text().strip()
    case = Case.objects.get(tracking_code=code)
    assert case.unit.code == "AG-P-RACHGIA" and case.channel == "portal"
    assert case.content == CONTENT
    axe_check(page, "portal receipt")
    assert _fits(page)
    page.screenshot(path=str(shots / "portal-receipt-390.png"), full_page=True)

    page.get_by_role("link", name="Tra cứu tình trạng hồ sơ").click()
    expect(page.get_by_label("Mã hồ sơ")).to_have_value(code)
    page.get_by_label("Mã bí mật").fill("ZZZZ-ZZZZ-ZZZZ")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".form-errors")).to_contain_text("Không tìm thấy hồ sơ")
    page.get_by_label("Mã bí mật").fill(secret)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#status-label")).to_have_text("Đã tiếp nhận")
    axe_check(page, "portal lookup")

    users = get_user_model().objects
    head = users.get(username="truong.rachgia")
    orgs.role_grant(user=head, unit=case.unit, role="unit_head", by=users.get(username="admin"))
    case = petitions.case_classify(case=case, kind="feedback", competence="own", by=head)
    petitions.case_accept(case=case, by=head)

    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("Mã bí mật").fill(secret)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#status-label")).to_have_text("Đã thụ lý")
    expect(page.locator(".portal-steps li")).to_have_count(3)
    assert "Trần Thị Mai" not in page.content()
    assert _fits(page)
    page.screenshot(path=str(shots / "portal-lookup-390.png"), full_page=True)

    page.goto(demo_server.url + "/cong-dan/bao-ve-du-lieu-ca-nhan/")
    expect(page.locator("main h1")).to_contain_text("xử lý dữ liệu cá nhân")
    axe_check(page, "portal privacy notice")
    assert _fits(page)
