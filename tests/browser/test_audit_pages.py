"""The audit trail in the browser: a change in the admin appears in the record's «Historial» and in
Auditoría › Actividad, with who made it and what changed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_clients_flow import CHANGELIST, search, unique_number

pytestmark = pytest.mark.browser


def test_a_change_shows_in_the_records_history_and_in_the_trail(admin_page, e2e):
    tag, number = unique_number()
    page = admin_page
    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))
    page.fill("input[name=document]", f"P{number}")
    page.select_option("select[name=document_type]", "pasaporte")
    page.fill("input[name=name]", f"Cliente Auditado {tag}")
    page.fill("input[name=city]", "quito")
    page.locator("button[name=_save]").click()
    search(page, tag)
    page.locator("#result_list tbody tr").first.get_by_role("link").first.click()
    page.fill("input[name=city]", "cuenca")
    page.locator("button[name=_continue]").click()

    page.get_by_role("link", name="Historial").click()
    history = page.get_by_test_id("record-history")
    entries = history.get_by_test_id("history-entry")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("Modificación")
    expect(entries.first).to_contain_text(e2e.admin_username)
    expect(entries.first.get_by_test_id("changes")).to_contain_text(re.compile(r"Ciudad\s+Quito\s+Cuenca"))
    expect(entries.nth(1)).to_contain_text("Creación")
    page.screenshot(path=str(ARTIFACTS / "audit-record-history.png"), full_page=True)

    page.goto(e2e.url("demo", "/admin/audit/auditevent/"))
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_contain_text("Modificación")
    expect(rows.first).to_contain_text("Clientes")
    page.screenshot(path=str(ARTIFACTS / "audit-trail.png"), full_page=True)
    rows.first.get_by_role("link").first.click()
    expect(page.get_by_test_id("changes")).to_contain_text(re.compile(r"Ciudad\s+Quito\s+Cuenca"))
    page.screenshot(path=str(ARTIFACTS / "audit-event.png"), full_page=True)


def test_a_seller_sees_no_history_button(page, admin_login, e2e):
    admin_login(page, username="ventas")
    page.goto(e2e.url("demo", CHANGELIST))
    page.locator("#result_list tbody tr").first.get_by_role("link").first.click()
    expect(page.locator("input[name=name]")).to_be_visible()
    expect(page.get_by_role("link", name="Historial")).to_have_count(0)
