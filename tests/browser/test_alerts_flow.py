"""An alert raises a notification that the bell in the admin's header counts; the user opens it, follows it to
the alert and resolves the alert.

The test raises the alert through ``manage.py shell`` with ``alert_raise`` (as a module would), in a process
where the clients module declares a kind of alert for the test. The e2e session's jobs worker may raise other
alerts meanwhile (its periodic jobs), so the bell is checked against what it showed just before each step.
"""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_security_policy import watch

pytestmark = pytest.mark.browser

RAISE = """
import dataclasses
from django.apps import apps
from django_tenants.utils import schema_context
from fotostudio.alerts.services import alert_raise
from fotostudio.core.registry import AlertTypeSpec, registry
from fotostudio.users.models import User
config = apps.get_app_config("clients")
config.module_spec = dataclasses.replace(
    config.module_spec, alert_types=(AlertTypeSpec("CLIENTE_REVISAR", "Cliente por revisar", link_key="cliente"),)
)
registry.reload()
with schema_context("demo"):
    alert = alert_raise(alert_type="CLIENTE_REVISAR", priority="ALTA", description="{description}")
    print(alert.pk)
"""


def _unread(page) -> int:
    badge = page.get_by_test_id("notifications-count")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=notifications-bell]').dataset.unread !== undefined"
    )
    return 0 if badge.is_hidden() else int(badge.inner_text())


def test_an_alert_notifies_the_bell_and_is_resolved(admin_page, e2e):
    page = admin_page
    watcher = watch(page, e2e)
    bell = page.get_by_test_id("notifications-bell")
    expect(bell).to_be_visible()
    before = _unread(page)

    description = f"Revisar los datos del colegio {uuid4().hex[:8]}"
    alert_pk = e2e.manage("shell", "-c", RAISE.format(description=description)).strip().splitlines()[-1]

    page.reload()
    expect(page.get_by_test_id("notifications-count")).to_be_visible()
    raised = _unread(page)
    assert raised >= before + 1, (before, raised)
    page.screenshot(path=str(ARTIFACTS / "alerts-bell.png"))
    watcher.assert_clean("dashboard with the bell")

    bell.click()
    row = page.locator("#result_list tbody tr").filter(has_text="Cliente por revisar")
    expect(row.first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "alerts-notifications-list.png"), full_page=True)
    row.first.locator("th a, td a").first.click()
    expect(page.locator("body")).to_contain_text(description)
    page.get_by_test_id("notification-mark-read").get_by_role("button").click()
    expect(page.get_by_test_id("notification-mark-read")).to_have_count(0)
    expect(page.get_by_test_id("notifications-count")).to_be_hidden() if raised == 1 else expect(
        page.get_by_test_id("notifications-count")
    ).to_have_text(str(raised - 1))
    watcher.assert_clean("notification page")

    page.get_by_role("link", name=re.compile(re.escape(description[:40]))).click()
    expect(page).to_have_url(re.compile(rf"/admin/alerts/alert/{alert_pk}/change/"))
    expect(page.locator("body")).to_contain_text("Abierta")
    page.screenshot(path=str(ARTIFACTS / "alerts-alert-open.png"), full_page=True)
    page.get_by_test_id("alert-resolve").get_by_role("link", name="Resolver la alerta").click()
    page.fill("textarea[name=comment]", "Datos confirmados con la secretaría")
    page.fill("textarea[name=actions_taken]", "Llamada al colegio")
    page.get_by_role("button", name="Resolver", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/alerts/alert/{alert_pk}/change/"))
    expect(page.locator("body")).to_contain_text("La alerta quedó resuelta")
    expect(page.locator("body")).to_contain_text("Datos confirmados con la secretaría")
    expect(page.get_by_test_id("alert-resolve")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "alerts-alert-resolved.png"), full_page=True)
    watcher.assert_clean("resolved alert")

    page.goto(e2e.url("demo", "/admin/alerts/alert/?status__exact=RESUELTA"))
    expect(page.locator("#result_list")).to_contain_text(description[:40])
    page.screenshot(path=str(ARTIFACTS / "alerts-list.png"), full_page=True)
    watcher.assert_clean("alerts list")
