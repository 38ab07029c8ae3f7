"""The admin's 403 and 404 pages: Spanish, inside the admin's layout, with a way back to the dashboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_a_forbidden_page_shows_the_admins_403_page_with_the_sidebar(page, e2e, admin_login):
    admin_login(page, username="fotografo")
    response = page.goto(e2e.url("demo", "/admin/users/user/"))
    assert response.status == 403

    error = page.get_by_test_id("error-page")
    expect(error).to_have_attribute("data-status", "403")
    expect(error.get_by_role("heading", name="No tiene permiso para ver esta página")).to_be_visible()
    expect(error).to_contain_text("pida a un administrador del negocio que revise sus roles")
    expect(page).to_have_title(re.compile(r"^No tiene permiso para ver esta página \| " + re.escape(e2e.tenant_name)))
    sidebar = page.locator("#nav-sidebar-inner")
    expect(sidebar.get_by_role("link", name="Panel de control")).to_be_visible()
    expect(sidebar.get_by_role("heading", name="Clientes")).to_be_visible()  # what a photographer may see
    expect(sidebar.get_by_role("heading", name="Usuarios y roles")).to_have_count(0)
    expect(page.get_by_text(e2e.tenant_name).first).to_be_visible()  # the header's business
    page.screenshot(path=str(ARTIFACTS / "admin-403.png"), full_page=True)

    error.get_by_role("link", name="Volver al panel de control").click()
    expect(page.get_by_test_id("dashboard")).to_be_visible()


def test_a_missing_page_shows_the_admins_404_page(admin_page, e2e):
    response = admin_page.goto(e2e.url("demo", "/admin/clients/client/no-es-un-id/history/"))
    assert response.status == 404
    error = admin_page.get_by_test_id("error-page")
    expect(error.get_by_role("heading", name="Página no encontrada")).to_be_visible()
    expect(admin_page.locator("body")).not_to_contain_text("Page not found")  # not Django's debug page
    expect(admin_page.locator("#nav-sidebar-inner").get_by_role("link", name="Panel de control")).to_be_visible()
    admin_page.screenshot(path=str(ARTIFACTS / "admin-404.png"), full_page=True)
