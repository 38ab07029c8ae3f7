"""The accountant defines an indicator in the admin: the form's refusal inside the layout, then the list with
the indicator's current value and state."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/metrics/kpidefinition/"


def test_the_accountant_defines_an_indicator_and_sees_its_state(page, admin_login, e2e):
    admin_login(page, username="contabilidad")
    name = f"Ventas del mes {uuid.uuid4().hex[:6]}"
    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))
    for label in ("Nombre", "Medida", "Periodo", "Meta", "Sentido", "Umbral bueno", "Umbral de alerta"):
        expect(page.locator("label", has_text=label).first).to_be_visible()
    page.fill("input[name=name]", name)
    page.select_option("select[name=measure]", "ingresos")
    page.select_option("select[name=period]", "mes")
    page.fill("input[name=target]", "1000")
    page.select_option("select[name=direction]", "mayor_mejor")
    page.fill("input[name=good_threshold]", "1000")
    page.fill("input[name=warning_threshold]", "1500")  # above the good threshold: refused
    page.locator("[type=submit][name=_save]").click()
    expect(page.get_by_text("el umbral de alerta no puede superar al umbral bueno")).to_be_visible()
    expect(page.locator("#nav-sidebar-inner")).to_be_visible()  # inside the admin's layout
    page.screenshot(path=str(ARTIFACTS / "metrics-form-refused.png"), full_page=True)

    page.fill("input[name=warning_threshold]", "800")
    page.locator("[type=submit][name=_save]").click()
    page.goto(e2e.url("demo", f"{CHANGELIST}?q={name.split()[-1]}"))
    row = page.locator("#result_list tbody tr", has_text=name)
    expect(row).to_have_count(1)
    expect(page.get_by_role("columnheader", name="Valor actual")).to_be_visible()
    expect(row).to_contain_text(re.compile(r"Bueno|Alerta|Malo"))
    expect(row).to_contain_text("Ingresos")
    page.screenshot(path=str(ARTIFACTS / "metrics-list.png"), full_page=True)

    page.goto(e2e.url("demo", CHANGELIST))  # the demo's indicators: one per measure, each with its state
    demo = page.locator("#result_list tbody tr", has_text="Merma del año")
    expect(demo).to_contain_text("%")
    page.screenshot(path=str(ARTIFACTS / "metrics-list-demo.png"), full_page=True)
