"""Production output and efficiency against values worked out by hand from a small workshop (Feb–April 2026).

Materials: a moulding at 2.00 a metre and glass at 1.00 a sheet. Production orders (completed on, what was
registered → used, waste at cost, products):
  A 2026-02-27  0.5 m of moulding                              → used 1.00                     1 product
  B 2026-03-10  2.5 m of moulding, 0.1 m wasted, offcuts of 0.4 m (back to stock) and 0.1 m (too short: waste)
                → used 2.0 m (4.00), waste 0.2 m (0.40)                                        1 product
  C 2026-03-20  1.0 m of moulding and 2 sheets of glass         → used 4.00                     2 products
  D 2026-04-05  1 sheet of glass, 1 sheet broken                → used 1.00, waste 1.00         1 product
  E 2026-04-20  1 sheet of glass                                → used 1.00                     no product
  one order planned and one cancelled (never counted). Another business completes an order in March.
"""

from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.production.models import ProductionOrder
from modules.production.selectors import efficiency_by_period
from modules.production.services import production_order_transition, production_register
from modules.production.tests.factories import material_with_stock, moulding_with_stock, production_order_factory

BASE = "/api/v1/metrics/"
SPRING = {"desde": "2026-03-01", "hasta": "2026-04-30", "granularidad": "mes"}
#: What every request costs before its figures: the schema, the token's user, its permissions (two queries).
BASELINE_QUERIES = 4


def _at(day: date, hour: int = 23):
    """Late in the day: the business's local date counts."""
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _completed(day: date, **lines) -> ProductionOrder:
    order = production_register(order=production_order_factory(), **lines)
    ProductionOrder.objects.filter(pk=order.pk).update(finished_at=_at(day))
    return order


