"""The admin and the API's documentation work under their Content-Security-Policy, offline.

Chromium reports every violation of the policy (a refused script, style, image, font or
connection) and every malformed Permissions-Policy in the console: any such message fails
the test. Requests to any host but the server's fail it too (fonts, logos, CDNs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

POLICY_MESSAGES = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


@dataclass
class Watch:
    """What a page reported: policy messages in the console, script errors, requests to other hosts."""

    host: str
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def console(self, message) -> None:
        if any(marker in message.text for marker in POLICY_MESSAGES):
            self.violations.append(f"{message.type}: {message.text}")

    def request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != self.host:
            self.outside.append(request.url)

    def assert_clean(self, where: str) -> None:
        assert self.violations == [], where
        assert self.errors == [], where
        assert self.outside == [], where


def watch(page, e2e) -> Watch:
    watcher = Watch(host=e2e.host("demo"))
    page.on("console", watcher.console)
    page.on("pageerror", lambda error: watcher.errors.append(str(error)))
    page.on("request", watcher.request)
    return watcher


def test_the_admin_works_under_its_policy(admin_page, e2e):
    page = admin_page
    watcher = watch(page, e2e)

    page.goto(e2e.url("demo", "/admin/"))
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas.chart'))")
    assert page.evaluate("Chart.defaults.scales.linear.ticks.precision") == 0  # the dashboard's own script ran
    watcher.assert_clean("dashboard")

    page.goto(e2e.url("demo", "/admin/clients/client/"))
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_be_visible()
    page.locator("#nav-sidebar-inner").get_by_role("heading", name="Usuarios y roles").click()  # Alpine.js runs
    expect(page.locator("#nav-sidebar-inner").get_by_role("link", name=re.compile(r" Usuarios$"))).to_be_visible()
    watcher.assert_clean("changelist")

    rows.first.locator("th a, td a").first.click()
    expect(page.locator("input[name=name]")).to_be_visible()
    page.select_option("select[name=client_type]", "colegio")
    expect(page.get_by_test_id("school-fields")).to_be_visible()  # unfold's conditional fields (Alpine.js)
    watcher.assert_clean("change form")

    page.goto(e2e.url("demo", "/admin/clients/client/import/"))
    expect(page.get_by_test_id("client-import")).to_be_visible()
    watcher.assert_clean("import page")

    page.goto(e2e.url("demo", "/admin/users/user/add/"))
    expect(page.locator("input[name=username]")).to_be_visible()
    watcher.assert_clean("user form")


def test_swagger_ui_works_under_its_policy_without_leaving_the_server(page, e2e):
    watcher = watch(page, e2e)
    page.goto(e2e.url("demo", "/api/docs/"))
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.get_by_role("button", name=re.compile("Authorize")).click()
    expect(page.locator(".modal-ux")).to_be_visible()
    page.keyboard.press("Escape")
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    watcher.assert_clean("Swagger UI")
    page.screenshot(path=str(ARTIFACTS / "api-docs-swagger.png"))


def test_redoc_works_under_its_policy_without_leaving_the_server(page, e2e):
    watcher = watch(page, e2e)
    page.goto(e2e.url("demo", "/api/redoc/"))
    # ReDoc renders the whole document before showing it: it grows with every module (8 s seen on a busy machine)
    expect(page.locator("[data-section-id^='tag/']").first).to_be_visible(timeout=30_000)
    expect(page.locator("img[alt='redocly logo']")).to_have_count(0)  # its remote logo: not loaded, hidden
    page.locator("input[placeholder='Search...']").fill("token")  # the search runs in a blob: worker
    results = page.get_by_role("search").get_by_role("menuitem", name=re.compile("token", re.I))
    expect(results.first).to_be_visible(timeout=30_000)  # the worker indexes the whole document first
    page.wait_for_load_state("networkidle")
    fonts = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Inter" in family for family in fonts)  # the admin's own font, not Google's
    watcher.assert_clean("ReDoc")
    page.screenshot(path=str(ARTIFACTS / "api-docs-redoc.png"))


def test_a_violation_is_refused_and_reported(admin_page, e2e):
    """The checks above can fail: what the policy refuses does not run or load, and Chromium says so."""
    watcher = watch(admin_page, e2e)
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        admin_page.add_script_tag(content="window.inlineScriptRan = true;")
    assert admin_page.evaluate("window.inlineScriptRan") is None

    with admin_page.expect_event("requestfailed") as failed:
        admin_page.evaluate(
            "() => { const image = new Image(); image.src = 'https://example.com/p.png'; document.body.append(image); }"
        )
    assert failed.value.url == "https://example.com/p.png"
    assert failed.value.failure == "csp"  # refused by the policy before it left the browser
    assert watcher.outside == ["https://example.com/p.png"]  # and the watch sees every attempt
    admin_page.wait_for_timeout(200)
    assert any("example.com/p.png" in message for message in watcher.violations)
