"""Accessibility (axe-core, WCAG rules of serious or critical impact) of every main page, and
no horizontal scrolling on a phone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LOGIN_PATH = "/tai-khoan/dang-nhap/"
PHONE = {"width": 390, "height": 844}
PLAN_SYMBOL = "63/KH-UBND"
STTTT = "KG-STTTT"


# --- where the demo's objects are ---------------------------------------------------------------


def _plan() -> Any:
    from danvan.plans.models import Plan

    return Plan.objects.get(symbol=PLAN_SYMBOL)


def _sttt_assignment() -> Any:
    """An assignment of Sở Thông tin và Truyền thông that already has reported progress."""
    from danvan.plans.models import Assignment

    rows = Assignment.objects.filter(unit__code=STTTT, archived_at=None, task__plan=_plan())
    with_updates = rows.filter(updates__isnull=False).distinct().order_by("task__position")
    found = with_updates.first() or rows.order_by("task__position").first()
    assert found is not None, "the demo gives no task to Sở Thông tin và Truyền thông"
    return found


def _sttt_unit_plan() -> Any:
    from danvan.plans.models import UnitPlan

    return UnitPlan.objects.get(unit__code=STTTT, plan=_plan(), archived_at=None)


def _sttt_unit() -> Any:
    from danvan.orgs.models import Unit

    return Unit.objects.get(code=STTTT)


@dataclass(frozen=True)
class Screen:
    """A page to check: who looks at it and how to find its address in the demo."""

    user: str | None
    url: Callable[[], str]
    expect_text: str | None = None


SCREENS: dict[str, Screen] = {
    "login": Screen(None, lambda: LOGIN_PATH, "Đăng nhập"),
    "dashboard-coordinator": Screen("dieuphoi", lambda: reverse("core:dashboard")),
    "dashboard-unit-officer": Screen("canbo.stttt", lambda: reverse("core:dashboard")),
    "plan-list": Screen("dieuphoi", lambda: reverse("plans:list"), PLAN_SYMBOL),
    "plan-detail": Screen(
        "dieuphoi", lambda: reverse("plans:detail", args=[_plan().pk]), PLAN_SYMBOL
    ),
    "task-detail": Screen(
        "dieuphoi",
        lambda: reverse("plans:task", args=[_sttt_assignment().task_id]),
        "Sở Thông tin và Truyền thông",
    ),
    "task-assign": Screen(
        "dieuphoi",
        lambda: reverse("plans:assign", args=[_sttt_assignment().task_id]),
        "Giao nhiệm vụ",
    ),
    "progress-form": Screen(
        "canbo.stttt",
        lambda: reverse("plans:progress", args=[_sttt_assignment().pk]),
        "Cập nhật tiến độ",
    ),
    "unit-plan-list": Screen("dieuphoi", lambda: reverse("plans:unit_plans")),
    "unit-plan-detail-submitted": Screen(
        "dieuphoi",
        lambda: reverse("plans:unit_plan", args=[_sttt_unit_plan().pk]),
        "Sở Thông tin và Truyền thông",
    ),
    "unit-list": Screen("dieuphoi", lambda: reverse("orgs:list"), "Sở Thông tin và Truyền thông"),
    "unit-detail": Screen(
        "dieuphoi",
        lambda: reverse("orgs:detail", args=[_sttt_unit().pk]),
        "Sở Thông tin và Truyền thông",
    ),
    # Diacritic-insensitive search: typed without accents, found with them.
    "search-dan-van-kheo": Screen(
        "dieuphoi", lambda: reverse("core:search") + "?q=dan+van+kheo", "Dân vận khéo"
    ),
    "notifications": Screen("canbo.stttt", lambda: reverse("notifications:list"), "Thông báo"),
    "account": Screen("canbo.stttt", lambda: reverse("accounts:profile")),
    "api-tokens": Screen("canbo.stttt", lambda: reverse("accounts:tokens"), "Khóa API"),
}


@pytest.mark.browser
@pytest.mark.parametrize("name", list(SCREENS))
def test_page_has_no_serious_axe_violations(
    name: str,
    page_for: Callable[..., Any],
    anonymous_page: Any,
    demo_server: Any,
    axe_check: Callable[..., Any],
) -> None:
    screen = SCREENS[name]
    page = page_for(screen.user) if screen.user else anonymous_page
    response = page.goto(demo_server.url + screen.url())
    assert response is not None and response.status == 200, (name, response and response.status)
    expect(page.locator("main h1").first).to_be_visible()
    if screen.expect_text:
        expect(page.locator("main")).to_contain_text(screen.expect_text)
    axe_check(page, name)


@pytest.mark.browser
def test_search_ignores_diacritics(page_for: Callable[..., Any], demo_server: Any) -> None:
    """Typing “dan van kheo” in the header search finds the tasks about “Dân vận khéo”."""
    page = page_for("canbo.stttt")
    page.get_by_role("searchbox", name="Tìm kế hoạch, nhiệm vụ, đơn vị").fill("dan van kheo")
    page.get_by_role("search", name="Tìm nhanh").get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("heading", level=1, name="Tìm kiếm")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Tìm thấy")
    hits = page.locator("main section a").filter(has_text="Dân vận khéo")
    expect(hits.first).to_be_visible()


# Elements that stick out of the viewport without a scrolling ancestor that clips them (an
# ancestor clips an element only if it is in the element's containing-block chain).
ESCAPING_ELEMENTS_JS = """() => {
    const limit = window.innerWidth + 1;
    const describe = (el) => {
        const id = el.id ? '#' + el.id : '';
        const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
        return el.tagName.toLowerCase() + id + cls;
    };
    const containingBlock = (el) => {
        const pos = getComputedStyle(el).position;
        if (pos === 'fixed') return null;
        let up = el.parentElement;
        if (pos === 'absolute') {
            while (up && getComputedStyle(up).position === 'static') up = up.parentElement;
        }
        return up;
    };
    const escapes = (el) => {
        for (let cb = containingBlock(el); cb && cb !== document.body; cb = containingBlock(cb)) {
            if (getComputedStyle(cb).overflowX !== 'visible') {
                return cb.getBoundingClientRect().right > limit;
            }
        }
        return true;
    };
    const seen = new Map();
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right <= limit || r.width === 0 || !escapes(el)) continue;
        const parent = el.parentElement;
        if (parent && parent !== document.body && parent.getBoundingClientRect().right > limit
            && escapes(parent)) continue;
        const box = el.closest('[class]:not(' + el.tagName + ')') || el.parentElement;
        const line = describe(el) + ' in ' + describe(box) + ' (position '
                     + getComputedStyle(el).position + ')';
        seen.set(line, Math.max(seen.get(line) || 0, Math.round(r.right)));
        if (seen.size >= 8) break;
    }
    return [...seen].map(([line, right]) => line + ', right edge up to ' + right + 'px');
}"""

PHONE_SCREENS = ["dashboard-coordinator", "dashboard-unit-officer", "plan-detail", "task-detail"]


@pytest.mark.browser
@pytest.mark.parametrize("name", PHONE_SCREENS)
def test_no_horizontal_scrolling_on_a_phone(
    name: str, page_for: Callable[..., Any], demo_server: Any, tmp_path: Path
) -> None:
    screen = SCREENS[name]
    assert screen.user is not None
    page = page_for(screen.user, viewport=PHONE)
    page.goto(demo_server.url + screen.url())
    expect(page.locator("main h1").first).to_be_visible()
    page.screenshot(path=str(tmp_path / f"{name}-390.png"), full_page=True)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    if not fits:
        culprits = page.evaluate(ESCAPING_ELEMENTS_JS)
        width = page.evaluate("document.documentElement.scrollWidth")
        pytest.fail(
            f"{name}: page is {width}px wide on a {PHONE['width']}px phone; "
            "elements sticking out of the viewport: "
            + "; ".join(culprits)
            + f" (screenshot: {tmp_path})",
            pytrace=False,
        )
