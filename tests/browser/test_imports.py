"""Acceptance test of plan imports (issue 3), clicked through as the coordinator does.

dieuphoi uploads a Word plan, reviews what was read beside the original text, fixes a word in
the subject line, creates the draft plan and finds it in the plan list; the cited documents
are in the legal-document registry. Every page passes axe-core, also at phone width, and
screenshots of the main pages are saved for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from danvan.imports.tests.conftest import plan_docx_bytes

PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser
TYPO_TITLE = "Thực hiện công tác dân vận chính quyền năm 2O25"  # a letter O for a zero
FIXED_TITLE = "Thực hiện công tác dân vận chính quyền năm 2025"


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DANVAN_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_coordinator_imports_a_docx_plan_reviews_it_and_creates_the_draft(
    page_for: Any, axe_check: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DANVAN_IMPORT_RUN = "sync"
    shots = _shots(tmp_path)
    source = tmp_path / "ke-hoach-21-KH-UBND.docx"
    source.write_bytes(plan_docx_bytes(title=TYPO_TITLE))

    page = page_for("dieuphoi")
    base = page.url.split("/", 3)[:3]
    page.goto("/".join(base) + "/nhap-van-ban/")
    expect(page.get_by_role("heading", level=1, name="Nhập văn bản kế hoạch")).to_be_visible()
    axe_check(page, "import-upload")

    page.get_by_label("Tệp kế hoạch").set_input_files(str(source))
    page.get_by_role("button", name="Tải lên và đọc văn bản").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rà soát văn bản nhập")
    expect(page.get_by_role("heading", name="Văn bản gốc")).to_be_visible()
    expect(page.locator(".import-pre").first).to_contain_text("ỦY BAN NHÂN DÂN THÀNH PHỐ RẠCH GIÁ")
    expect(page.get_by_label("Số, ký hiệu")).to_have_value("21/KH-UBND")
    expect(page.get_by_label("Địa danh")).to_have_value("Rạch Giá")
    expect(page.get_by_label("Ngày ban hành")).to_have_value("2025-03-10")
    expect(page.get_by_label("Tên nhiệm vụ II.1.1")).to_contain_text(
        "Quán triệt Chỉ thị số 33/CT-TTg"
    )
    expect(page.get_by_role("rowheader", name="11-QĐi/TW")).to_be_visible()
    page.screenshot(path=str(shots / "imports-review.png"), full_page=True)
    axe_check(page, "import-review")

    title = page.get_by_label("Trích yếu")
    expect(title).to_have_value(TYPO_TITLE)
    title.fill(FIXED_TITLE)
    page.get_by_role("button", name="Lưu và tạo dự thảo kế hoạch").click()
    expect(page.get_by_text("Đã tạo dự thảo kế hoạch.")).to_be_visible()
    expect(page.locator("h1.doc-title")).to_contain_text(FIXED_TITLE)
    expect(page.get_by_role("heading", name="II. NHIỆM VỤ, GIẢI PHÁP")).to_be_visible()
    plan_url = page.url

    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_text("Kế hoạch", exact=True).click()  # the menu group
    nav.get_by_role("link", name="Kế hoạch, nhiệm vụ").click()
    row = page.get_by_role("row").filter(has_text="21/KH-UBND")
    expect(row).to_contain_text(FIXED_TITLE)
    expect(row).to_contain_text("Dự thảo")

    plan_id = plan_url.rstrip("/").rsplit("/", 1)[-1]
    page.goto("/".join(base) + f"/nhap-van-ban/van-ban-phap-ly/?plan={plan_id}")
    expect(page.get_by_role("table").get_by_role("link", name="33/CT-TTg")).to_be_visible()
    expect(page.get_by_text("Phần II, mục 1").first).to_be_visible()
    page.screenshot(path=str(shots / "imports-registry.png"), full_page=True)
    axe_check(page, "legal-registry-of-plan")

    page.goto("/".join(base) + "/nhap-van-ban/van-ban-phap-ly/?q=chi+thi+thu+tuong")
    expect(page.get_by_role("link", name="33/CT-TTg")).to_be_visible()
    page.get_by_role("link", name="33/CT-TTg").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chỉ thị số 33/CT-TTg")
    axe_check(page, "legal-document")

    phone = page_for("dieuphoi", viewport=PHONE)
    phone.goto("/".join(base) + "/nhap-van-ban/")
    phone.get_by_role("link", name="ke-hoach-21-KH-UBND.docx").click()
    expect(phone.get_by_role("heading", name="Cấu trúc đọc được")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"review page overflows at 390 px: {width}px"
    phone.screenshot(path=str(shots / "imports-review-phone.png"), full_page=True)
    axe_check(phone, "import-review-phone")


def test_a_damaged_scan_text_is_repaired_and_uncertain_words_are_marked(
    page_for: Any, axe_check: Any, settings: Any, tmp_path: Path
) -> None:
    from danvan.imports.tests.conftest import SAMPLE

    settings.DANVAN_IMPORT_RUN = "sync"
    source = tmp_path / "kien-giang-63-KH-UBND-2024.ocr.txt"
    source.write_bytes(SAMPLE.read_bytes())
    page = page_for("dieuphoi")
    base = page.url.split("/", 3)[:3]
    page.goto("/".join(base) + "/nhap-van-ban/")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(source))
    page.get_by_role("button", name="Tải lên và đọc văn bản").click()
    expect(page.get_by_role("heading", name="Văn bản đã phục hồi")).to_be_visible()
    expect(page.locator(".import-pre").first).to_contain_text("UY BAN NHAN DAN CONG HOA XA HQI")
    restored = page.locator(".import-pre").nth(1)
    expect(restored).to_contain_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    expect(restored).to_contain_text(
        "Tuyên truyền, giáo dục nâng cao nhận thức về công tác dân vận"
    )
    marks = restored.locator("mark")
    assert marks.count() > 100
    expect(restored.locator('mark[title^="Chữ gốc: doi "]').first).to_have_text("đội")
    expect(page.get_by_label("Số, ký hiệu")).to_have_value("63/KH-UBND")
    expect(page.get_by_label("Trích yếu")).to_contain_text(
        "công tác dân vận của cơ quan hành chính"
    )
    page.screenshot(path=str(_shots(tmp_path) / "imports-review-repaired.png"), full_page=False)
    restored.screenshot(path=str(_shots(tmp_path) / "imports-restored-text.png"))
    axe_check(page, "import-review-repaired")


def test_unit_officer_uploads_but_the_draft_is_left_to_the_coordinator(
    page_for: Any, axe_check: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DANVAN_IMPORT_RUN = "sync"
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(plan_docx_bytes(title="Kế hoạch của Sở Thông tin và Truyền thông"))
    page = page_for("canbo.stttt")
    base = page.url.split("/", 3)[:3]
    page.goto("/".join(base) + "/nhap-van-ban/")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(source))
    page.get_by_role("button", name="Tải lên và đọc văn bản").click()
    expect(page.get_by_role("button", name="Lưu rà soát")).to_be_visible()
    expect(page.get_by_role("button", name="Lưu và tạo dự thảo kế hoạch")).to_have_count(0)
    expect(page.get_by_text("Sở Nội vụ sẽ tạo dự thảo kế hoạch")).to_be_visible()
    axe_check(page, "import-review-officer")


def test_a_scan_is_read_in_the_background_while_the_page_shows_progress(
    page_for: Any, axe_check: Any, settings: Any, tmp_path: Path
) -> None:
    import io

    from PIL import Image

    from danvan.imports.tests.conftest import render_png

    settings.DANVAN_IMPORT_RUN = "thread"
    pages = [
        Image.open(io.BytesIO(render_png(lines))).convert("RGB")
        for lines in (
            ["ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", "Số: 30/KH-UBND", "KẾ HOẠCH"],
            ["Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ"],
        )
    ]
    source = tmp_path / "ban-quet.pdf"
    pages[0].save(source, format="PDF", save_all=True, append_images=pages[1:], resolution=100)
    page = page_for("dieuphoi")
    base = page.url.split("/", 3)[:3]
    page.goto("/".join(base) + "/nhap-van-ban/")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(source))
    page.get_by_role("button", name="Tải lên và đọc văn bản").click()
    # The progress display shows until the thread finishes (it may already have finished).
    progress = page.locator("#import-progress progress")
    review = page.get_by_role("heading", name="Cấu trúc đọc được")
    expect(progress.or_(review).first).to_be_visible()
    if progress.is_visible():
        page.screenshot(path=str(_shots(tmp_path) / "imports-progress.png"))
    # Either the progress display is still there, or reading already finished: both are fine.
    expect(page.get_by_role("heading", name="Cấu trúc đọc được")).to_be_visible(timeout=60_000)
    expect(page.get_by_label("Số, ký hiệu")).to_have_value("30/KH-UBND")
    axe_check(page, "import-review-after-ocr")
