"""The production report: every figure against the value worked out by hand from the workshop in
``production_fixture.py`` (registered through the production service), its filters, who sees it, another
business, its query count, the three files and the admin's tab."""

from __future__ import annotations

import csv
import io

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from fotostudio.users.roles import Role
from modules.reports.exports import report_json
from modules.reports.filters import report_params
from modules.reports.selectors import production_report

from .conftest import PERIOD
from .production_fixture import build_workshop

URL = "/api/v1/reports/production/"
ADMIN = "/admin/reports/report/production/"


@pytest.fixture
def workshop(tenant_a, make_user):
    return build_workshop(tenant_a, make_user)


def _get(api, **params):
    response = api.get(URL, {**PERIOD, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_output_by_month_and_kind_counts_completed_orders_pieces_and_products(api, workshop):
    section = _get(api)["produccion_por_mes"]
    assert section["filas"] == [
        # January: A (2 pieces, 2 products) and B (1, 1)
        {"mes": "2026-01", "tipo": "cuadro", "ordenes": 2, "piezas": 3, "productos": 3},
        # February: D (1, 1) and the canvas C (3, 3); E ends in March, F never registered
        {"mes": "2026-02", "tipo": "cuadro", "ordenes": 1, "piezas": 1, "productos": 1},
        {"mes": "2026-02", "tipo": "lienzo", "ordenes": 1, "piezas": 3, "productos": 3},
    ]
    assert section["totales"] == {"ordenes": 4, "piezas": 7, "productos": 7}


def test_waste_by_material_is_used_waste_and_their_percent_in_the_materials_unit(api, workshop):
    section = _get(api)["mermas_por_material"]
    glass, moulding = section["filas"]
    # Glass: used 2 + 3 = 5, waste 1 (C) → 1 / 6 = 16.67 %; its cost 1 × 5.00.
    assert (glass["sku"], glass["usado"], glass["merma"], glass["merma_porcentaje"], glass["costo_merma"]) == (
        workshop.glass.sku, "5", "1", "16.67", "5.00",
    )  # fmt: skip
    # Moulding: consumed 5.0 (A) + 1.8 (B: 2.0 less its short offcut) + 1.0 (D), less 0.5 returned = 7.3;
    # waste 0.4 + 0.3 + the short offcut 0.2 = 0.9 → 0.9 / 8.2 = 10.98 %; its cost 0.9 × 2.00 = 1.80.
    assert (moulding["usado"], moulding["merma"], moulding["merma_porcentaje"], moulding["costo_merma"]) == (
        "7.3", "0.9", "10.98", "1.80",
    )  # fmt: skip
    assert (moulding["categoria"], moulding["unidad"]) == ("varillas", "metro")
    assert section["totales"] == {"costo_merma": "6.80"}


def test_waste_by_reason_counts_the_short_offcuts_as_their_own_reason(api, workshop):
    section = _get(api)["mermas_por_motivo"]
    assert section["filas"] == [
        {"motivo": "defecto", "registros": 1, "costo": "5.00"},
        {"motivo": "error_corte", "registros": 1, "costo": "0.80"},
        {"motivo": "rotura", "registros": 1, "costo": "0.60"},
        {"motivo": "retazo_corto", "registros": 1, "costo": "0.40"},
    ]
    assert section["totales"] == {"registros": 4, "costo": "6.80"}


EFFICIENCY_TOTALS = {
    "ordenes": 4,
    "productos": 7,
    "costo_materiales": "46.40",
    "costo_merma": "6.80",
    "merma_porcentaje": "14.66",  # 6.80 / 46.40
    "costo_por_producto": "6.63",  # 46.40 / 7
}


def test_efficiency_by_month_is_cost_waste_and_cost_per_product(api, workshop):
    section = _get(api)["eficiencia_por_mes"]
    # A: 10.00 + 0.80 − 1.00 (offcut returned) + 10.00 (glass) = 19.80; B: 3.60 + 0.60 + 0.40 = 4.60.
    # C: 15.00 + 5.00 = 20.00; D: 2.00.
    assert section["filas"] == [
        {"mes": "2026-01", "ordenes": 2, "productos": 3, "costo_materiales": "24.40", "costo_merma": "1.80",
         "merma_porcentaje": "7.38", "costo_por_producto": "8.13"},
        {"mes": "2026-02", "ordenes": 2, "productos": 4, "costo_materiales": "22.00", "costo_merma": "5.00",
         "merma_porcentaje": "22.73", "costo_por_producto": "5.50"},
    ]  # fmt: skip
    assert section["totales"] == EFFICIENCY_TOTALS


def test_efficiency_by_person_is_by_the_orders_responsible(api, workshop):
    section = _get(api)["eficiencia_por_responsable"]
    assert section["filas"] == [
        {"responsable": "Ana Torres", "ordenes": 2, "productos": 3, "costo_materiales": "24.40",
         "costo_merma": "1.80", "merma_porcentaje": "7.38", "costo_por_producto": "8.13"},
        {"responsable": "Luis Vera", "ordenes": 1, "productos": 3, "costo_materiales": "20.00",
         "costo_merma": "5.00", "merma_porcentaje": "25.00", "costo_por_producto": "6.67"},
        {"responsable": "Sin responsable", "ordenes": 1, "productos": 1, "costo_materiales": "2.00",
         "costo_merma": "0.00", "merma_porcentaje": "0.00", "costo_por_producto": "2.00"},
    ]  # fmt: skip
    assert section["totales"] == EFFICIENCY_TOTALS


def test_the_product_cost_matches_the_production_modules_own(api, workshop, tenant_a):
    """The report's cost per product of an order equals the cost the production service gave its products."""
    from modules.production.models import ProductionOrder
    from modules.production.selectors import products_of

    with schema_context(tenant_a.schema_name):
        luis_order = ProductionOrder.objects.get(responsible=workshop.luis, kind="lienzo")
        costs = set(products_of(luis_order.pk).values_list("cost", flat=True))
    row = next(r for r in _get(api)["eficiencia_por_responsable"]["filas"] if r["responsable"] == "Luis Vera")
    assert {f"{cost:.2f}" for cost in costs} == {row["costo_por_producto"]}


def test_responsable_narrows_every_section_to_that_persons_orders(api, workshop):
    data = _get(api, responsable=str(workshop.luis.pk))
    assert data["filtros"]["responsable"] == str(workshop.luis.pk)
    assert data["produccion_por_mes"]["totales"] == {"ordenes": 1, "piezas": 3, "productos": 3}
    assert [row["sku"] for row in data["mermas_por_material"]["filas"]] == [workshop.glass.sku]
    assert data["mermas_por_motivo"]["filas"] == [{"motivo": "defecto", "registros": 1, "costo": "5.00"}]
    assert [row["responsable"] for row in data["eficiencia_por_responsable"]["filas"]] == ["Luis Vera"]
    assert data["eficiencia_por_mes"]["totales"]["costo_materiales"] == "20.00"


def test_categoria_narrows_the_materials_not_the_output(api, workshop):
    data = _get(api, categoria="varillas")
    assert data["produccion_por_mes"]["totales"]["ordenes"] == 4
    assert [row["sku"] for row in data["mermas_por_material"]["filas"]] == [workshop.moulding.sku]
    assert [row["motivo"] for row in data["mermas_por_motivo"]["filas"]] == ["error_corte", "rotura", "retazo_corto"]
    # Moulding only: A 9.80, B 4.60 (January); C none, D 2.00 (February).
    months = data["eficiencia_por_mes"]["filas"]
    assert [(row["costo_materiales"], row["costo_merma"]) for row in months] == [("14.40", "1.80"), ("2.00", "0.00")]
    assert data["eficiencia_por_mes"]["totales"]["costo_por_producto"] == "2.34"  # 16.40 / 7


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"responsable": "ana"}, "responsable"),
        ({"responsable": "00000000-0000-0000-0000-000000000000"}, "responsable"),
        ({"categoria": "molduras"}, "categoria"),
        ({"desde": "2026-13-01"}, "desde"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {field} and body["code"].startswith("report_")


def test_a_user_of_another_business_is_not_a_responsable(api, workshop, tenant_b, make_user):
    stranger = make_user(tenant_b, Role.PRODUCTION)
    assert api.get(URL, {"responsable": str(stranger.pk)}).status_code == 400


def test_another_business_sees_no_production(api_client, tenant_b, make_user, workshop):
    data = api_client(tenant_b, make_user(tenant_b, Role.ACCOUNTING)).get(URL, PERIOD).json()
    assert data["produccion_por_mes"]["filas"] == [] and data["mermas_por_material"]["filas"] == []
    assert data["eficiencia_por_mes"]["totales"]["costo_materiales"] == "0.00"


def test_the_report_takes_a_fixed_number_of_queries(tenant_a, make_user, workshop, django_assert_num_queries):
    """Output, waste by material and by reason: rows and totals; efficiency: one totals query shared by its two
    tables, and one each for their rows: 9, whatever the number of orders."""
    with schema_context(tenant_a.schema_name):
        params = report_params(PERIOD)
    for tag in ("", "-2"):
        if tag:
            build_workshop(tenant_a, make_user, tag=tag)
        with schema_context(tenant_a.schema_name):
            report_json(production_report(params))
            with django_assert_num_queries(9):
                report_json(production_report(params))


def test_the_excel_has_a_sheet_per_section_with_numbers_and_totals(api, workshop):
    response = api.get("/api/v1/reports/export/excel/", {"reporte": "production", **PERIOD})
    assert response.status_code == 200
    assert 'filename="informe-produccion-2026-01-01-a-2026-02-28.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook["Eficiencia por mes"].iter_rows(values_only=True))
    assert rows[0] == (
        "Mes", "Órdenes", "Productos terminados", "Costo de materiales", "Costo de la merma", "Merma % (valor)",
        "Costo de materiales por producto",
    )  # fmt: skip
    assert rows[1][1:] == (2, 3, 24.4, 1.8, 7.38, 8.13)
    assert rows[3] == ("Total", 4, 7, 46.4, 6.8, 14.66, 6.63)
    reasons = list(workbook["Mermas por motivo"].iter_rows(values_only=True))
    assert reasons[1] == ("Defecto del material", 1, 5) and reasons[5] == ("Total", 4, 6.8)


def test_the_csv_and_the_pdf_carry_the_report(api, workshop):
    response = api.get("/api/v1/reports/export/csv/", {"reporte": "production", **PERIOD})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")[1:])))
    assert ["Ana Torres", "2", "3", "24.40", "1.80", "7.38", "8.13"] in rows
    assert ["Total", "", "4", "7", "7"] in rows  # output
    pdf = api.get("/api/v1/reports/export/pdf/", {"reporte": "production", **PERIOD})
    content = b"".join(pdf.streaming_content)
    assert content.startswith(b"%PDF") and b"(Informe de producci" in content


@pytest.mark.parametrize("role", [Role.PRODUCTION, Role.SALES, Role.READ_ONLY])
def test_the_workshop_does_not_read_the_report(api_client, tenant_a, make_user, role):
    client = api_client(tenant_a, make_user(tenant_a, role))
    assert client.get(URL).status_code == 403
    assert client.get("/api/v1/reports/export/csv/", {"reporte": "production"}).status_code == 403


def test_the_admin_has_a_production_tab_with_its_tables(admin_client_for, tenant_a, make_user, workshop):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ACCOUNTING))
    html = browser.get(ADMIN, PERIOD).content.decode()
    assert "Informe de producción" in html and f'href="{ADMIN}"' in html
    for key in ("produccion_por_mes", "mermas_por_material", "mermas_por_motivo", "eficiencia_por_responsable"):
        assert f'data-section="{key}"' in html
    assert "46,40" in html and "Luis Vera" in html and 'name="responsable"' in html
    response = browser.get("/admin/reports/report/export/production/excel/", PERIOD)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert next(r for r in workbook["Producción"].iter_rows(values_only=True) if r[0] == "Total")[-1] == 7
    bad = browser.get(ADMIN, {"responsable": "nadie"})
    assert bad.status_code == 400 and "no es un usuario" in bad.content.decode()
    other = admin_client_for(tenant_a, make_user(tenant_a, Role.PRODUCTION))
    assert other.get(ADMIN).status_code == 403


