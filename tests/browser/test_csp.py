"""The Content-Security-Policy holds on real pages: nothing the pages load is blocked by it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_pages_load_nothing_the_content_security_policy_blocks(browser: Any, demo_server: Any):
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
        response = page.goto(f"{demo_server.url}/tai-khoan/dang-nhap/")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.fill("[name=username]", "dieuphoi")
        page.fill("[name=password]", "DanVan@2024")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in ["/", "/ke-hoach/", "/don-vi/"]:
            page.goto(f"{demo_server.url}{path}")
            page.wait_for_load_state("networkidle")
        assert problems == []
    finally:
        context.close()
