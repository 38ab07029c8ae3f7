"""School contracts in the demo tenant's admin: the list, a contract's page (price list, roster, commission,
documents), importing a roster and creating the roster's orders."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/contracts/contract/"
FIRST_TITLE = "Fotografía escolar y graduación"  # the demo's first contract: its roster has orders


def open_contract(page, e2e, title: str):
    page.goto(e2e.url("demo", CHANGELIST))
    page.get_by_role("link", name=title, exact=True).first.click()
    page.wait_for_load_state()


def test_dashboard_and_list_show_the_demo_contracts(admin_page, e2e):
    section = admin_page.locator("section[data-section=contracts]")
    expect(section.locator("[data-kpi=contracts-active]")).to_have_text(re.compile(r"^[1-9]\d*$"))
    section.screenshot(path=str(ARTIFACTS / "contracts-dashboard.png"))
    admin_page.goto(e2e.url("demo", CHANGELIST))
    expect(admin_page.get_by_text("Vigente").first).to_be_visible()
    expect(admin_page.get_by_text("Borrador").first).to_be_visible()
    admin_page.screenshot(path=str(ARTIFACTS / "contracts-list.png"), full_page=True)


def test_a_contract_page_shows_prices_roster_commission_and_documents(admin_page, e2e):
    open_contract(admin_page, e2e, FIRST_TITLE)
    page = admin_page
    expect(page.locator("input[value='Básico']")).to_be_visible()
    expect(page.get_by_text("Listado de estudiantes").first).to_be_visible()
    expect(page.get_by_text("Comisión adeudada al colegio")).to_be_visible()
    expect(page.get_by_text("Documentos y fotos").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "contracts-change.png"), full_page=True)


def test_import_a_roster_then_create_its_orders(admin_page, e2e, tmp_path):
    tag = uuid4().hex[:6]
    page = admin_page
    open_contract(page, e2e, "Fotos de carnet y anuario")
    page.get_by_role("link", name="Importar listado").click()
    page.wait_for_load_state()
    bad = tmp_path / "listado.csv"
    bad.write_text(f"Estudiante,Grado,Correo\nNuevo {tag},7.º EGB,no-es-correo\n", encoding="utf-8")
    page.set_input_files("input[name=import_file]", str(bad))
    page.get_by_role("button", name="Importar").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors.locator("tr[data-line='2']")).to_contain_text("email")
    page.screenshot(path=str(ARTIFACTS / "contracts-roster-errors.png"), full_page=True)

    good = tmp_path / "listado-bueno.csv"
    good.write_text(f"Estudiante,Grado,Paralelo\nNuevo {tag},7.º EGB,c\n", encoding="utf-8")
    page.set_input_files("input[name=import_file]", str(good))
    page.get_by_role("button", name="Importar").click()
    expect(page.get_by_text("Se añadió 1 estudiante al listado.")).to_be_visible()

    page.get_by_role("link", name="Crear pedidos del listado").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("contract-create-orders")).to_contain_text("pedido")
    basic = page.locator("select[name=package] option", has_text="Básico").get_attribute("value")
    page.select_option("select[name=package]", basic)
    page.screenshot(path=str(ARTIFACTS / "contracts-create-orders.png"), full_page=True)
    page.get_by_role("button", name="Crear pedidos").click()
    page.wait_for_url(re.compile(r"/admin/jobs/job/"))
    expect(page.get_by_text("pedidos del contrato").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "contracts-orders-job.png"), full_page=True)
