"""The reports' endpoints: who may read and export them, bad filters, and the three files."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from fotostudio.audit.models import ActivityLog
from fotostudio.configuration.catalogue import BUSINESS_TRADE_NAME
from fotostudio.configuration.services import settings_update
from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role, roles_for
from modules.orders.models import ServiceType
from tenants.choices import BusinessType

from .conftest import PERIOD

REPORTS = ("/api/v1/reports/financial/", "/api/v1/reports/inventory/", "/api/v1/reports/production/")
EXPORTS = tuple(
    f"/api/v1/reports/export/{kind}/?reporte={report}"
    for kind in ("pdf", "excel", "csv")
    for report in ("financial", "inventory", "production")
)
ENDPOINTS = (*REPORTS, *EXPORTS)
STUDIO_ROLES = roles_for(BusinessType.PHOTO_STUDIO)


def _granted(role, action: str) -> bool:
    actions = get_module("reports").roles.get(role, ())
    return "*" in actions or action in actions


@pytest.mark.parametrize("url", ENDPOINTS)
def test_without_a_token_every_report_is_401(api_client, tenant_a, url):
    response = api_client(tenant_a).get(url)
    assert response.status_code == 401
    assert response.json()["code"]


@pytest.mark.parametrize("role", STUDIO_ROLES)
@pytest.mark.parametrize("url", ENDPOINTS)
def test_each_role_reads_and_exports_as_the_module_grants(api_client, tenant_a, make_user, role, url):
    response = api_client(tenant_a, make_user(tenant_a, role)).get(url)
    allowed = _granted(role, "view") and (url in REPORTS or _granted(role, "export"))
    assert response.status_code == (200 if allowed else 403), (role, response.status_code)


def test_the_reports_are_for_management_and_accounting():
    granted = {role for role in STUDIO_ROLES if _granted(role, "view")}
    assert granted == {Role.ADMINISTRATOR, Role.MANAGER, Role.ACCOUNTING}


@pytest.mark.parametrize(
    ("params", "field", "text"),
    [
        ({"desde": "01/02/2026"}, "desde", "AAAA-MM-DD"),
        ({"hasta": "2026-02-30"}, "hasta", "AAAA-MM-DD"),
        ({"desde": "2026-03-01", "hasta": "2026-02-01"}, "desde", "posterior"),
        ({"desde": "2020-01-01", "hasta": "2026-01-02"}, "hasta", "5 años"),
        ({"servicio": "no-existe"}, "servicio", "impresion"),
        ({"categoria": "lienzos"}, "categoria", "varillas"),
        ({"dias_sin_consumo": "0"}, "dias_sin_consumo", "1"),
        ({"dias_sin_consumo": "9999"}, "dias_sin_consumo", "3650"),
        ({"dias_sin_consumo": "diez"}, "dias_sin_consumo", ""),
    ],
)
@pytest.mark.parametrize(
    ("url", "extra"), [(REPORTS[0], {}), (REPORTS[1], {}), ("/api/v1/reports/export/excel/", {"reporte": "financial"})]
)
def test_a_bad_filter_is_a_400_naming_the_parameter_and_what_is_allowed(api, url, extra, params, field, text):
    response = api.get(url, {**extra, **params})
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body["errors"]) == {field}
    assert text in body["errors"][field][0]
    assert body["code"].startswith("report_")


def test_five_years_is_the_longest_period(api):
    assert api.get(REPORTS[0], {"desde": "2021-01-01", "hasta": "2025-12-31"}).status_code == 200


def test_an_export_is_of_the_financial_report_unless_it_asks_for_another(api):
    response = api.get("/api/v1/reports/export/csv/")
    assert response.status_code == 200 and "informe-financiero-" in response["Content-Disposition"]


@pytest.mark.parametrize("value", ["", "produccion", "=1+1"])
def test_an_export_names_a_report_that_exists(api, value):
    response = api.get("/api/v1/reports/export/csv/", {"reporte": value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "report_unknown" and "financial, inventory, production" in body["errors"]["reporte"][0]


def test_the_excel_export_has_a_header_real_numbers_and_dates_and_totals(api, business, tenant_a):
    response = api.get("/api/v1/reports/export/excel/", {"reporte": "financial", **PERIOD})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="informe-financiero-2026-01-01-a-2026-02-28.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cover = workbook.worksheets[0]
    assert [row[1] for row in cover.iter_rows(values_only=True) if row and row[0] == "Periodo"] == [
        "1 de enero de 2026 – 28 de febrero de 2026"
    ]
    sheet = workbook["Ingresos"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mes", "Servicio", "Pedidos", "Neto (sin IVA)", "IVA", "Total")
    first = sheet["A2"]
    assert isinstance(first.value, datetime) and first.value.date() == date(2026, 1, 1) and first.is_date
    assert rows[1][1:] == ("Impresión", 1, 90, 13.5, 103.5)
    assert isinstance(sheet["F2"].value, int | float) and sheet["F2"].number_format == "#,##0.00"
    assert rows[4] == ("Total", None, 3, 340, 51, 391)  # the totals row
    payments = list(workbook["Pagos"].iter_rows(values_only=True))
    assert payments[1] == ("Efectivo", 2, 70) and payments[-1] == ("Total", 4, 173.5)  # (no note)
    with schema_context(tenant_a.schema_name):
        log = ActivityLog.objects.get(model="reports.report")
    assert (log.action, log.file_format) == ("export", "xlsx")


def test_the_inventory_excel_export_has_the_valuation(api, business):
    response = api.get("/api/v1/reports/export/excel/", {"reporte": "inventory", **PERIOD})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook["Valoración"].iter_rows(values_only=True))
    assert rows[1] == ("Materiales de impresión", 2, 1, 35) and rows[3] == ("Total", 4, 3, 80)
    low = list(workbook["Stock bajo"].iter_rows(values_only=True))
    totals = next(row for row in low if row[0] == "Total")
    assert totals[-2] == 174  # estimated cost of the reorder
    assert low[-1][0].startswith("Materiales activos")  # the section's note under the table


def test_the_pdf_is_a4_with_the_business_name(api, business, tenant_a, monkeypatch):
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "pageCompression", 0)  # the page's text readable in the file
    with schema_context(tenant_a.schema_name):
        settings_update(values={BUSINESS_TRADE_NAME: "Foto Andina Prueba"})
    response = api.get("/api/v1/reports/export/pdf/", {"reporte": "financial", **PERIOD})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in content  # A4 portrait
    assert b"/Author (Foto Andina Prueba)" in content
    assert b"(Foto Andina Prueba) Tj" in content  # drawn in the page's header
    assert b"(Pagos recibidos por forma de pago) Tj" in content and b"(173,50) Tj" in content
    inventory = b"".join(api.get("/api/v1/reports/export/pdf/", {"reporte": "inventory"}).streaming_content)
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in inventory  # the wide tables: A4 landscape


def test_the_csv_neutralises_formulas_and_has_every_section(api, business, tenant_a):
    with schema_context(tenant_a.schema_name):
        ServiceType.objects.filter(code="impresion").update(name="=cmd|' /C calc'!A0")
    response = api.get("/api/v1/reports/export/csv/", {"reporte": "financial", **PERIOD})
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert ["01/2026", "'=cmd|' /C calc'!A0", "1", "90.00", "13.50", "103.50"] in rows
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert ["Total", "4", "173.50"] in rows  # payments
    assert ["Total", "7", "320.50"] in rows  # receivables
    titles = [row[0] for row in rows if len(row) == 1]
    assert "Comisiones de colegios" in titles and "Margen bruto por servicio" in titles


def test_an_export_uses_the_same_filters(api, business):
    response = api.get("/api/v1/reports/export/csv/", {"reporte": "financial", "servicio": "enmarcado", **PERIOD})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")[1:])))
    assert ["Servicio", "Enmarcado"] in rows
    revenue = rows[rows.index(["Ingresos por servicio y mes"]) + 2 :][:2]
    assert revenue == [
        ["01/2026", "Enmarcado", "1", "200.00", "30.00", "230.00"],
        ["Total", "", "1", "200.00", "30.00", "230.00"],
    ]


def test_another_business_exports_none_of_these_figures(api_client, tenant_b, make_user, business):
    other = api_client(tenant_b, make_user(tenant_b, Role.MANAGER))
    response = other.get("/api/v1/reports/export/csv/", {"reporte": "financial", **PERIOD})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "Impresión" not in text and "173.50" not in text and "Colegio San José" not in text


def test_money_in_the_json_follows_the_business_decimals(api, business):
    data = api.get(REPORTS[0], PERIOD).json()
    assert Decimal(data["pagos_por_forma"]["totales"]["monto"]) == Decimal("173.50")


def test_the_streamed_csv_keeps_the_requests_time_zone(tenant_a, business):
    """The CSV's rows are read while the response is sent, after the middleware deactivated the business's
    time zone: a sale at 20:00 UTC on 31 January is February's in Kiritimati (UTC+14), January's in Guayaquil."""
    from datetime import datetime

    from django.utils import timezone

    from modules.products.tests.factories import ProductFactory
    from modules.reports.exports import report_csv
    from modules.reports.filters import report_params
    from modules.reports.selectors import financial_report

    with schema_context(tenant_a.schema_name):
        ProductFactory(status="VENDIDO", sold_at=datetime(2026, 1, 31, 20, tzinfo=UTC), sold_price=Decimal("1"))
        with timezone.override("Pacific/Kiritimati"):
            lines = report_csv(financial_report(report_params(PERIOD)))
        with timezone.override("America/Guayaquil"):
            rows = list(csv.reader(io.StringIO("".join(lines)[1:])))
    products = rows[rows.index(["Ventas de productos terminados"]) + 2 :][:3]
    assert products[:2] == [["01/2026", "1", "80.00", "30.00", "50.00"], ["02/2026", "2", "121.00", "88.50", "32.50"]]
