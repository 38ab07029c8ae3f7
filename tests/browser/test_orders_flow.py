"""Orders in the demo tenant's admin: an order with two lines and a deposit, delivery refused while money is
owed, the rest paid, delivered, and its PDF downloaded."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/orders/order/"
NUMBER = re.compile(r"PED-\d{4}-\d{5}")


def fill_row(page, prefix: str, index: int, values: dict[str, str]) -> None:
    for field, value in values.items():
        page.fill(f"[name={prefix}-{index}-{field}]", value)


def run_action(page, e2e, number: str, action: str) -> None:
    page.goto(e2e.url("demo", f"{CHANGELIST}?q={number}"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.get_by_role("button", name="Ejecutar").click()
    page.wait_for_load_state()


def test_an_order_is_paid_before_delivery_and_its_pdf_downloads(admin_page, e2e):
    page = admin_page
    section = page.locator("section[data-section=orders]")  # the dashboard, with the demo year of orders
    expect(section.locator("[data-kpi=orders-open]")).to_have_text(re.compile(r"^\d+$"))
    expect(section.get_by_role("heading", name="Pedidos por estado")).to_be_visible()
    section.screenshot(path=str(ARTIFACTS / "orders-dashboard.png"))
    note = f"Pedido de navegador {uuid4().hex[:8]}"
    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))

    # The client: the autocomplete finds a demo school without accents.
    page.locator(".field-client .select2-selection, #id_client + .select2 .select2-selection").first.click()
    page.locator(".select2-search__field").fill("san andres")
    page.locator(".select2-results__option", has_text="San Andrés").first.click()
    page.select_option("select[name=service_type]", label="Enmarcado")
    page.fill("[name=notes]", note)

    # Two lines: the form offers one, the second is added.
    fill_row(page, "lines", 0, {"description": "Enmarcado de lámina 40×50", "quantity": "1", "unit_price": "30.00"})
    fill_row(page, "lines", 0, {"frame_width": "40", "frame_height": "50", "moulding": "Madera natural"})
    page.locator("#lines-group .add-row a, #lines-group .add-row").first.click()
    fill_row(page, "lines", 1, {"description": "Impresión 20×30", "quantity": "2", "unit_price": "10.00"})

    # A deposit of 20.00 (total 50.00 + 15 % IVA = 57.50).
    page.locator("#payments-group .add-row a, #payments-group .add-row").first.click()
    fill_row(page, "payments", 0, {"amount": "20.00", "reference": "Anticipo"})
    page.select_option("select[name=payments-0-method]", "efectivo")
    page.locator("button[name=_continue]").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("37,50")  # the balance, computed by the server
    number = NUMBER.search(page.locator("body").inner_text()).group(0)
    page.screenshot(path=str(ARTIFACTS / "orders-change-form.png"), full_page=True)

    # Through the pipeline; delivery is refused while 37.50 is owed.
    run_action(page, e2e, number, "start_work")
    run_action(page, e2e, number, "mark_ready")
    run_action(page, e2e, number, "deliver")
    expect(page.locator("body")).to_contain_text("saldo pendiente")
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Listo para retirar")
    page.screenshot(path=str(ARTIFACTS / "orders-delivery-refused.png"), full_page=True)

    # The rest is paid on the order's page, then it is delivered.
    page.locator("#result_list tbody tr").first.get_by_role("link", name=number).click()
    page.locator("#payments-group .add-row a, #payments-group .add-row").first.click()
    new_payment = page.locator("[name^=payments-][name$=-amount]:not([name*=__prefix__])").last
    new_payment.fill("37.50")
    index = new_payment.get_attribute("name").split("-")[1]
    page.select_option(f"select[name=payments-{index}-method]", "transferencia")
    page.locator("button[name=_continue]").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("Saldo 0,00")
    run_action(page, e2e, number, "deliver")
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Entregado")

    # The receipt.
    page.locator("#result_list tbody tr").first.get_by_role("link", name=number).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"pedido-{number}.pdf"
    path = ARTIFACTS / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    page.screenshot(path=str(ARTIFACTS / "orders-delivered.png"), full_page=True)
