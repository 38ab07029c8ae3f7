"""The business's settings in the demo tenant's admin: a form per group, a refusal on its field, maintenance mode."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

GROUP = "/admin/configuration/setting/group/{}/"


def test_the_sidebar_leads_to_the_business_data_form(admin_page, e2e):
    admin_page.locator("h2", has_text="Configuración").click()  # the sidebar's group opens
    admin_page.get_by_role("link", name="Ajustes del negocio").click()
    admin_page.wait_for_load_state()
    assert admin_page.url == e2e.url("demo", GROUP.format("empresa"))
    expect(admin_page.get_by_role("heading", name="Datos del negocio")).to_be_visible()
    expect(admin_page.locator("input[name=empresa__razon_social]")).to_have_value("Estudio Fotográfico Demo S.A.")
    expect(admin_page.get_by_text("Los 13 dígitos del Registro Único de Contribuyentes")).to_be_visible()
    admin_page.screenshot(path=str(ARTIFACTS / "configuration-business.png"), full_page=True)


def test_a_wrong_value_is_refused_on_its_field(admin_page, e2e):
    admin_page.goto(e2e.url("demo", GROUP.format("moneda")))
    admin_page.fill("input[name=moneda__tasa_iva]", "150")
    admin_page.get_by_role("button", name="Guardar").click()
    admin_page.wait_for_load_state()
    expect(admin_page.get_by_text("Debe estar entre 0 y 100.")).to_be_visible()
    admin_page.screenshot(path=str(ARTIFACTS / "configuration-money-refused.png"), full_page=True)


def test_a_manager_reads_the_settings_with_the_fields_disabled(page, admin_login, e2e):
    admin_login(page, username="gerente")
    page.goto(e2e.url("demo", GROUP.format("alertas")))
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.locator("input[name=alertas__dias_vencimiento_contrato]")).to_be_disabled()
    expect(page.get_by_role("button", name="Guardar")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "configuration-alerts-manager.png"), full_page=True)


@pytest.fixture
def second_page(browser):
    """Another person's browser (its own cookies), beside ``admin_page``."""
    context = browser.new_context(locale="es-EC", viewport={"width": 1440, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_maintenance_mode_shows_a_banner_and_the_administrator_switches_it_off(
    admin_page, second_page, admin_login, e2e
):
    page = second_page
    admin_page.goto(e2e.url("demo", GROUP.format("mantenimiento")))
    admin_page.locator("input[name=mantenimiento__activo]").check()
    admin_page.fill("input[name=mantenimiento__mensaje]", "Volvemos a las 10:00.")
    admin_page.get_by_role("button", name="Guardar").click()
    admin_page.wait_for_load_state()
    try:
        expect(admin_page.get_by_test_id("maintenance-banner")).to_contain_text("Volvemos a las 10:00.")
        admin_page.screenshot(path=str(ARTIFACTS / "configuration-maintenance-admin.png"), full_page=True)

        admin_login(page, username="ventas")
        expect(page.get_by_test_id("maintenance-banner")).to_contain_text("no guardar cambios")
        page.goto(e2e.url("demo", "/admin/clients/client/add/"))
        page.fill("input[name=name]", "Cliente en mantenimiento")
        page.fill("input[name=document]", "1710034065")
        page.get_by_role("button", name="Guardar", exact=True).first.click()
        page.wait_for_load_state()
        expect(page.get_by_test_id("error-page")).to_have_attribute("data-status", "503")
        page.screenshot(path=str(ARTIFACTS / "configuration-maintenance-refused.png"), full_page=True)
    finally:
        admin_page.goto(e2e.url("demo", GROUP.format("mantenimiento")))
        admin_page.locator("input[name=mantenimiento__activo]").uncheck()
        admin_page.fill("input[name=mantenimiento__mensaje]", "")
        admin_page.get_by_role("button", name="Guardar").click()
        admin_page.wait_for_load_state()
    expect(admin_page.get_by_test_id("maintenance-banner")).to_have_count(0)
