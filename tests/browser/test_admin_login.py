"""The demo tenant's admin: sign in, land on the dashboard, see the team KPIs."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_admin_signs_in_and_sees_the_dashboard(page, e2e):
    page.goto(e2e.url("demo", "/admin/"))
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    expect(page.get_by_test_id("login-tenant")).to_contain_text(e2e.tenant_name)

    page.fill("input[name=username]", e2e.admin_username)
    page.fill("input[name=password]", e2e.password)
    page.click("#login-form [type=submit]")

    dashboard = page.get_by_test_id("dashboard")
    expect(dashboard).to_be_visible()
    expect(page).to_have_url(e2e.url("demo", "/admin/"))
    expect(page).to_have_title(re.compile(re.escape(e2e.tenant_name)))

    team = page.locator("section[data-section=team]")
    expect(team.get_by_role("heading", name="Equipo")).to_be_visible()
    expect(team.locator("[data-kpi=users-active]")).to_have_text("7")  # admin + the six demo roles
    expect(team.get_by_text("Usuarios por rol")).to_be_visible()
    chart = team.locator("canvas.chart")
    expect(chart).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas.chart'))")

    sign_ins = team.locator("table").filter(has=page.get_by_role("columnheader", name="Usuario"))
    expect(team.get_by_text("Últimos inicios de sesión")).to_be_visible()
    latest = sign_ins.locator("tbody tr").first  # the user's full name, when, channel, IP
    expect(latest.locator("td").nth(0)).to_have_text(f"Administrador de {e2e.tenant_name}")
    expect(latest.locator("td").nth(2)).to_have_text("Panel")
    expect(latest.locator("td").nth(3)).to_have_text("127.0.0.1")

    sidebar = page.locator("#nav-sidebar-inner")
    expect(sidebar.get_by_role("link", name="Panel de control")).to_be_visible()
    expect(sidebar.get_by_role("heading", name="Usuarios y roles")).to_be_visible()
    expect(sidebar.get_by_role("heading", name="Auditoría")).to_be_visible()
    sidebar.get_by_role("heading", name="Usuarios y roles").click()
    expect(sidebar.get_by_role("link", name=re.compile(r" Usuarios$"))).to_be_visible()
    expect(sidebar.get_by_role("link", name=re.compile(r" Roles$"))).to_be_visible()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


def test_wrong_password_shows_the_error(page, e2e):
    page.goto(e2e.url("demo", "/admin/login/"))
    page.fill("input[name=username]", e2e.admin_username)
    page.fill("input[name=password]", "no-es-la-clave")
    page.click("#login-form [type=submit]")

    expect(page).to_have_url(re.compile(r"/admin/login/"))
    expect(page.locator("#login-form")).to_be_visible()
    expect(page.locator(".errornote").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("introduzca el usuario y la clave correctos")
    expect(page.get_by_test_id("dashboard")).to_have_count(0)
    expect(page.get_by_text("Return to site")).to_have_count(0)  # tenant hosts serve nothing at "/"
    page.screenshot(path=str(ARTIFACTS / "login-error.png"), full_page=True)


def test_sign_in_is_listed_under_auditoria_accesos(admin_page, e2e):
    admin_page.goto(e2e.url("demo", "/admin/audit/accesslog/"))
    rows = admin_page.locator("#result_list tbody tr")
    expect(rows.first).to_contain_text("Inicio de sesión")
    expect(rows.first).to_contain_text("Panel")

    count = e2e.manage(
        "shell",
        "-c",
        "from django_tenants.utils import schema_context\n"
        "from fotostudio.audit.models import AccessLog\n"
        "with schema_context('demo'):\n"
        "    print(AccessLog.objects.filter(channel='admin', result='login', username='admin').count())",
    )
    assert int(count.split()[-1]) >= 1
