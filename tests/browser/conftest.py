"""Browser tests: real Chromium (Debian's /usr/bin/chromium) against Django's live server.

Every test gets a fresh test database loaded with the Kiên Giang demo (transactional_db +
load_demo), one Chromium for the whole session and a new browser context per login.

When the environment variable CI is "true" a browser test may never be skipped: a missing
Chromium, or any other skip of a ``browser``-marked test, is reported as a failure.

Playwright's sync API keeps an asyncio event loop *running* in the test thread from its start
to its stop. Django then refuses ORM calls from that thread (SynchronousOnlyOperation) unless
DJANGO_ALLOW_ASYNC_UNSAFE is set, and asgiref's async_to_sync refuses to run at all. So that
neither leaks into the rest of the test suite, Chromium and Playwright are stopped right after
the last browser test of the run, and DJANGO_ALLOW_ASYNC_UNSAFE is only set while they run: set
at import time, it would reach subprocesses of other tests (``manage.py check --deploy`` then
reports async.E001).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
DEMO_PASSWORD = "DanVan@2024"
LOGIN_PATH = "/tai-khoan/dang-nhap/"
DEFAULT_TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = ("serious", "critical")

HERE = Path(__file__).parent.resolve()


def in_ci() -> bool:
    """CI sets CI=true; there a browser test must run, never be skipped."""
    return os.environ.get("CI", "").strip().lower() == "true"


def _is_browser_item(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is not None


# --- skips become failures in CI ----------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this directory `browser` (the tests also say so themselves)."""
    for item in items:
        try:
            inside = Path(str(item.path)).resolve().is_relative_to(HERE)
        except (OSError, ValueError):
            inside = False
        if inside and not _is_browser_item(item):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item; in CI turn a skipped browser test into a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    if in_ci() and _is_browser_item(item) and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true: browser tests must not be skipped, but {item.nodeid} was skipped: {reason}"
        )
    return report


# --- Chromium -----------------------------------------------------------------------------------


class _Chromium:
    """The running Playwright and Chromium, and how to stop them (once)."""

    playwright: Any = None
    browser: Any = None
    set_env = False
    last_browser_test: str | None = None

    @classmethod
    def start(cls) -> Any:
        from playwright.sync_api import expect, sync_playwright

        if ASYNC_UNSAFE not in os.environ:
            os.environ[ASYNC_UNSAFE] = "true"
            cls.set_env = True
        expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
        cls.playwright = sync_playwright().start()
        try:
            cls.browser = cls.playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Exception:
            cls.stop()
            raise
        return cls.browser

    @classmethod
    def stop(cls) -> None:
        browser, playwright = cls.browser, cls.playwright
        cls.browser = cls.playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()
            if cls.set_env:
                os.environ.pop(ASYNC_UNSAFE, None)
                cls.set_env = False


def pytest_collection_finish(session: pytest.Session) -> None:
    browser_tests = [item.nodeid for item in session.items if _is_browser_item(item)]
    _Chromium.last_browser_test = browser_tests[-1] if browser_tests else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """Stop Chromium and Playwright (and their event loop) after the last browser test."""
    try:
        return (yield)
    finally:
        if item.nodeid == _Chromium.last_browser_test or nextitem is None:
            _Chromium.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for all the browser tests of the session."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    if _Chromium.browser is None:
        _Chromium.start()
    yield _Chromium.browser
    _Chromium.stop()


# --- the application ----------------------------------------------------------------------------


@pytest.fixture
def demo_server(live_server: Any, transactional_db: None, settings: Any, tmp_path: Path) -> Any:
    """The live server, its (shared) test database loaded with the demo data.

    The test database is a real one (a SQLite file, or PostgreSQL), so the server's threads and
    any background work open their own connections as in production. The data is committed,
    so the server sees it, and flushed after the test. Uploaded
    evidence goes to the test's tmp_path (the server thread shares the settings).
    """
    from danvan.demo.loader import load_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    return live_server


@pytest.fixture
def new_context(
    browser: Any, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[..., Any]]:
    """Open browser contexts (Vietnamese locale, Hồ Chí Minh time); all closed after the test.

    When the test fails, each open page is saved as a screenshot under the test's tmp_path.
    """
    contexts: list[Any] = []

    def _open(viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            accept_downloads=True,
            # axe is injected as an inline script, which the site's CSP rightly forbids;
            # test_csp.py checks the policy in a context that does not bypass it.
            bypass_csp=True,
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield _open

    failed = any(
        getattr(getattr(request.node, f"rep_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    for n, context in enumerate(contexts):
        if failed:
            for m, page in enumerate(context.pages):
                # A screenshot must never hide the real error.
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(tmp_path / f"failure-{n}-{m}.png"), full_page=True)
        context.close()


def login(page: Any, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real login form, as a person would."""
    page.goto(base_url + LOGIN_PATH)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    if LOGIN_PATH in page.url:
        errors = page.locator(".form-errors, .field-errors").all_inner_texts()
        raise AssertionError(f"login as {username!r} failed: {errors or page.title()}")


@pytest.fixture
def page_for(demo_server: Any, new_context: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``page_for(username, viewport=None)``: a page in a new context, logged in."""

    def _page_for(username: str, *, viewport: dict[str, int] | None = None) -> Any:
        page = new_context(viewport).new_page()
        login(page, demo_server.url, username)
        return page

    return _page_for


@pytest.fixture
def anonymous_page(demo_server: Any, new_context: Callable[..., Any]) -> Any:
    """A page in a new context with nobody signed in."""
    return new_context().new_page()


# --- accessibility ------------------------------------------------------------------------------


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [
            " ".join(t) if isinstance(t, list) else str(t)
            for node in v.get("nodes", [])[:3]
            for t in node.get("target", [])
        ]
        lines.append(
            f"- [{v.get('impact')}] {v.get('id')}: {v.get('help')} "
            f"({len(v.get('nodes', []))} element(s); first: {', '.join(targets[:3])})"
        )
    return "\n".join(lines)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the current page and return its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


@pytest.fixture
def axe_check() -> Callable[..., list[dict[str, Any]]]:
    """Return ``axe_check(page)``: fail on serious or critical axe-core violations.

    Returns the list of minor and moderate violations, which do not fail the test.
    """

    def _check(page: Any, label: str | None = None) -> list[dict[str, Any]]:
        violations = run_axe(page)
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            where = label or re.sub(r"^https?://[^/]+", "", page.url)
            pytest.fail(
                f"axe-core: {len(blocking)} serious/critical violation(s) on {where}:\n"
                + _format_violations(blocking),
                pytrace=False,
            )
        return [v for v in violations if v.get("impact") not in BLOCKING_IMPACTS]

    return _check
