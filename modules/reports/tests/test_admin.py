"""The report pages in the admin: filters, tables with totals, sorting, pages, exports, who sees them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fotostudio.users.roles import Role

from .conftest import PERIOD

FINANCIAL = "/admin/reports/report/"
INVENTORY = "/admin/reports/report/inventory/"


@pytest.fixture
def browser(admin_client_for, tenant_a, make_user):
    return admin_client_for(tenant_a, make_user(tenant_a, Role.ACCOUNTING))


def test_the_financial_page_shows_each_section_with_its_totals(browser, business):
    response = browser.get(FINANCIAL, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("ingresos_por_servicio", "pagos_por_forma", "cuentas_por_cobrar", "comisiones", "margen_por_servicio"):
        assert f'data-section="{key}"' in html
    assert "Informe financiero" in html and "Aplicar filtros" in html
    assert "173,50" in html  # payments' total, in Spanish format
    assert "320,50" in html  # receivables' total
    assert 'data-export="excel"' in html and "desde=2026-01-01" in html


def test_the_form_shows_the_period_used_this_month_by_default(browser):
    from django.utils import timezone

    html = browser.get(FINANCIAL).content.decode()
    today = timezone.localdate()
    assert f'name="desde" value="{today.replace(day=1).isoformat()}"' in html
    assert f'name="hasta" value="{today.isoformat()}"' in html


def test_a_table_sorts_by_a_column(browser, business):
    ascending = browser.get(FINANCIAL, {**PERIOD, "pagos_por_forma-orden": "monto"}).content.decode()
    section = ascending[ascending.index('data-section="pagos_por_forma"') :]
    assert section.index("Transferencia") < section.index("Tarjeta") < section.index("Efectivo")
    descending = browser.get(FINANCIAL, {**PERIOD, "pagos_por_forma-orden": "-monto"}).content.decode()
    section = descending[descending.index('data-section="pagos_por_forma"') :]
    assert section.index("Efectivo") < section.index("Tarjeta") < section.index("Transferencia")


def test_long_tables_are_paginated(browser, business, tenant_a):
    from django_tenants.utils import schema_context

    from modules.inventory.models import Material

    with schema_context(tenant_a.schema_name):
        Material.objects.bulk_create(
            Material(sku=f"LOW-{n:03d}", name=f"Bajo {n}", category="impresion", unit="hoja", minimum_stock=5)
            for n in range(30)
        )
    html = browser.get(INVENTORY, PERIOD).content.decode()
    assert "Página 1 de 2" in html
    second = browser.get(INVENTORY, {**PERIOD, "stock_bajo-pagina": "2"}).content.decode()
    assert "Página 2 de 2" in second


def test_a_bad_filter_shows_its_error_on_the_form_inside_the_admin(browser, business):
    response = browser.get(FINANCIAL, {"desde": "2026-03-01", "hasta": "2026-02-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "no puede ser posterior" in html
    assert "Panel de control" in html  # inside the admin's layout, with its sidebar
    assert 'data-section="ingresos_por_servicio"' not in html


def test_the_inventory_page_and_its_excel(browser, business):
    html = browser.get(INVENTORY, {**PERIOD, "dias_sin_consumo": "30"}).content.decode()
    assert 'data-section="baja_rotacion"' in html and "VAR-NEG" in html
    response = browser.get("/admin/reports/report/export/inventory/excel/", PERIOD)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert next(row for row in workbook["Valoración"].iter_rows(values_only=True) if row[0] == "Total")[-1] == 80


@pytest.mark.parametrize("role", [Role.SALES, Role.PRODUCTION, Role.PHOTOGRAPHER, Role.READ_ONLY])
def test_other_roles_get_the_admins_403(admin_client_for, tenant_a, make_user, role):
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    assert browser.get(FINANCIAL).status_code == 403
    assert browser.get("/admin/reports/report/export/financial/csv/").status_code == 403


def test_the_sidebar_has_informes_for_the_accountant(browser):
    html = browser.get("/admin/").content.decode()
    assert "Informes" in html and FINANCIAL in html


def test_the_page_takes_a_fixed_number_of_queries(browser, business, tenant_a, django_assert_num_queries):
    """The report's queries, the session, the user and the filter form's services: more rows, the same count."""
    from .conftest import build_business

    browser.get(FINANCIAL, PERIOD)
    with django_assert_num_queries(17):
        browser.get(FINANCIAL, PERIOD)
    build_business(tenant_a, tag="-2")
    browser.get(FINANCIAL, PERIOD)
    with django_assert_num_queries(17):
        browser.get(FINANCIAL, PERIOD)
