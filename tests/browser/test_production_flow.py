"""Production in the demo tenant's admin: plan a frame, register it with waste and an offcut on the «Registrar
producción» page, and see the completed order with its efficiency, movements and finished product."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_security_policy import watch

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/production/productionorder/"
MOULDING = "VAR-NOG-30"


def choose(page, selector: str, text: str):
    """Pick the option of a plain select whose label contains ``text``."""
    value = page.locator(f"{selector} option", has_text=text).first.get_attribute("value")
    page.select_option(selector, value)


def test_plan_a_frame_register_it_with_waste_and_an_offcut_and_see_the_result(admin_page, e2e):
    tag = uuid4().hex[:8]
    page = admin_page
    watcher = watch(page, e2e)

    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))
    page.fill("input[name=description]", f"Cuadro navegador {tag}")
    page.fill("input[name=width_cm]", "30")
    page.fill("input[name=height_cm]", "40")
    choose(page, "select[name=moulding]", MOULDING)
    page.locator("button[name=_continue]").click()
    expect(page.locator("body")).to_contain_text("OP-")
    expect(page.locator("body")).to_contain_text("1,6 m (perímetro + 4 ingletes)")
    watcher.assert_clean("the order's page")

    page.locator("a[href$='/registrar/']").first.click()
    register = page.get_by_test_id("production-register")
    expect(register).to_contain_text("Consumo real")
    expect(register).to_contain_text("Retazos de moldura")
    expect(page.locator("input[name='consumo-0-quantity']")).to_have_value(re.compile(r"^1[.,]6"))
    page.fill("input[name='consumo-0-quantity']", "2.9")  # the whole bar was cut
    choose(page, "select[name='merma-0-material']", MOULDING)
    page.fill("input[name='merma-0-quantity']", "0.1")
    page.select_option("select[name='merma-0-reason']", "error_corte")
    page.fill("input[name='merma-0-note']", "Inglete torcido")
    choose(page, "select[name='retazo-0-material']", MOULDING)
    page.fill("input[name='retazo-0-length']", "1.2")
    page.fill("input[name='producto-0-sale_price']", "40.00")
    page.select_option("select[name='producto-0-location']", "vitrina")
    page.screenshot(path=str(ARTIFACTS / "production-register.png"), full_page=True)
    watcher.assert_clean("the register page")
    page.locator("button[name=register]").click()

    body = page.locator("body")
    expect(body).to_contain_text("registrada: la orden quedó completada")
    expect(body).to_contain_text("Completada")
    efficiency = page.get_by_test_id("efficiency")
    expect(efficiency).to_contain_text("Costo por producto")
    expect(efficiency).to_contain_text("Retazos devueltos")
    expect(efficiency).to_contain_text("1,2")  # the offcut back to stock
    entries = page.get_by_test_id("entries")
    expect(entries).to_contain_text("Retazo devuelto al stock")
    expect(entries).to_contain_text("Merma")
    expect(entries).to_contain_text("(Error de corte)")
    expect(body).to_contain_text("PRD-")
    page.screenshot(path=str(ARTIFACTS / "production-completed.png"), full_page=True)
    watcher.assert_clean("the completed order")

    # registering again is refused with the reason, inside the admin
    page.goto(page.url.split("/change/")[0] + "/registrar/")
    expect(body).to_contain_text("no se puede registrar su producción")

    # the efficiency of the completed orders, per material and per month
    page.goto(e2e.url("demo", f"{CHANGELIST}eficiencia/"))
    report = page.get_by_test_id("production-efficiency")
    expect(report.get_by_test_id("efficiency-by-material")).to_contain_text(MOULDING)
    expect(report.get_by_test_id("efficiency-by-month")).to_contain_text("Costo por producto")
    page.screenshot(path=str(ARTIFACTS / "production-efficiency.png"), full_page=True)
    watcher.assert_clean("the efficiency page")
