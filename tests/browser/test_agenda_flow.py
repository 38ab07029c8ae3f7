"""The agenda in the demo tenant's admin: book two clashing appointments, see the refusal, see the calendar."""

import random
import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_security_policy import watch

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/agenda/appointment/"


def _fill_appointment(page, *, title: str, day: str, start: str, end: str, resource: str):
    page.fill("input[name=title]", title)
    page.fill("input[name=starts_at_0]", day)
    page.fill("input[name=starts_at_1]", start)
    page.fill("input[name=ends_at_0]", day)
    page.fill("input[name=ends_at_1]", end)
    page.select_option("select[name=resource]", label=resource)
    page.locator("button[name=_save]").click()
    page.wait_for_load_state()


def test_dashboard_shows_todays_and_tomorrows_appointments(admin_page):
    section = admin_page.locator("section[data-section=agenda]")
    expect(section.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()
    expect(section.locator("[data-kpi=agenda-today]")).to_have_text(re.compile(r"^\d+$"))
    expect(section.get_by_role("heading", name="Citas de hoy y mañana")).to_be_visible()


def test_book_two_clashing_appointments_and_see_the_refusal_then_the_calendar(admin_page, e2e):
    tag = uuid4().hex[:6]
    page = admin_page
    room = f"Sala de prueba {tag}"
    page.goto(e2e.url("demo", "/admin/agenda/resource/add/"))
    page.fill("input[name=name]", room)
    page.locator("button[name=_save]").click()
    expect(page.locator("body")).to_contain_text(room)

    # A day of its own far ahead (the e2e database lives for the session; other runs used other days).
    day = f"{random.randint(2030, 2090)}-03-{random.randint(10, 20):02d}"
    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))
    _fill_appointment(page, title=f"Boda Cevallos {tag}", day=day, start="10:00", end="12:00", resource=room)
    expect(page).to_have_url(re.compile(re.escape(CHANGELIST) + r"(\?.*)?$"))

    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))
    _fill_appointment(page, title=f"Sesión Pérez {tag}", day=day, start="11:00", end="11:30", resource=room)
    refusal = page.locator("body")
    expect(refusal).to_contain_text(f"ya tiene la cita «Boda Cevallos {tag}»")
    expect(page.locator("input[name=title]")).to_have_value(f"Sesión Pérez {tag}")  # the input is kept
    page.screenshot(path=str(ARTIFACTS / "agenda-clash.png"), full_page=True)

    page.goto(e2e.url("demo", f"{CHANGELIST}calendar/?vista=semana&fecha={day}"))
    calendar = page.get_by_test_id("agenda-calendar")
    expect(calendar).to_be_visible()
    entry = calendar.get_by_test_id("calendar-entry").filter(has_text=f"Boda Cevallos {tag}")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("10:00–12:00")
    expect(calendar.get_by_test_id("calendar-entry").filter(has_text=f"Sesión Pérez {tag}")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "agenda-week.png"), full_page=True)

    page.goto(e2e.url("demo", f"{CHANGELIST}calendar/?vista=mes&fecha={day}"))
    expect(page.get_by_test_id("agenda-calendar")).to_have_attribute("data-view", "mes")
    page.get_by_test_id("calendar-entry").filter(has_text=f"Boda Cevallos {tag}").click()
    expect(page.locator("input[name=title]")).to_have_value(f"Boda Cevallos {tag}")


def test_the_demo_month_fills_the_calendar_within_the_security_policy(admin_page, e2e):
    page = admin_page
    watcher = watch(page, e2e)
    page.goto(e2e.url("demo", f"{CHANGELIST}calendar/"))
    expect(page.get_by_test_id("calendar-entry").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "agenda-month.png"), full_page=True)
    # A photographer's own week: the filter form, then the week view keeps it.
    page.select_option("select[name=personal]", label="Fernando Vera")
    page.get_by_role("button", name="Filtrar").click()
    page.get_by_role("link", name="Semana", exact=True).click()
    expect(page.get_by_test_id("agenda-calendar")).to_have_attribute("data-view", "semana")
    expect(page.locator("select[name=personal] option:checked")).to_have_text("Fernando Vera")
    page.screenshot(path=str(ARTIFACTS / "agenda-week-photographer.png"), full_page=True)
    watcher.assert_clean("the agenda's calendar")
