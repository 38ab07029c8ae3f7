"""The admin's dashboard in the demo tenant: the period picker for two roles, and a figure clicked through to
the filtered list behind it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_security_policy import watch

pytestmark = pytest.mark.browser


def test_the_admin_changes_the_period_and_clicks_through_a_figure(admin_page, e2e):
    page = admin_page
    watcher = watch(page, e2e)
    page.goto(e2e.url("demo", "/admin/"))
    picker = page.get_by_test_id("period-picker")
    expect(picker.locator("[data-period=mes]")).to_have_attribute("aria-current", "true")
    for key in ("orders", "production", "inventory", "agenda"):
        expect(page.locator(f"section[data-section={key}]")).to_be_visible()
    expect(page.locator("section[data-section=orders]")).to_contain_text("Ventas por servicio y mes")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas.chart'))")
    page.screenshot(path=str(ARTIFACTS / "dashboard-admin-this-month.png"), full_page=True)
    watcher.assert_clean("the dashboard")

    picker.locator("[data-period=anio]").click()
    expect(page).to_have_url(re.compile(r"desde=\d{4}-01-01"))
    expect(page.get_by_test_id("period-picker").locator("[data-period=anio]")).to_have_attribute("aria-current", "true")

    # a custom range: the two dates and «Aplicar rango»
    picker = page.get_by_test_id("period-picker")
    picker.locator("input[name=desde]").fill("2025-01-01")
    picker.locator("input[name=hasta]").fill("2025-12-31")
    picker.locator("button[data-period=custom]").click()
    expect(page).to_have_url(re.compile(r"desde=2025-01-01&hasta=2025-12-31"))
    expect(page.get_by_test_id("period-label")).to_contain_text("2025")
    page.screenshot(path=str(ARTIFACTS / "dashboard-admin-custom-range.png"), full_page=True)

    # a bad period: an error inside the admin's layout, the page still there
    page.goto(e2e.url("demo", "/admin/?desde=2025-13-01"))
    expect(page.locator("body")).to_contain_text("Periodo no válido")
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-bad-period.png"), full_page=True)

    # this year's sales, clicked through to the orders of the period
    page.goto(e2e.url("demo", "/admin/"))
    page.get_by_test_id("period-picker").locator("[data-period=anio]").click()
    revenue = page.locator("[data-kpi=orders-revenue]")
    expect(revenue).to_be_visible()
    page.locator("a", has=page.locator("[data-kpi=orders-revenue]")).first.click()
    expect(page).to_have_url(re.compile(r"/admin/orders/order/\?.*order_date_from=\d{4}-01-01"))
    expect(page.locator("#result_list")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-clicked-orders.png"), full_page=True)
    watcher.assert_clean("the orders of the period")


def test_a_photographer_sees_only_the_sections_of_its_permissions(page, admin_login, e2e):
    admin_login(page, username="fotografo")
    expect(page.locator("section[data-section=agenda]")).to_be_visible()
    # the role reads production orders (their figures show) but not materials: no inventory figures
    expect(page.locator("section[data-section=production]")).to_be_visible()
    expect(page.locator("section[data-section=inventory]")).to_have_count(0)
    page.get_by_test_id("period-picker").locator("[data-period=mes_pasado]").click()
    expect(page.get_by_test_id("period-picker").locator("[data-period=mes_pasado]")).to_have_attribute(
        "aria-current", "true"
    )
    page.screenshot(path=str(ARTIFACTS / "dashboard-fotografo-last-month.png"), full_page=True)
    page.locator("section[data-section=agenda] a", has=page.locator("[data-kpi=agenda-today]")).first.click()
    # today's appointments: the list of the day, without the cancelled ones (what the figure counts)
    expect(page).to_have_url(re.compile(r"/admin/agenda/appointment/\?starts_at_from=.*&canceladas=no"))
