"""Acceptance test of public consultation on drafts (issue 6, "Done when"), clicked through.

An anonymous citizen opens the demo draft of UBND thành phố Rạch Giá, comments on its second
section and confirms the comment with the code e-mailed to her; the city's officer moderates,
closes the consultation early and answers every approved comment (the summary is refused
while one is unanswered); the head publishes the summary with the final text; the citizen
comes back through her tracking link and finds the answer in the published summary. Every
page passes axe-core; the public pages are photographed at 390 px.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
COMMENT = "Đề nghị niêm yết thêm tại chợ và bến xe để bà con buôn bán cũng được biết."
ANSWER = "Tiếp thu: bổ sung niêm yết tại chợ Rạch Giá và bến xe thành phố (khoản 1 mục II)."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _code_from_mail(to: str) -> str:
    [message] = [m for m in mail.outbox if to in m.to]
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_citizen_comments_on_a_section_and_finds_the_answer(
    demo_server: Any,
    anonymous_page: Any,
    page_for: Any,
    new_context: Any,
    axe_check: Any,
    settings: Any,
    tmp_path: Path,
):
    from danvan.consultations.demo import OPEN_TITLE

    settings.DANVAN_CONSULTATION_MIN_FILL_SECONDS = 1
    base = demo_server.url
    citizen = anonymous_page

    # The citizen finds the draft on the public list, without an account.
    citizen.goto(base + "/lay-y-kien/?q=dan chu co so")
    axe_check(citizen)
    citizen.get_by_role("link", name=OPEN_TITLE).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(OPEN_TITLE)
    axe_check(citizen)
    # The same page on a phone, with the form of section 2 open, fits 390 px.
    early = new_context(PHONE).new_page()
    early.goto(citizen.url)
    early.locator("#phan-2 summary", has_text="Góp ý phần này").click()
    axe_check(early)
    width = early.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the draft page scrolls sideways at 390 px ({width} px)"
    section = citizen.locator("#phan-2")
    expect(section).to_contain_text("II. NỘI DUNG CÔNG KHAI")
    section.locator("summary", has_text="Góp ý phần này").click()
    section.get_by_label("Nội dung góp ý").fill(COMMENT)
    section.get_by_label("Họ và tên").fill("Thị Sa Rươl")
    section.get_by_label("Địa chỉ thư điện tử").fill("sa.ruol@example.invalid")
    citizen.wait_for_timeout(1100)  # a person takes longer than the anti-bot minimum
    section.get_by_role("button", name="Gửi ý kiến").click()

    # She is asked for the code sent to her e-mail (masked on the page).
    expect(citizen.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    expect(citizen.locator("main")).to_contain_text("s***@example.invalid")
    axe_check(citizen)
    citizen.get_by_label("Mã xác thực (6 chữ số)").fill("000000x")
    citizen.get_by_role("button", name="Xác thực").click()
    expect(citizen.locator(".field-errors")).to_contain_text("Mã xác thực không đúng")
    citizen.get_by_label("Mã xác thực (6 chữ số)").fill(_code_from_mail("sa.ruol@example.invalid"))
    citizen.get_by_role("button", name="Xác thực").click()
    expect(citizen.locator(".messages")).to_contain_text("đang chờ kiểm duyệt")
    tracking_url = citizen.url
    code = re.search(r"YK-[A-Z0-9]{6}", citizen.locator("h1").inner_text()).group(0)

    # The city's officer approves it (and the other waiting comment), then closes early.
    officer = page_for("canbo.rachgia")
    officer.goto(base + "/lay-y-kien/quan-ly/")
    officer.get_by_role("link", name=OPEN_TITLE).click()
    officer.get_by_role("link", name=re.compile("^Kiểm duyệt ý kiến")).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kiểm duyệt ý kiến")
    axe_check(officer)
    card = officer.locator(f"#y-kien-{code}")
    expect(card).to_contain_text("sa.ruol@example.invalid")  # the unit sees the contact
    card.get_by_label("Duyệt", exact=True).check()
    card.get_by_role("button", name=re.compile("Ghi quyết định")).click()
    expect(officer.locator(".messages")).to_contain_text(code)
    while officer.locator("li.cons-mod").count():
        other = officer.locator("li.cons-mod").first
        other.get_by_label("Không duyệt", exact=True).check()
        other.get_by_label("Lý do không duyệt").select_option("off_topic")
        other.get_by_role("button", name=re.compile("Ghi quyết định")).click()
        expect(officer.locator(".messages")).to_contain_text("Đã kiểm duyệt")
    officer.get_by_role("link", name=OPEN_TITLE[:20], exact=False).first.click()
    officer.locator("summary", has_text="Kết thúc lấy ý kiến").click()
    officer.get_by_label(re.compile("Lý do kết thúc sớm")).fill("Đủ ý kiến để hoàn thiện dự thảo.")
    officer.get_by_role("button", name="Xác nhận kết thúc").click()
    expect(officer.locator(".messages")).to_contain_text("Đã kết thúc lấy ý kiến")

    # The summary is refused while a comment has no answer, then every comment is answered.
    officer.get_by_role("link", name="Báo cáo tiếp thu, giải trình").click()
    axe_check(officer)
    officer.get_by_role("button", name="Hoàn thành báo cáo").click()
    expect(officer.locator(".messages")).to_contain_text(code)
    mine = officer.locator(f"#y-kien-{code}")
    mine.get_by_label("Tiếp thu", exact=True).check()
    mine.get_by_label("Nội dung tiếp thu, giải trình").fill(ANSWER)
    mine.get_by_role("button", name=re.compile("Lưu trả lời")).click()
    expect(officer.locator(f"#y-kien-{code}")).to_contain_text("Tiếp thu")
    while officer.locator("li.cons-unanswered").count():
        other = officer.locator("li.cons-unanswered").first
        other.get_by_label("Giải trình", exact=True).check()
        other.get_by_label("Nội dung tiếp thu, giải trình").fill("Đã có trong quy định hiện hành.")
        other.get_by_role("button", name=re.compile("Lưu trả lời")).click()
        expect(officer.locator(".messages")).to_contain_text("Đã lưu nội dung trả lời")
    officer.get_by_role("button", name="Hoàn thành báo cáo").click()
    expect(officer.locator(".messages")).to_contain_text("Đã hoàn thành báo cáo")
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Tải báo cáo (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")

    # The head publishes it with the final text.
    head = page_for("truong.rachgia")
    head.goto(officer.url)
    head.get_by_label("Văn bản hoàn chỉnh (PDF, DOCX, ODT)").set_input_files(
        {"name": "ke-hoach-hoan-chinh.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    head.get_by_role("button", name="Công bố báo cáo và văn bản hoàn chỉnh").click()
    expect(head.locator(".messages")).to_contain_text("Đã công bố kết quả")

    # The citizen comes back on her phone and finds the answer in the published summary.
    phone = new_context(PHONE).new_page()
    phone.goto(tracking_url)
    expect(phone.locator("main")).to_contain_text(ANSWER)
    phone.get_by_role("link", name="Xem trong báo cáo tiếp thu, giải trình").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo tiếp thu, giải trình ý kiến góp ý"
    )
    answered = phone.locator(f"#y-kien-{code}")
    expect(answered).to_contain_text(COMMENT)
    expect(answered).to_contain_text(ANSWER)
    expect(answered).to_contain_text("Thị Sa Rươl")
    expect(phone.locator("main")).not_to_contain_text("sa.ruol@example.invalid")
    expect(phone.get_by_role("link", name=re.compile("ke-hoach-hoan-chinh.pdf"))).to_be_visible()
    axe_check(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the summary scrolls sideways at 390 px ({width} px)"
    shots = Path(os.environ.get("DANVAN_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(shots / "consultations-summary-390.png"), full_page=True)
    early.screenshot(path=str(shots / "consultations-draft-390.png"), full_page=True)


def _staff_paths() -> list[str]:
    from danvan.consultations.demo import OPEN_TITLE, PUBLISHED_TITLE
    from danvan.consultations.models import Consultation

    opened = Consultation.objects.get(title=OPEN_TITLE).pk
    published = Consultation.objects.get(title=PUBLISHED_TITLE).pk
    return [
        "/lay-y-kien/quan-ly/",
        "/lay-y-kien/quan-ly/tao-moi/",
        f"/lay-y-kien/quan-ly/{opened}/",
        f"/lay-y-kien/quan-ly/{opened}/kiem-duyet/?trang_thai=tat-ca",
        f"/lay-y-kien/quan-ly/{published}/",
        f"/lay-y-kien/quan-ly/{published}/tong-hop/",
        f"/lay-y-kien/{published}/",
        f"/lay-y-kien/{published}/ket-qua/",
    ]


def test_staff_pages_pass_axe_and_fit_a_phone(page_for: Any, axe_check: Any) -> None:
    page = page_for("dieuphoi", viewport=PHONE)
    base = re.match(r"^https?://[^/]+", page.url).group(0)
    for path in _staff_paths():
        response = page.goto(base + path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page, label=path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways at 390 px ({width} px)"
        if shots := os.environ.get("DANVAN_SCREENSHOT_DIR"):
            name = re.sub(r"[^a-z0-9]+", "-", path.split("?")[0]).strip("-")
            page.screenshot(path=f"{shots}/staff-{name}.png", full_page=True)


def test_consultation_pages_load_nothing_the_csp_blocks(browser: Any, demo_server: Any) -> None:
    context = browser.new_context(locale="vi-VN")  # no CSP bypass here
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on(
            "console",
            lambda msg: (
                problems.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        for path in ["/lay-y-kien/", *_staff_paths()[-2:]]:
            page.goto(demo_server.url + path)
            page.wait_for_load_state("networkidle")
        page.goto(demo_server.url + "/tai-khoan/dang-nhap/")
        page.fill("[name=username]", "canbo.rachgia")
        page.fill("[name=password]", "DanVan@2024")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in _staff_paths()[:4]:
            page.goto(demo_server.url + path)
            page.wait_for_load_state("networkidle")
        assert problems == []
    finally:
        context.close()
