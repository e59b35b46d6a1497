"""Acceptance test of the reform indices (issue 6, "Done when"), clicked through as people do.

The coordinator downloads nothing by hand: the test builds an XLSX of PAPI scores with
openpyxl (the 2025 result with its eight dimensions, one 2024 row that did not change and one
2024 dimension corrected), uploads it, reads the preview (new / changed old → new /
unchanged), confirms, and lands on the PAPI page whose trend chart is drawn on a canvas and
whose table holds the imported figures. Both pages pass axe-core; the trend page is also
photographed at 390 px wide.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

DIMENSIONS = [
    ("Tham gia của người dân ở cấp cơ sở", "5,24"),
    ("Công khai, minh bạch trong việc ra quyết định", "5,63"),
    ("trach nhiem giai trinh voi nguoi dan", "4,52"),  # typed without diacritics
    ("Kiểm soát tham nhũng trong khu vực công", "6,90"),
    ("Thủ tục hành chính công", "7,33"),
    ("Cung ứng dịch vụ công", "7,66"),
    ("Quản trị môi trường", "3,58"),
    ("Quản trị điện tử", "3,81"),
]


def papi_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Chỉ số", "Năm", "Chỉ số thành phần", "Điểm", "Xếp hạng"])
    sheet.append(["PAPI", 2025, "", "44,67", 14])
    for name, score in DIMENSIONS:
        sheet.append(["PAPI", 2025, name, score, None])
    sheet.append(["PAPI", 2024, "", 43.91, 19])  # as in the demo: unchanged
    sheet.append(["PAPI", 2024, "Quản trị môi trường", "3,45", None])  # demo has 3,41
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_coordinator_imports_papi_scores_and_sees_the_trend_chart(
    page_for: Any, axe_check: Any, demo_server: Any, tmp_path: Path
) -> None:
    page = page_for("dieuphoi")
    page.goto(demo_server.url + "/chi-so-cai-cach/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chỉ số cải cách")
    axe_check(page, "indices home")
    page.get_by_role("link", name="Nhập điểm từ tệp").click()
    expect(page.get_by_role("heading", level=1, name="Nhập điểm chỉ số từ tệp")).to_be_visible()
    page.get_by_label("Tỉnh").select_option(label="Ủy ban nhân dân tỉnh Kiên Giang")
    page.get_by_label("Tệp điểm (.xlsx hoặc .csv)").set_input_files(
        {
            "name": "PAPI 2025 Kiên Giang.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": papi_workbook(),
        }
    )
    axe_check(page, "import upload")
    page.get_by_role("button", name="Tải lên và kiểm tra").click()

    expect(page.get_by_role("heading", level=1, name="Xem trước tệp điểm")).to_be_visible()
    rows = page.locator("#import-preview tbody tr")
    expect(rows).to_have_count(11)
    expect(page.locator("#import-preview tr.row-new")).to_have_count(9)
    expect(page.locator("#import-preview tr.row-unchanged")).to_have_count(1)
    changed = page.locator("#import-preview tr.row-changed")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("3,41")
    expect(changed).to_contain_text("3,45")
    expect(page.locator("#import-preview")).to_contain_text("Trách nhiệm giải trình với người dân")
    expect(page.locator("#import-preview tr.row-error")).to_have_count(0)
    axe_check(page, "import preview")
    shots = Path(os.environ.get("DANVAN_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "indices-import-preview.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận nhập").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("PAPI")
    expect(page.locator(".messages")).to_contain_text("Đã nhập 10 dòng")
    canvas = page.locator("#index-score-chart")
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("data-chart-ready", "1")
    box = canvas.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    table = page.locator("#index-trend-table")
    row_2025 = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="2025"))
    expect(row_2025).to_contain_text("44,67")
    expect(row_2025).to_contain_text("14")
    expect(row_2025).to_contain_text("Nhập từ tệp")
    expect(row_2025).to_contain_text("44,50")  # the demo target for 2025
    expect(page.locator("#index-rank-chart")).to_be_visible()
    expect(page.get_by_role("cell", name="3,81")).to_be_visible()  # 2025 Quản trị điện tử
    axe_check(page, "PAPI trend")

    phone = page_for("dieuphoi", viewport=PHONE)
    phone.goto(page.url)
    expect(phone.locator("#index-score-chart")).to_have_attribute("data-chart-ready", "1")
    axe_check(phone, "PAPI trend at 390 px")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page scrolls sideways at 390 px ({width}px)"
    phone.screenshot(path=str(shots / "indices-papi-390.png"), full_page=True)
    page.screenshot(path=str(shots / "indices-papi-desktop.png"), full_page=True)
