"""Every figure of both reports against the value worked out by hand from the fixture (conftest.py)."""

from __future__ import annotations

from django.utils import timezone
from django_tenants.utils import schema_context

from modules.reports.exports import report_json
from modules.reports.filters import report_params
from modules.reports.selectors import financial_report, inventory_report

from .conftest import PERIOD, build_business

FINANCIAL = "/api/v1/reports/financial/"
INVENTORY = "/api/v1/reports/inventory/"


def _get(api, url, **params):
    response = api.get(url, {**PERIOD, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_revenue_by_service_and_month_counts_orders_not_cancelled_by_their_date(api, business):
    section = _get(api, FINANCIAL)["ingresos_por_servicio"]
    assert section["filas"] == [
        # January: o1 printing 100 - 10 discount = 90 net + 13.50 IVA; o2 framing 200 + 30
        {"mes": "2026-01", "servicio": "Impresión", "pedidos": 1, "neto": "90.00", "iva": "13.50", "total": "103.50"},
        {"mes": "2026-01", "servicio": "Enmarcado", "pedidos": 1, "neto": "200.00", "iva": "30.00", "total": "230.00"},
        # February: printing 50 + 7.50; the cancelled framing order (80) is left out
        {"mes": "2026-02", "servicio": "Impresión", "pedidos": 1, "neto": "50.00", "iva": "7.50", "total": "57.50"},
    ]
    assert section["totales"] == {"pedidos": 3, "neto": "340.00", "iva": "51.00", "total": "391.00"}


def test_revenue_filtered_by_service(api, business):
    section = _get(api, FINANCIAL, servicio="enmarcado")["ingresos_por_servicio"]
    assert [row["total"] for row in section["filas"]] == ["230.00"]
    assert section["totales"]["total"] == "230.00"


def test_product_sales_in_the_period_with_their_margin(api, business):
    section = _get(api, FINANCIAL)["ventas_de_productos"]
    assert section["filas"] == [
        {"mes": "2026-01", "vendidos": 1, "ingresos": "80.00", "costo": "30.00", "margen": "50.00"},
        {"mes": "2026-02", "vendidos": 1, "ingresos": "120.00", "costo": "70.00", "margen": "50.00"},
    ]  # the one sold in March is outside
    assert section["totales"] == {"vendidos": 2, "ingresos": "200.00", "costo": "100.00", "margen": "100.00"}


def test_payments_received_by_method(api, business):
    section = _get(api, FINANCIAL)["pagos_por_forma"]
    # cash 50 (o1) + 20 (o4, cancelled afterwards: the money was received); card 53.50; transfer 50
    assert section["filas"] == [
        {"forma_pago": "efectivo", "pagos": 2, "monto": "70.00"},
        {"forma_pago": "tarjeta", "pagos": 1, "monto": "53.50"},
        {"forma_pago": "transferencia", "pagos": 1, "monto": "50.00"},
    ]
    assert section["totales"] == {"pagos": 4, "monto": "173.50"}
    framing = _get(api, FINANCIAL, servicio="enmarcado")["pagos_por_forma"]
    assert framing["totales"] == {"pagos": 2, "monto": "70.00"}


def test_receivables_are_aged_from_the_order_date_to_today(api, business):
    section = _get(api, FINANCIAL)["cuentas_por_cobrar"]
    assert section["filas"] == [
        {"tramo": "0-30", "pedidos": 2, "saldo": "41.00"},  # 10 days (40) and exactly 30 days (1)
        {"tramo": "31-60", "pedidos": 2, "saldo": "27.00"},  # 31 days (2) and 45 days (25)
        {"tramo": "61-90", "pedidos": 1, "saldo": "15.00"},  # 75 days
        {"tramo": "90+", "pedidos": 2, "saldo": "237.50"},  # o2 (180) and o3 (57.50), months old
    ]
    assert section["totales"] == {"pedidos": 7, "saldo": "320.50"}


def test_school_commissions_reuse_the_contracts_commission(api, business):
    section = _get(api, FINANCIAL)["comisiones"]
    # Only the active contract overlapping the period (not the draft, not last year's); its base is o1's
    # 100 - 10 = 90 (o2 is not delivered); 10 % → 9.00
    assert section["filas"] == [
        {
            "contrato": "CON-2026-00001",
            "colegio": "Colegio San José",
            "tasa": "10.00",
            "base": "90.00",
            "comision": "9.00",
        }
    ]
    assert section["totales"] == {"base": "90.00", "comision": "9.00"}


def test_cost_of_materials_used_is_consumption_and_waste_at_their_unit_cost(api, business):
    section = _get(api, FINANCIAL)["costo_de_materiales"]
    assert section["filas"] == [
        {"categoria": "impresion", "tipo": "consumo", "movimientos": 1, "costo": "15.00"},  # 50 × 0.30
        {"categoria": "varillas", "tipo": "consumo", "movimientos": 1, "costo": "5.00"},  # 2 × 2.50
        {"categoria": "varillas", "tipo": "merma", "movimientos": 1, "costo": "2.50"},  # 1 × 2.50
    ]
    assert section["totales"] == {"movimientos": 3, "costo": "22.50"}
    assert _get(api, FINANCIAL, categoria="varillas")["costo_de_materiales"]["totales"]["costo"] == "7.50"


def test_gross_margin_by_service_allots_the_materials_cost_by_net_revenue(api, business):
    section = _get(api, FINANCIAL)["margen_por_servicio"]
    # 22.50 of materials over 340.00 of net revenue: printing 140 → 22.50 × 140 / 340 = 9.26;
    # framing 200 → 13.24; margin 130.74 and 186.76; 317.50 / 340 = 93.38 %
    assert section["filas"] == [
        {
            "servicio": "Impresión",
            "neto": "140.00",
            "costo_asignado": "9.26",
            "margen": "130.74",
            "margen_porcentaje": "93.38",
        },
        {
            "servicio": "Enmarcado",
            "neto": "200.00",
            "costo_asignado": "13.24",
            "margen": "186.76",
            "margen_porcentaje": "93.38",
        },
    ]
    assert section["totales"] == {
        "neto": "340.00",
        "costo_asignado": "22.50",
        "margen": "317.50",
        "margen_porcentaje": "93.38",
    }


def test_an_empty_period_has_zeros_and_no_rows(api, business):
    data = _get(api, FINANCIAL, desde="2020-01-01", hasta="2020-01-31")
    revenue = data["ingresos_por_servicio"]
    assert revenue["filas"] == []
    assert revenue["totales"] == {"pedidos": 0, "neto": "0.00", "iva": "0.00", "total": "0.00"}
    assert data["margen_por_servicio"]["totales"]["margen_porcentaje"] is None


def test_inventory_valuation_by_category_is_stock_times_average_cost(api, business):
    section = _get(api, INVENTORY)["valoracion_por_categoria"]
    # impresion: paper 100 × 0.35 = 35.00, ink 0; varillas: 10 × 2.50 + the inactive 4 × 5 = 45.00
    assert section["filas"] == [
        {"categoria": "impresion", "materiales": 2, "con_existencias": 1, "valor": "35.00"},
        {"categoria": "varillas", "materiales": 2, "con_existencias": 2, "valor": "45.00"},
    ]
    assert section["totales"] == {"materiales": 4, "con_existencias": 3, "valor": "80.00"}
    only = _get(api, INVENTORY, categoria="varillas")["valoracion_por_categoria"]
    assert only["totales"]["valor"] == "45.00"


def test_movements_of_the_period_by_kind(api, business):
    section = _get(api, INVENTORY)["movimientos_por_tipo"]
    assert section["filas"] == [
        {"tipo": "compra", "movimientos": 1, "entradas": "64.00", "salidas": "0.00"},  # 200 × 0.32
        {"tipo": "consumo", "movimientos": 2, "entradas": "0.00", "salidas": "20.00"},  # 5.00 + 15.00
        {"tipo": "merma", "movimientos": 1, "entradas": "0.00", "salidas": "2.50"},
    ]
    assert section["totales"] == {"movimientos": 4, "entradas": "64.00", "salidas": "22.50"}


def test_low_stock_with_the_inventorys_reorder_suggestion(api, business):
    section = _get(api, INVENTORY)["stock_bajo"]
    rows = {row["sku"]: row for row in section["filas"]}
    assert set(rows) == {"PAP-FOTO", "TIN-NEG"}
    paper = rows["PAP-FOTO"]
    # 100 on hand, minimum 150: 50 short; reorder quantity 500 × 0.30 = 150.00
    assert (paper["existencias"], paper["minimo"], paper["faltante"], paper["sugerido"], paper["costo_estimado"]) == (
        "100", "150", "50", "500", "150.00",
    )  # fmt: skip
    assert paper["ultima_compra"] == "2026-01-05" and paper["proveedor"] == "Foto Ecuador"
    # no reorder quantity: the shortfall, 2 × 12.00
    assert (rows["TIN-NEG"]["sugerido"], rows["TIN-NEG"]["costo_estimado"]) == ("2", "24.00")
    assert section["totales"] == {"costo_estimado": "174.00"}


def test_slow_moving_materials_have_stock_and_no_consumption_in_n_days(api, business):
    # 30 days up to 28 Feb: the moulding (last used 12 Jan; the waste of 1 Feb is not use) and the paper
    # (15 Jan; its use in March is after the period); not the ink (no stock) nor the inactive moulding
    section = _get(api, INVENTORY, dias_sin_consumo="30")["baja_rotacion"]
    assert [(row["sku"], row["ultimo"], row["valor"]) for row in section["filas"]] == [
        ("VAR-NEG", "2026-01-12", "25.00"),
        ("PAP-FOTO", "2026-01-15", "35.00"),
    ]
    assert section["totales"] == {"valor": "60.00"}
    assert _get(api, INVENTORY, dias_sin_consumo="60")["baja_rotacion"]["filas"] == []


def test_the_default_period_is_this_month_up_to_today(api, business):
    filters = api.get(FINANCIAL).json()["filtros"]
    today = timezone.localdate()
    assert (filters["desde"], filters["hasta"]) == (today.replace(day=1).isoformat(), today.isoformat())


def test_the_figures_take_a_fixed_number_of_queries(tenant_a, business, django_assert_num_queries):
    """One query per table and one per totals row, however many rows: twice the data, the same count.

    Financial: 11 queries (revenue, products, payments and materials' cost: rows and totals; ageing, commissions,
    margin: one each); inventory: 8 (four tables, four totals). The business's money rounding is read once per
    report (from the settings' cache), not once per amount.
    """
    with schema_context(tenant_a.schema_name):
        params = report_params(PERIOD)
        for tag in ("", "-2"):
            if tag:
                build_business(tenant_a, tag=tag)
            for build, queries in ((financial_report, 11), (inventory_report, 8)):
                report_json(build(params))  # warm the settings' cache and the connection's schema
                with django_assert_num_queries(queries):
                    report_json(build(params))


def test_another_business_never_sees_these_figures(api_client, tenant_b, make_user, business):
    other = api_client(tenant_b, make_user(tenant_b, "Contabilidad"))
    data = other.get(FINANCIAL, PERIOD).json()
    assert data["ingresos_por_servicio"]["totales"]["total"] == "0.00"
    assert data["pagos_por_forma"]["totales"] == {"pagos": 0, "monto": "0.00"}
    assert data["cuentas_por_cobrar"]["totales"] == {"pedidos": 0, "saldo": "0.00"}
    assert data["comisiones"]["filas"] == []
    assert data["costo_de_materiales"]["totales"]["costo"] == "0.00"
    inventory = other.get(INVENTORY, PERIOD).json()
    assert inventory["valoracion_por_categoria"]["filas"] == []
    assert inventory["stock_bajo"]["filas"] == [] and inventory["baja_rotacion"]["filas"] == []