@pytest.fixture
def workshop(tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        moulding = moulding_with_stock(metres="30", cost="2.00")
        glass = material_with_stock(quantity="20", cost="1.00", unit="unidad")
        product = {"sale_price": D("45")}
        _completed(date(2026, 2, 27), consumption=[{"material": moulding, "quantity": D("0.5")}], products=[product])
        _completed(
            date(2026, 3, 10),
            consumption=[{"material": moulding, "quantity": D("2.5")}],
            waste=[{"material": moulding, "quantity": D("0.1"), "reason": "error_corte", "note": ""}],
            offcuts=[{"material": moulding, "length": D("0.4")}, {"material": moulding, "length": D("0.1")}],
            products=[product],
        )
        _completed(
            date(2026, 3, 20),
            consumption=[{"material": moulding, "quantity": D("1.0")}, {"material": glass, "quantity": D("2")}],
            products=[{**product, "quantity": 2}],
        )
        _completed(
            date(2026, 4, 5),
            consumption=[{"material": glass, "quantity": D("1")}],
            waste=[{"material": glass, "quantity": D("1"), "reason": "rotura", "note": "Se cayó"}],
            products=[product],
        )
        _completed(date(2026, 4, 20), consumption=[{"material": glass, "quantity": D("1")}])
        production_order_factory(description="Planificada")
        production_order_transition(order=production_order_factory(description="Cancelada"), status="CANCELADA")
    with schema_context(tenant_b.schema_name):  # another business: never counted
        theirs = moulding_with_stock(metres="10", cost="9.00")
        _completed(
            date(2026, 3, 15),
            consumption=[{"material": theirs, "quantity": D("1")}],
            waste=[{"material": theirs, "quantity": D("1"), "reason": "otro", "note": ""}],
            products=[product],
        )
    return tenant_a


def test_production_by_month(api, workshop):
    body = api.get(f"{BASE}production/", SPRING).json()
    assert body == {
        "periodo": {"desde": "2026-03-01", "hasta": "2026-04-30"},
        "granularidad": "mes",
        "serie": [
            # B and C: 4.40 + 4.00; A ended in February, the planned and cancelled orders never count
            {"inicio": "2026-03-01", "ordenes_completadas": 2, "productos": 3, "costo_materiales": "8.40"},
            # D and E: 2.00 + 1.00
            {"inicio": "2026-04-01", "ordenes_completadas": 2, "productos": 1, "costo_materiales": "3.00"},
        ],
        "totales": {"ordenes_completadas": 4, "productos": 4, "costo_materiales": "11.40"},
    }


def test_efficiency_by_month(api, workshop):
    body = api.get(f"{BASE}efficiency/", SPRING).json()
    assert body["serie"] == [
        # 0.40 / 8.40; 8.40 / 3 products
        {
            "inicio": "2026-03-01",
            "aprovechado": "8.00",
            "merma": "0.40",
            "tasa_merma": "4.76",
            "costo_por_producto": "2.80",
        },
        # 1.00 / 3.00; 3.00 / 1 product
        {
            "inicio": "2026-04-01",
            "aprovechado": "2.00",
            "merma": "1.00",
            "tasa_merma": "33.33",
            "costo_por_producto": "3.00",
        },
    ]
    # 1.40 / 11.40; 11.40 / 4 products
    assert body["totales"] == {
        "aprovechado": "10.00",
        "merma": "1.40",
        "tasa_merma": "12.28",
        "costo_por_producto": "2.85",
    }


def test_by_week_the_buckets_start_on_monday_and_empty_ones_have_no_rates(api, workshop):
    params = {"desde": "2026-03-09", "hasta": "2026-04-05", "granularidad": "semana"}
    production = api.get(f"{BASE}production/", params).json()["serie"]
    assert [(row["inicio"], row["ordenes_completadas"], row["costo_materiales"]) for row in production] == [
        ("2026-03-09", 1, "4.40"),  # B, Tuesday 10
        ("2026-03-16", 1, "4.00"),  # C, Friday 20
        ("2026-03-23", 0, "0.00"),
        ("2026-03-30", 1, "2.00"),  # D, Sunday 5 April: still the week of Monday 30 March
    ]
    efficiency = api.get(f"{BASE}efficiency/", params).json()["serie"]
    assert efficiency[2] == {
        "inicio": "2026-03-23",
        "aprovechado": "0.00",
        "merma": "0.00",
        "tasa_merma": None,
        "costo_por_producto": None,
    }


def test_by_day_an_order_without_products_has_no_cost_per_product(api, workshop):
    body = api.get(f"{BASE}efficiency/", {"desde": "2026-04-20", "hasta": "2026-04-20"}).json()
    assert body["serie"] == [
        {
            "inicio": "2026-04-20",
            "aprovechado": "1.00",
            "merma": "0.00",
            "tasa_merma": "0.00",
            "costo_por_producto": None,
        }
    ]


def test_the_monthly_figures_are_the_production_modules_own(api, workshop):
    """One rule in one place: the metrics' months are those of the production's «Eficiencia» page."""
    with schema_context(workshop.schema_name):
        months = efficiency_by_period(date_from=date(2026, 3, 1), date_to=date(2026, 4, 30))
    body = api.get(f"{BASE}production/", SPRING).json()
    assert [
        (row["inicio"], row["ordenes_completadas"], row["productos"], row["costo_materiales"]) for row in body["serie"]
    ] == [
        (month["month"].isoformat(), month["orders"], month["products"], f"{month['material_cost']:.2f}")
        for month in months
    ]


@pytest.mark.parametrize("path", ["production/", "efficiency/"])
def test_each_series_runs_two_queries_whatever_the_data(api, workshop, path, django_assert_num_queries):
    api.get(f"{BASE}{path}", SPRING)  # warms the tenant resolution cache
    with django_assert_num_queries(BASELINE_QUERIES + 2):  # the registered entries; the orders and their products
        api.get(f"{BASE}{path}", {"desde": "2025-01-01", "hasta": "2026-04-30", "granularidad": "semana"})
    with schema_context(workshop.schema_name):
        glass = material_with_stock(quantity="50", cost="1.00", unit="unidad")
        for day in range(1, 11):
            _completed(
                date(2026, 4, day), consumption=[{"material": glass, "quantity": D("1")}], products=[{"quantity": 2}]
            )
    with django_assert_num_queries(BASELINE_QUERIES + 2):
        body = api.get(f"{BASE}{path}", {"desde": "2025-01-01", "hasta": "2026-04-30", "granularidad": "semana"})
    assert body.status_code == 200


@pytest.mark.parametrize("path", ["production/", "efficiency/"])
def test_another_business_sees_only_its_own_production(api_client, tenant_b, make_user, workshop, path):
    theirs = api_client(tenant_b, make_user(tenant_b, Role.ADMINISTRATOR))
    totals = theirs.get(f"{BASE}{path}", SPRING).json()["totales"]
    expected = {
        "production/": {"ordenes_completadas": 1, "productos": 1, "costo_materiales": "18.00"},
        "efficiency/": {"aprovechado": "9.00", "merma": "9.00", "tasa_merma": "50.00", "costo_por_producto": "18.00"},
    }
    assert totals == expected[path]


@pytest.mark.parametrize("path", ["production/", "efficiency/"])
def test_only_who_reads_the_figures_may(api_client, tenant_a, make_user, path):
    for role, status in (
        (Role.ACCOUNTING, 200),
        (Role.MANAGER, 200),
        (Role.PRODUCTION, 403),
        (Role.PHOTOGRAPHER, 403),
        (Role.SALES, 403),
    ):
        assert api_client(tenant_a, make_user(tenant_a, role)).get(f"{BASE}{path}").status_code == status, role
    assert api_client(tenant_a).get(f"{BASE}{path}").status_code == 401


@pytest.mark.parametrize("prefix", ["/api/v1/metrics/", "/api/metrics/"])
def test_both_prefixes_answer_without_parameters(api, workshop, prefix):
    for path in ("production/", "efficiency/"):
        response = api.get(f"{prefix}{path}")
        assert response.status_code == 200 and response.json()["granularidad"] == "dia"


# --- The «produccion» measure of the indicators --------------------------------------------------------------


def test_an_indicator_of_production_output_counts_finished_products(api, workshop, kpi_in, on_april_30):
    kpi_in(
        workshop,
        name="Producción del mes",
        measure="produccion",
        period="mes",
        target="4",
        good_threshold="4",
        warning_threshold="2",
    )
    kpi_in(
        workshop,
        name="Producción del año",
        measure="produccion",
        period="anio",
        target="5",
        good_threshold="5",
        warning_threshold="3",
    )
    rows = api.get(f"{BASE}dashboard/").json()["indicadores"]
    figures = {row["nombre"]: (row["unidad"], row["valor"], row["cumplimiento"], row["estado"]) for row in rows}
    assert figures == {
        "Producción del mes": ("cantidad", "1.00", "25.00", "malo"),  # April: D's product (E made none)
        "Producción del año": ("cantidad", "5.00", "100.00", "bueno"),  # A 1, B 1, C 2, D 1
    }


def test_production_output_in_trends_and_comparison(api, workshop, on_april_30):
    trend = api.get(f"{BASE}trends/", {"medida": "produccion", "periodos": "2"}).json()
    # February 1, March 3, April 1: averages of two months 2 and 2
    assert [(p["mes"], p["valor"], p["media_movil"]) for p in trend["puntos"]] == [
        ("2026-03", "3.00", "2.00"),
        ("2026-04", "1.00", "2.00"),
    ]
    assert trend["direccion"] == "estable"
    compared = api.get(f"{BASE}comparison/", {"medida": "produccion", "periodo": "2026-03", "contra": "2026-02"}).json()
    assert (compared["valor"], compared["valor_contra"], compared["diferencia"], compared["diferencia_pct"]) == (
        "3.00",
        "1.00",
        "2.00",
        "200.00",
    )


def test_a_production_indicator_costs_two_queries_however_many_there_are(
    api, workshop, kpi_in, on_april_30, django_assert_num_queries
):
    api.get(f"{BASE}dashboard/")
    kpi_in(workshop, measure="produccion")
    with django_assert_num_queries(BASELINE_QUERIES + 3):  # the indicators, then production by month (two)
        api.get(f"{BASE}dashboard/")
    for _number in range(5):
        kpi_in(workshop, measure="produccion")
    with django_assert_num_queries(BASELINE_QUERIES + 3):
        assert len(api.get(f"{BASE}dashboard/").json()["indicadores"]) == 6
