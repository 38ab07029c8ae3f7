"""Finished products in the demo tenant's admin: register one, sell it from the list (client and price asked),
print its QR labels, and see the products section of the dashboard."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_security_policy import watch

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/products/product/"


def search(page, text: str):
    box = page.locator("#searchbar")
    box.fill(text)
    box.press("Enter")
    page.wait_for_load_state()


def run_action(page, name: str):
    page.locator("#result_list tbody tr input.action-select").first.check()
    page.select_option("select[name=action]", name)
    page.locator("button[name=index]").click()


def test_register_a_product_sell_it_from_the_list_and_print_its_labels(admin_page, e2e):
    tag = uuid4().hex[:8]
    page = admin_page
    watcher = watch(page, e2e)  # no policy violation, script error or outside request on these pages
    page.goto(e2e.url("demo", f"{CHANGELIST}add/"))
    page.fill("input[name=description]", f"Cuadro navegador {tag}")
    page.select_option("select[name=kind]", "cuadro")
    page.fill("input[name=width_cm]", "40")
    page.fill("input[name=height_cm]", "50")
    page.select_option("select[name=status]", "DISPONIBLE")
    page.select_option("select[name=location]", "vitrina")
    page.fill("input[name=cost]", "18.50")
    page.fill("input[name=sale_price]", "45.00")
    page.locator("button[name=_save]").click()
    expect(page).to_have_url(re.compile(re.escape(CHANGELIST) + r"$"))

    search(page, f"navegador {tag}")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("PRD-")
    expect(rows.first).to_contain_text("Disponible")
    expect(rows.first).to_contain_text("40 × 50 cm")

    # The sale: the action asks for the client and the price.
    run_action(page, "sell_products")
    sale = page.get_by_test_id("product-sale")
    expect(sale).to_contain_text(f"Cuadro navegador {tag}")
    # the client is searched as typed (the admin's autocomplete over the clients)
    page.locator("select[name=client] + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("an")
    option = page.locator(".select2-results__option").filter(has_text="(").first
    expect(option).to_be_visible()
    client_name = option.inner_text()
    option.click()
    expect(page.locator("select[name=client] + .select2")).to_contain_text(client_name)
    page.fill("input[name=price]", "42.00")
    page.screenshot(path=str(ARTIFACTS / "products-sale.png"), full_page=True)
    watcher.assert_clean("the sale page")
    page.locator("button[name=confirm_sale]").click()
    expect(page.locator("body")).to_contain_text("1 producto vendido.")
    search(page, f"navegador {tag}")
    expect(rows.first).to_contain_text("Vendido")

    # Its page shows the sale; a second sale is refused with the reason.
    rows.first.locator("a").first.click()
    expect(page.locator("body")).to_contain_text("42,00")
    expect(page.locator("body")).to_contain_text(client_name)
    expect(page.locator("body")).to_contain_text("Documentos y fotos")
    page.screenshot(path=str(ARTIFACTS / "products-sold-page.png"), full_page=True)
    product_url = page.url
    watcher.assert_clean("the product page")

    # The label of the product page, and the sheet of the list: PDFs.
    expect(page.locator(f"a[href*='{product_url.split('/admin/')[1].split('/change/')[0]}/label/']")).to_be_visible()
    content_type, head = page.evaluate(
        """async (url) => {
            const response = await fetch(url);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return [response.headers.get("content-type"), String.fromCharCode(...bytes.slice(0, 5))];
        }""",
        product_url.split("?")[0].replace("/change/", "/label/"),
    )
    assert (content_type, head) == ("application/pdf", "%PDF-")

    page.goto(e2e.url("demo", CHANGELIST))
    search(page, f"navegador {tag}")
    with page.expect_download() as download:
        run_action(page, "print_labels")
    path = download.value.path()
    assert download.value.suggested_filename.startswith("etiquetas-")
    assert open(path, "rb").read().startswith(b"%PDF-")


def test_the_dashboard_shows_the_products_by_status_and_the_stock_value(admin_page):
    section = admin_page.locator("section[data-section=products]")
    expect(section.get_by_role("heading", name="Productos terminados", exact=True)).to_be_visible()
    expect(section.locator("[data-kpi=products-available]")).to_have_text(re.compile(r"^\d+$"))
    expect(section.locator("[data-kpi=products-stock-value]")).to_contain_text("$")
    expect(section.locator("canvas.chart[data-type=bar]")).to_be_visible()
    section.screenshot(path=str(ARTIFACTS / "products-dashboard.png"))
