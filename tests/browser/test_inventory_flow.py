"""Inventory in the demo tenant's admin: a refused import with its row errors, a good one, the ledger, reorder."""

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

CHANGELIST = "/admin/inventory/material/"
pytestmark = pytest.mark.browser


def test_import_materials_see_the_ledger_and_the_reorder_suggestion(admin_page, e2e):
    tag = uuid4().hex[:6].upper()
    page = admin_page
    page.goto(e2e.url("demo", f"{CHANGELIST}import/"))
    expect(page.get_by_test_id("material-import")).to_be_visible()

    bad = (
        "sku,nombre,categoria,unidad,costo_unitario,existencias\n"
        f"B-{tag},Varilla mala,varillas,hoja,abc,5\n"
        f"B-{tag},Repetida,impresion,hoja,1,-2\n"
    ).encode()
    page.set_input_files("input[name=archivo]", {"name": "malo.csv", "mimeType": "text/csv", "buffer": bad})
    page.locator("[data-testid=material-import] form button[type=submit]").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("no se importó nada")
    expect(errors.locator("tr[data-line='2']")).to_have_count(2)  # unit of moulding, cost not a number
    expect(errors.locator("tr[data-line='3']")).to_have_count(2)  # repeated SKU, negative quantity
    expect(errors).to_contain_text("SKU repetido")
    page.screenshot(path=str(ARTIFACTS / "inventory-import-refused.png"), full_page=True)

    good = (
        "sku;nombre;categoria;unidad;costo_unitario;stock_minimo;cantidad_reposicion;proveedor;existencias;perfil\n"
        f"V-{tag};Varilla importada {tag};varillas;metro;4,50;20;60;Molduras Andinas;8;plano\n"
        f"P-{tag};Papel importado {tag};impresion;hoja;0,35;100;500;Foto Ecuador;900;\n"
    ).encode()
    page.set_input_files("input[name=archivo]", {"name": "materiales.csv", "mimeType": "text/csv", "buffer": good})
    page.locator("[data-testid=material-import] form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(CHANGELIST) + r"$"))
    expect(page.locator("body")).to_contain_text("2 materiales nuevos")

    page.goto(e2e.url("demo", f"{CHANGELIST}?q={tag}"))
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    expect(page.locator(f"#result_list tr:has-text('V-{tag}') [data-stock]")).to_have_attribute("data-stock", "bajo")
    page.locator("#result_list").get_by_text(f"V-{tag}").first.click()
    ledger = page.get_by_test_id("ledger")
    expect(ledger).to_contain_text("Existencia inicial")
    expect(ledger).to_contain_text("Importación materiales.csv")
    page.screenshot(path=str(ARTIFACTS / "inventory-material-ledger.png"), full_page=True)

    page.goto(e2e.url("demo", f"{CHANGELIST}reorder/"))
    row = page.locator(f"tr[data-sku='V-{tag}']")
    expect(row).to_contain_text("Molduras Andinas")
    expect(row).to_contain_text("60")  # the reorder quantity to buy
    expect(page.locator("tr[data-sku='VAR-BLA-35']")).to_contain_text("Agotado")  # the demo's
    page.screenshot(path=str(ARTIFACTS / "inventory-reorder.png"), full_page=True)
