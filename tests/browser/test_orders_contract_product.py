"""An order of a school under its contract, with a finished frame on a line: the admin's form, its list column
and filter, and the product reserved for it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/orders/order/"
NUMBER = re.compile(r"PED-\d{4}-\d{5}")


def test_an_order_under_a_contract_with_a_finished_frame(admin_page, e2e):
    page = admin_page
    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))
    expect(page.locator("label[for=id_contrato]")).to_contain_text("Contrato con el colegio")

    # The first contract offered; its school is the order's client.
    option = page.locator("select[name=contrato] option:not([value=''])").first
    contract_id, label = option.get_attribute("value"), option.inner_text()
    contract_number, school = (part.strip() for part in label.split("·")[:2])
    page.select_option("select[name=contrato]", contract_id)
    page.locator(".field-client .select2-selection, #id_client + .select2 .select2-selection").first.click()
    page.locator(".select2-search__field").fill(school)
    page.locator(".select2-results__option", has_text=school).first.click()
    page.select_option("select[name=service_type]", label="Enmarcado")

    # One line: a finished frame, description and price left to the product.
    product = page.locator("select[name=lines-0-product] option:not([value=''])").first
    product_label = product.inner_text()
    page.select_option("select[name=lines-0-product]", product.get_attribute("value"))
    page.locator("button[name=_continue]").click()
    page.wait_for_load_state()
    expect(page.locator(".errornote")).to_have_count(0)
    number = NUMBER.search(page.locator("body").inner_text()).group(0)
    expect(page.locator("select[name=contrato]")).to_have_value(contract_id)
    product_code = product_label.split("·")[0].strip()
    expect(page.locator("[name=lines-0-description]")).to_have_value(re.compile(re.escape(product_code)))
    page.screenshot(path=str(ARTIFACTS / "orders-contract-product-form.png"), full_page=True)

    # The list: the contract's column and filter.
    page.goto(e2e.url("demo", f"{CHANGELIST}?contrato={contract_id}"))
    row = page.locator("#result_list tbody tr", has_text=number)
    expect(row).to_contain_text(contract_number)
    page.screenshot(path=str(ARTIFACTS / "orders-contract-filter.png"), full_page=True)

    # The frame is reserved: it cannot go on a second order.
    page.goto(e2e.url("demo", "/admin/products/product/"))
    page.locator("input[name=q]").fill(product_code)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Reservado")
