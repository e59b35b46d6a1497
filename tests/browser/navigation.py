"""Helpers shared by the browser tests (imported as a plain module: tests/ is not a package)."""

from __future__ import annotations

from typing import Any


def nav_click(page: Any, name: str, *, exact: bool = True) -> None:
    """Follow a link of the main navigation, opening the menu group that holds it if needed."""
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    link = nav.get_by_role("link", name=name, exact=exact)
    if not link.is_visible():
        # A link inside a closed menu is hidden: find its group among all links, hidden or not.
        inner = page.get_by_role("link", name=name, exact=exact, include_hidden=True)
        nav.locator("details").filter(has=inner).locator("summary").click()
    link.click()