def test_the_report_shows_the_production_modules_own_efficiency_figures(api, workshop, tenant_a):
    """One rule in one place: the report's waste and cost figures are those of the production selectors."""
    from datetime import date
    from decimal import Decimal

    from modules.production.selectors import efficiency_by_material, efficiency_by_period

    cents = Decimal("0.01")
    with schema_context(tenant_a.schema_name):
        by_material = {row["sku"]: row for row in efficiency_by_material(date_from=date(2026, 1, 1),
                                                                          date_to=date(2026, 2, 28))}  # fmt: skip
        by_month = efficiency_by_period(date_from=date(2026, 1, 1), date_to=date(2026, 2, 28))
    report = _get(api)
    rows = report["mermas_por_material"]["filas"]
    assert {row["sku"] for row in rows} == set(by_material)
    for row in rows:
        production = by_material[row["sku"]]
        assert Decimal(row["usado"]) == production["used"] and Decimal(row["merma"]) == production["waste"]
        assert Decimal(row["costo_merma"]).quantize(cents) == production["waste_cost"]
        assert Decimal(row["merma_porcentaje"]).quantize(Decimal("0.1")) == production["waste_percent"]
    months = report["eficiencia_por_mes"]["filas"]
    assert [row["mes"] for row in months] == [f"{row['month']:%Y-%m}" for row in by_month]
    for row, production in zip(months, by_month, strict=True):
        assert Decimal(row["costo_materiales"]) == production["material_cost"]
        assert Decimal(row["costo_merma"]) == production["waste_cost"]
        assert row["ordenes"] == production["orders"] and row["productos"] == production["products"]
