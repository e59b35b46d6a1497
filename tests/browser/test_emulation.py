"""Acceptance test of the "Dân vận khéo" registry (issue 6, "Done when"), clicked as people do.

UBND thành phố Rạch Giá's officer registers a model with a photo (carrying EXIF that must not
survive), the head registers it with Sở Nội vụ, the coordinator records the council's score and
recognises it at province level, and an anonymous visitor finds it on the public showcase by
typing without diacritics. Every page passes axe-core; the showcase is looked at at 390 px.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Tổ hòa giải “Ba cùng” ở khu phố 5, phường Vĩnh Lạc"
RESULTS = "Hòa giải thành 37 vụ mâu thuẫn, không có đơn vượt cấp."
DECISION = "1234/QĐ-UBND"
PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("DANVAN_SCREENSHOT_DIR", "/tmp/danvan-emulation-shots"))


def _photo_with_exif() -> bytes:
    image = Image.new("RGB", (900, 600), (11, 87, 208))
    for x in range(0, 900, 60):
        image.paste((255, 255, 255), (x, 250, x + 30, 350))
    exif = Image.Exif()
    exif[0x010F] = "SECRET-CAMERA-MAKER"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _open_model(page: Any, base: str) -> None:
    page.goto(base + "/dan-van-kheo/?q=ba cung vinh lac")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_unit_registers_a_model_the_council_recognises_and_the_public_finds_it(
    page_for: Callable[..., Any],
    anonymous_page: Any,
    demo_server: Any,
    axe_check: Callable[..., Any],
    tmp_path: Path,
) -> None:
    base = demo_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)

    # 1. Rạch Giá's officer registers the model as a draft, with a photo.
    officer = page_for("canbo.rachgia")
    officer.goto(base + "/dan-van-kheo/")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Mô hình “Dân vận khéo”")
    axe_check(officer)
    officer.get_by_role("link", name="Đăng ký mô hình").click()
    officer.get_by_label("Lĩnh vực").select_option(label="Quốc phòng - an ninh")
    officer.get_by_label("Tên mô hình").fill(TITLE)
    officer.get_by_label("Nội dung, cách làm").fill(
        "Mỗi tổ gồm trưởng khu phố, công an khu vực và người có uy tín cùng nghe, cùng bàn, "
        "cùng hòa giải ngay khi mâu thuẫn mới phát sinh."
    )
    officer.get_by_label("Số người tham gia").fill("18")
    officer.get_by_label("Ngày bắt đầu thực hiện").fill(f"{dt.date.today().year}-01-15")
    officer.get_by_label("Kết quả đạt được").fill(RESULTS)
    axe_check(officer)
    officer.screenshot(path=str(SHOTS / "model-form.png"), full_page=True)
    officer.get_by_role("button", name="Lưu", exact=True).click()
    expect(officer.locator(".messages")).to_contain_text("Đã lưu dự thảo mô hình")
    expect(officer.get_by_role("heading", level=1)).to_have_text(TITLE)

    officer.locator("input[name=photo]").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": _photo_with_exif()}
    )
    officer.get_by_label("Chú thích ảnh").fill("Tổ hòa giải họp tại nhà văn hóa khu phố")
    officer.get_by_role("button", name="Tải ảnh lên").click()
    expect(officer.locator(".messages")).to_contain_text("Đã thêm ảnh.")
    photo = officer.locator(".emu-gallery img").first
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") == 900
    served = officer.request.get(base + photo.get_attribute("src"))
    assert served.ok and served.headers["content-type"] == "image/jpeg"
    assert b"SECRET-CAMERA-MAKER" not in served.body()
    # The officer cannot register it: only the head can.
    expect(officer.get_by_role("button", name="Đăng ký với Sở Nội vụ")).to_have_count(0)
    axe_check(officer)

    # 2. The head registers it with Sở Nội vụ.
    head = page_for("truong.rachgia")
    _open_model(head, base)
    head.get_by_role("button", name="Đăng ký với Sở Nội vụ").click()
    expect(head.locator(".messages")).to_contain_text("Đã đăng ký mô hình với Sở Nội vụ.")
    expect(head.locator(".page-header .badge")).to_have_text("Đã đăng ký")

    # 3. The coordinator records the council's score, then recognises it.
    coord = page_for("dieuphoi")
    coord.goto(base + "/dan-van-kheo/?trang_thai=registered")
    coord.get_by_role("link", name=TITLE).click()
    coord.get_by_role("link", name="Đánh giá, công nhận").click()
    expect(coord.get_by_role("heading", level=1)).to_have_text("Hội đồng đánh giá, công nhận")
    axe_check(coord)
    coord.screenshot(path=str(SHOTS / "evaluate.png"), full_page=True)
    coord.get_by_label("Điểm (0–100)").fill("150")
    coord.get_by_label("Nhận xét").fill("Cách làm gần dân, dễ nhân rộng.")
    coord.get_by_role("button", name="Ghi phiếu").click()
    expect(coord.locator("#evaluation-form .field-errors")).to_be_visible()
    expect(coord.get_by_label("Nhận xét")).to_have_value("Cách làm gần dân, dễ nhân rộng.")
    coord.get_by_label("Điểm (0–100)").fill("91")
    coord.get_by_role("button", name="Ghi phiếu").click()
    expect(coord.locator(".messages")).to_contain_text("Đã ghi phiếu đánh giá.")
    expect(coord.locator(".emu-score")).to_have_text("91,0")

    decision = coord.locator("#decision-form")
    decision.get_by_label("Công nhận", exact=True).check()
    decision.get_by_label("Cấp công nhận").select_option(label="Cấp tỉnh")
    decision.get_by_label("Số quyết định").fill(DECISION)
    decided_on = dt.date.today() - dt.timedelta(days=1)
    decision.get_by_label("Ngày quyết định").fill(decided_on.isoformat())
    expect(decision.get_by_label("Công bố trên trang giới thiệu công khai")).to_be_checked()
    axe_check(coord)
    decision.get_by_role("button", name="Ghi kết luận").click()
    expect(coord.locator(".messages")).to_contain_text("Đã ghi kết luận của Hội đồng.")
    expect(coord.locator(".callout")).to_contain_text(
        f"Được công nhận cấp tỉnh theo Quyết định số {DECISION}"
    )
    axe_check(coord)

    # 4. An anonymous visitor finds it on the showcase, typing without diacritics.
    visitor = anonymous_page
    visitor.set_viewport_size(PHONE)
    visitor.goto(base + "/dan-van-kheo/cong-khai/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Mô hình “Dân vận khéo” tiêu biểu")
    visitor.get_by_label("Tìm mô hình (gõ có dấu hoặc không dấu)").fill("to hoa giai ba cung")
    visitor.get_by_role("button", name="Tìm").click()
    card = visitor.locator(".emu-card").filter(has_text=TITLE)
    expect(card).to_have_count(1)
    expect(visitor.locator(".emu-card")).to_have_count(1)
    card_img = card.locator("img")
    expect(card_img).to_be_visible()
    assert card_img.evaluate("img => img.decode().then(() => img.naturalWidth)") == 900
    axe_check(visitor)
    visitor.screenshot(path=str(SHOTS / "showcase-390.png"), full_page=True)
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    card.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("main")).to_contain_text(RESULTS)
    expect(visitor.locator("main")).to_contain_text(DECISION)
    expect(visitor.locator("main")).to_contain_text("Ủy ban nhân dân thành phố Rạch Giá")
    # Nothing internal leaks to the public page: no council scores, no names of officers.
    expect(visitor.locator("main")).not_to_contain_text("Điểm bình quân")
    expect(visitor.locator("main")).not_to_contain_text("Danh Thị Kim Thoa")
    axe_check(visitor)
    visitor.screenshot(path=str(SHOTS / "showcase-detail-390.png"), full_page=True)
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The public cannot open the internal page.
    visitor.goto(base + re.sub(r"^https?://[^/]+", "", coord.url))
    expect(visitor).to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))


def test_demo_registry_pages_pass_axe_at_phone_width(
    page_for: Callable[..., Any], demo_server: Any, axe_check: Callable[..., Any]
) -> None:
    base = demo_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    coord = page_for("dieuphoi", viewport=PHONE)
    for path, name in [
        ("/dan-van-kheo/", "list"),
        ("/dan-van-kheo/thong-ke/?nam=2025", "statistics"),
        ("/dan-van-kheo/dien-hinh/", "exemplars"),
    ]:
        coord.goto(base + path)
        axe_check(coord)
        coord.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    coord.goto(base + "/dan-van-kheo/?q=cong nghe so")
    coord.get_by_role("link", name=re.compile("Cán bộ công nghệ số")).click()
    expect(coord.locator("main")).to_contain_text("Ủy ban nhân dân thành phố Rạch Giá")
    axe_check(coord)
    coord.screenshot(path=str(SHOTS / "detail-390.png"), full_page=True)
    coord.goto(base + "/dan-van-kheo/dien-hinh/")
    coord.get_by_role("link", name="Nguyễn Thị Mỹ Linh").click()
    expect(coord.locator("main")).to_contain_text("091188004512")
    axe_check(coord)

    viewer = page_for("lanhdao")
    viewer.goto(base + "/dan-van-kheo/dien-hinh/")
    viewer.get_by_role("link", name="Nguyễn Thị Mỹ Linh").click()
    expect(viewer.locator("main")).not_to_contain_text("091188004512")
