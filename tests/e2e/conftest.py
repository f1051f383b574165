"""End-to-end tests: Playwright drives Debian's Chromium (headless) against the live test server.

They run when Chromium is installed (`apt-get install chromium`; CI installs it) and are skipped, saying so,
where it is not. Screenshots of the key pages go to test-artifacts/ (not committed)."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, stopped at its end, so no other test runs beside Playwright's loop."""
    if not CHROMIUM:
        pytest.skip("Chromium is not installed (apt-get install chromium): end-to-end tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the tests' own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context (no cookies) in Chinese, on a phone-to-desktop width. Whatever the test did, the
    browser must not have refused anything under the Content-Security-Policy (an inline script or handler
    that crept back into a template)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base_url = live_server.url
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    yield page
    context.close()
    assert refused == []


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
