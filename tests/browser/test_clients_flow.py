"""Clients in the demo tenant's admin: create a school, find it, import a spreadsheet."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from modules.clients.tests.factories import valid_cedula, valid_company_ruc
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/clients/client/"


def unique_number() -> tuple[str, int]:
    tag = uuid4().hex[:8]
    return tag, int(tag, 16) % 900_000 + 50_000


def search(page, text: str):
    box = page.locator("input[name=q]")
    box.fill(text)
    box.press("Enter")
    page.wait_for_load_state()


def test_dashboard_shows_the_demo_clients(admin_page):
    section = admin_page.locator("section[data-section=clients]")
    expect(section.get_by_role("heading", name="Clientes", exact=True)).to_be_visible()
    expect(section.locator("[data-kpi=clients-schools]")).to_have_text(re.compile(r"^\d+$"))
    expect(section.get_by_role("heading", name="Clientes nuevos por mes")).to_be_visible()
    expect(section.locator("canvas.chart[data-type=bar]")).to_be_visible()
    expect(section.locator("canvas.chart[data-type=pie]")).to_be_visible()
    cities = section.locator("table").filter(has=admin_page.get_by_role("columnheader", name="Ciudad"))
    expect(cities.locator("tbody tr").first).to_contain_text("Quito")  # the demo data's biggest city


def test_create_a_school_and_find_it_with_the_search_box(admin_page, e2e):
    tag, number = unique_number()
    page = admin_page
    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))

    school_fields = page.get_by_test_id("school-fields")
    expect(school_fields).to_be_hidden()  # a new client is a particular by default
    page.select_option("select[name=client_type]", "colegio")
    expect(school_fields).to_be_visible()

    page.fill("input[name=document]", valid_company_ruc(number))
    page.fill("input[name=name]", f"Unidad Educativa Navegación {tag}")
    page.fill("input[name=email]", f"secretaria-{tag}@example.edu.ec")
    page.fill("input[name=phone]", "02 245 6789")
    page.fill("input[name=city]", "quito")
    page.fill("input[name=institution_code]", "17H00999")
    page.fill("input[name=contact_name]", "Rosa Almeida")
    page.fill("input[name=contact_role]", "Rectora")
    page.check("input[name=levels][value=basica_media]")
    page.check("input[name=levels][value=bachillerato]")
    page.fill("input[name=student_count]", "640")
    page.select_option("select[name=school_year_start_month]", "9")
    page.locator("button[name=_save]").click()

    expect(page).to_have_url(re.compile(re.escape(CHANGELIST) + r"$"))
    expect(page.locator("body")).to_contain_text(f"Unidad Educativa Navegación {tag}")

    search(page, f"navegacion {tag}")  # no accent, lower case: still found
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Unidad Educativa Navegación {tag}")
    expect(rows.first).to_contain_text("Colegio")
    expect(rows.first).to_contain_text("Quito")
    page.screenshot(path=str(ARTIFACTS / "clients-search.png"), full_page=True)


def test_import_a_small_csv_and_see_the_new_rows(admin_page, e2e):
    tag, number = unique_number()
    page = admin_page
    page.goto(e2e.url("demo", CHANGELIST))
    page.locator(f"a[href='{CHANGELIST}import/']").first.click()
    expect(page.get_by_test_id("client-import")).to_be_visible()

    bad = f"nombre,documento,email\nFila Mala {tag},1710034064,no-es-correo\n".encode()
    page.set_input_files("input[name=import_file]", {"name": "malo.csv", "mimeType": "text/csv", "buffer": bad})
    page.locator("[data-testid=client-import] form button[type=submit]").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("No se importó nada")
    expect(errors.locator("tr[data-line='2']")).to_have_count(2)  # the e-mail and the check digit
    expect(errors).to_contain_text("dígito verificador")

    good = (
        "tipo,documento,nombre,email,telefono,ciudad\n"
        f"particular,{valid_cedula(number, 1)},Íñigo Importado {tag},inigo-{tag}@example.com,099 123 4567,Cuenca\n"
        f"particular,{valid_cedula(number, 9)},Begoña Importada {tag},,042 345 678,guayaquil\n"
    ).encode()
    page.set_input_files("input[name=import_file]", {"name": "clientes.csv", "mimeType": "text/csv", "buffer": good})
    page.locator("[data-testid=client-import] form button[type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(CHANGELIST) + r"$"))
    expect(page.locator("body")).to_contain_text("Se importaron 2 clientes.")
    search(page, tag)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#result_list")).to_contain_text(f"Íñigo Importado {tag}")
    expect(page.locator("#result_list")).to_contain_text(f"Begoña Importada {tag}")
    expect(page.locator("#result_list")).to_contain_text("Guayaquil")
    page.screenshot(path=str(ARTIFACTS / "clients-import.png"), full_page=True)


def test_a_refusal_from_the_service_shows_on_the_form_with_the_input_kept(admin_page, e2e):
    tag, number = unique_number()
    page = admin_page
    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))
    wrong_check_digit = valid_cedula(number)[:-1] + str((int(valid_cedula(number)[-1]) + 1) % 10)
    page.fill("input[name=document]", wrong_check_digit)
    page.fill("input[name=name]", f"Cliente Rechazado {tag}")
    page.fill("input[name=phone]", "(02) 245-6789")
    page.get_by_role("button", name="Guardar", exact=True).click()
    page.wait_for_load_state()
    error = page.locator(".errorlist, [class*=text-red]").filter(has_text="dígito verificador")
    expect(error.first).to_be_visible()
    expect(page.locator("input[name=name]")).to_have_value(f"Cliente Rechazado {tag}")
    page.screenshot(path=str(ARTIFACTS / "clients-refused-by-the-service.png"), full_page=True)


def test_on_a_phone_each_client_shows_its_name_type_and_phone(browser, e2e, admin_login):
    context = browser.new_context(locale="es-EC", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        admin_login(page)
        page.goto(e2e.url("demo", CHANGELIST))
        card = page.locator("#result_list tr.data-row").first
        expect(card.locator("td.field-phone")).to_be_visible()
        expect(card.locator(".field-name")).to_be_visible()
        expect(card.locator("td.field-type_badge")).to_be_visible()
        for hidden in ("document", "city", "email", "active_badge", "created_at"):
            expect(card.locator(f"td.field-{hidden}")).to_be_hidden()
        page.screenshot(path=str(ARTIFACTS / "clients-on-a-phone.png"), full_page=False)
        page.set_viewport_size({"width": 1440, "height": 900})  # a computer shows every column
        expect(card.locator("td.field-city")).to_be_visible()
    finally:
        context.close()
