"""The computed figures against values worked out by hand from a small business (March–April 2026).

Clients: Ana (registered 2026-01-10), Bruno (03-05), Carla (03-20), Darío (04-02).
Orders (client, date, status, total, promised → delivered):
  1 Ana    02-10 delivered  40.00  02-15 → 02-14
  2 Ana    03-03 delivered 100.00  03-10 → 03-09   on time
  3 Bruno  03-06 delivered  60.00  03-08 → 03-12   late
  4 Carla  03-21 cancelled 500.00
  5 Bruno  04-07 delivered  30.00  none  → 04-08   on time (nothing promised)
  6 Ana    04-08 pending    90.00
  7 Darío  04-09 ready      20.00
Stock (one material): bought 100 at 0.50 on 03-02; consumed 30 on 03-10 (15.00), wasted 10 on 03-12 (5.00),
consumed 20 on 04-15 (10.00): 40 left, worth 20.00. Another business has an order and a movement in March.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory
from modules.inventory.models import MovementKind
from modules.inventory.services import stock_move
from modules.inventory.tests.factories import MaterialFactory
from modules.metrics import selectors
from modules.orders.models import OrderStatus
from modules.orders.tests.factories import OrderFactory

BASE = "/api/v1/metrics/"
SPRING = {"desde": "2026-03-01", "hasta": "2026-04-30", "granularidad": "mes"}
PERIOD = {"desde": "2026-03-01", "hasta": "2026-04-30"}
#: What every request costs before its figures: the schema, the token's user, its permissions (two queries).
BASELINE_QUERIES = 4


def _at(day: date, hour: int = 12):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def studio(tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        clients = {}
        for name, registered in (
            ("Ana", date(2026, 1, 10)),
            ("Bruno", date(2026, 3, 5)),
            ("Carla", date(2026, 3, 20)),
            ("Darío", date(2026, 4, 2)),
        ):
            clients[name] = ClientFactory(name=name)
            Client.objects.filter(pk=clients[name].pk).update(created_at=_at(registered))
        delivered, d = OrderStatus.DELIVERED, date
        for name, day, status, total, promised, delivered_on in (
            ("Ana", d(2026, 2, 10), delivered, "40.00", d(2026, 2, 15), d(2026, 2, 14)),
            ("Ana", d(2026, 3, 3), delivered, "100.00", d(2026, 3, 10), d(2026, 3, 9)),
            ("Bruno", d(2026, 3, 6), delivered, "60.00", d(2026, 3, 8), d(2026, 3, 12)),
            ("Carla", d(2026, 3, 21), OrderStatus.CANCELLED, "500.00", None, None),
            ("Bruno", d(2026, 4, 7), delivered, "30.00", None, d(2026, 4, 8)),
            ("Ana", d(2026, 4, 8), OrderStatus.PENDING, "90.00", None, None),
            ("Darío", d(2026, 4, 9), OrderStatus.READY, "20.00", None, None),
        ):
            OrderFactory(
                client=clients[name],
                order_date=day,
                status=status,
                total=Decimal(total),
                promised_date=promised,
                delivered_at=_at(delivered_on, 23) if delivered_on else None,  # late in the day: local dates count
            )
        paper = MaterialFactory(name="Papel")
        stock_move(material=paper, kind=MovementKind.PURCHASE, quantity="100", unit_cost="0.50", at=_at(d(2026, 3, 2)))
        stock_move(material=paper, kind=MovementKind.CONSUMPTION, quantity="30", at=_at(d(2026, 3, 10)))
        stock_move(material=paper, kind=MovementKind.WASTE, quantity="10", at=_at(d(2026, 3, 12)))
        stock_move(material=paper, kind=MovementKind.CONSUMPTION, quantity="20", at=_at(d(2026, 4, 15)))
    with schema_context(tenant_b.schema_name):  # another business: never counted
        OrderFactory(order_date=date(2026, 3, 15), total=Decimal("999.00"))
        theirs = MaterialFactory()
        stock_move(material=theirs, kind=MovementKind.PURCHASE, quantity="10", unit_cost="9", at=_at(d(2026, 3, 2)))
        stock_move(material=theirs, kind=MovementKind.WASTE, quantity="10", at=_at(d(2026, 3, 3)))
    return tenant_a


def test_revenue_by_month(api, studio):
    body = api.get(f"{BASE}revenue/", SPRING).json()
    assert body == {
        "periodo": {"desde": "2026-03-01", "hasta": "2026-04-30"},
        "granularidad": "mes",
        "serie": [
            # March: orders 2 and 3 (the cancelled 500 is not revenue); April: 30 + 90 + 20
            {"inicio": "2026-03-01", "ingresos": "160.00", "pedidos": 2, "ticket_medio": "80.00"},
            {"inicio": "2026-04-01", "ingresos": "140.00", "pedidos": 3, "ticket_medio": "46.67"},
        ],
        "totales": {"ingresos": "300.00", "pedidos": 5, "ticket_medio": "60.00"},
    }


def test_revenue_by_week_starts_on_monday_and_lists_empty_weeks(api, studio):
    body = api.get(f"{BASE}revenue/", {"desde": "2026-03-01", "hasta": "2026-03-10", "granularidad": "semana"})
    assert [(row["inicio"], row["ingresos"], row["pedidos"]) for row in body.json()["serie"]] == [
        ("2026-02-23", "0.00", 0),  # only Sunday 1 March is in the period
        ("2026-03-02", "160.00", 2),
        ("2026-03-09", "0.00", 0),
    ]


def test_revenue_by_day(api, studio):
    body = api.get(f"{BASE}revenue/", {"desde": "2026-04-07", "hasta": "2026-04-09"}).json()  # dia by default
    assert body["granularidad"] == "dia"
    assert [(row["inicio"], row["ingresos"]) for row in body["serie"]] == [
        ("2026-04-07", "30.00"),
        ("2026-04-08", "90.00"),
        ("2026-04-09", "20.00"),
    ]


def test_orders_and_on_time_deliveries(api, studio):
    body = api.get(f"{BASE}orders/", SPRING).json()
    keys = ("inicio", "pedidos", "cancelados", "entregados", "a_tiempo", "tasa_a_tiempo")
    assert [tuple(row[key] for key in keys) for row in body["serie"]] == [
        ("2026-03-01", 2, 1, 2, 1, "50.00"),  # the cancelled one apart; delivered 2 and 3, only 2 on time
        ("2026-04-01", 3, 0, 1, 1, "100.00"),  # order 5 delivered without a promised date: on time
    ]
    assert body["totales"] == {"pedidos": 5, "cancelados": 1, "entregados": 3, "a_tiempo": 2, "tasa_a_tiempo": "66.67"}


def test_new_and_returning_clients(api, studio):
    body = api.get(f"{BASE}clients/", SPRING).json()
    assert body["serie"] == [
        # March: Bruno and Carla registered; Ana and Bruno bought (Carla's order was cancelled); Ana bought before
        {"inicio": "2026-03-01", "nuevos": 2, "con_pedidos": 2, "recurrentes": 1},
        # April: Darío registered; Bruno, Ana and Darío bought; Bruno and Ana had bought before April
        {"inicio": "2026-04-01", "nuevos": 1, "con_pedidos": 3, "recurrentes": 2},
    ]
    assert body["totales"] == {"nuevos": 3}


def test_inventory_consumption_waste_and_stock_value(api, studio):
    body = api.get(f"{BASE}inventory/", SPRING).json()
    assert body["serie"] == [
        # 100 × 0.50 bought; 30 × 0.50 consumed, 10 × 0.50 wasted: 5 / (15 + 5)
        {"inicio": "2026-03-01", "compras": "50.00", "consumo": "15.00", "merma": "5.00", "tasa_merma": "25.00"},
        {"inicio": "2026-04-01", "compras": "0.00", "consumo": "10.00", "merma": "0.00", "tasa_merma": "0.00"},
    ]
    assert body["totales"] == {
        "compras": "50.00",
        "consumo": "25.00",
        "merma": "5.00",
        "tasa_merma": "16.67",  # 5 / 30
        "valor_inventario": "20.00",  # 40 left × 0.50
    }


def test_a_bucket_without_data_has_no_rate(api, studio):
    body = api.get(f"{BASE}orders/", {"desde": "2026-01-01", "hasta": "2026-01-31", "granularidad": "mes"}).json()
    assert body["serie"] == [
        {"inicio": "2026-01-01", "pedidos": 0, "cancelados": 0, "entregados": 0, "a_tiempo": 0, "tasa_a_tiempo": None}
    ]


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"granularidad": "hora"}, "metrics_granularity_invalid", "granularidad"),
        ({"desde": "2025-01-01", "hasta": "2026-01-02"}, "metrics_range_too_long", "desde"),  # 367 days by day
        ({"desde": "2015-01-01", "hasta": "2026-01-02", "granularidad": "mes"}, "metrics_range_too_long", "hasta"),
        ({"desde": "2026-02-30"}, "dashboard_period_invalid", "desde"),
        ({"desde": "2026-05-01", "hasta": "2026-04-01"}, "dashboard_period_invalid", "hasta"),
    ],
)
@pytest.mark.parametrize("path", ["revenue/", "orders/", "clients/", "inventory/", "production/", "efficiency/"])
def test_bad_ranges_and_granularities_are_400_naming_what_is_allowed(api, studio, path, params, code, field):
    response = api.get(f"{BASE}{path}", params)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in response.json()["errors"]
    if code == "metrics_granularity_invalid":
        assert "dia, semana, mes" in response.json()["detail"]


def test_a_whole_year_by_day_is_allowed(api, studio):
    response = api.get(f"{BASE}revenue/", {"desde": "2024-01-01", "hasta": "2024-12-31"})  # 366 days
    assert response.status_code == 200 and len(response.json()["serie"]) == 366


def test_dashboard_values_targets_and_states(api, studio, kpi_in, on_april_30):
    for name, measure, period, direction, target, good, warning in (
        ("Ingresos del mes", "ingresos", "mes", "mayor_mejor", "150", "150", "120"),
        ("Puntualidad", "entregas_a_tiempo", "trimestre", "mayor_mejor", "90", "90", "80"),
        ("Merma anual", "tasa_merma", "anio", "menor_mejor", "5", "5", "10"),
        ("Recurrentes", "clientes_recurrentes", "mes", "mayor_mejor", "2", "2", "1"),
        ("Stock", "valor_inventario", "mes", "mayor_mejor", "100", "100", "50"),
    ):
        kpi_in(
            studio,
            name=name,
            measure=measure,
            period=period,
            direction=direction,
            target=target,
            good_threshold=good,
            warning_threshold=warning,
        )
    kpi_in(studio, name="Ticket (inactivo)", measure="ticket_medio", is_active=False)
    rows = api.get(f"{BASE}dashboard/").json()["indicadores"]
    figures = {
        row["nombre"]: (row["periodo"]["desde"], row["valor"], row["diferencia"], row["cumplimiento"], row["estado"])
        for row in rows
    }
    assert figures == {
        "Ingresos del mes": ("2026-04-01", "140.00", "-10.00", "93.33", "alerta"),  # April: 30 + 90 + 20
        "Puntualidad": ("2026-04-01", "100.00", "10.00", "111.11", "bueno"),  # second quarter: order 5
        "Merma anual": ("2026-01-01", "16.67", "11.67", "333.40", "malo"),  # 5 / (15 + 5 + 10)
        "Recurrentes": ("2026-04-01", "2.00", "0.00", "100.00", "bueno"),  # Ana and Bruno
        "Stock": ("2026-04-01", "20.00", "-80.00", "20.00", "malo"),
    }
    assert [row["nombre"] for row in rows] == ["Ingresos del mes", "Merma anual", "Puntualidad", "Recurrentes", "Stock"]
    assert {row["nombre"]: row["unidad"] for row in rows}["Merma anual"] == "porcentaje"


def test_dashboard_queries_do_not_grow_with_the_indicators(api, studio, kpi_in, on_april_30, django_assert_num_queries):
    api.get(f"{BASE}dashboard/")  # warms the tenant resolution cache
    kpi_in(studio, measure="ingresos")
    kpi_in(studio, measure="clientes_nuevos")
    # the indicators, revenue by month, clients (registrations, buyers)
    with django_assert_num_queries(BASELINE_QUERIES + 4):
        assert len(api.get(f"{BASE}dashboard/").json()["indicadores"]) == 2
    for _number in range(10):
        kpi_in(studio, measure="ticket_medio")
        kpi_in(studio, measure="pedidos")
    with django_assert_num_queries(BASELINE_QUERIES + 4):
        assert len(api.get(f"{BASE}dashboard/").json()["indicadores"]) == 22


@pytest.mark.parametrize(("path", "queries"), [("revenue/", 1), ("orders/", 2), ("clients/", 2), ("inventory/", 2)])
def test_each_series_runs_a_fixed_number_of_queries(api, studio, path, queries, django_assert_num_queries):
    api.get(f"{BASE}{path}", SPRING)
    with django_assert_num_queries(BASELINE_QUERIES + queries):
        api.get(f"{BASE}{path}", {"desde": "2025-01-01", "hasta": "2026-04-30", "granularidad": "semana"})


def test_trend_moving_average_and_direction(api, studio, on_april_30):
    body = api.get(f"{BASE}trends/", {"medida": "ingresos", "periodos": "2"}).json()
    assert body == {
        "medida": "ingresos",
        "periodos": 2,
        # February 40, March 160, April 140: averages of two months
        "puntos": [
            {"mes": "2026-03", "valor": "160.00", "media_movil": "100.00"},
            {"mes": "2026-04", "valor": "140.00", "media_movil": "150.00"},
        ],
        "direccion": "sube",
        "cambio": "50.00",
    }


def test_trend_down_flat_and_up(api, studio, on_april_30):
    # waste rate by month: February has no movements (left out), March 25, April 0 → averages over 2
    down = api.get(f"{BASE}trends/", {"medida": "tasa_merma", "periodos": "2"}).json()
    assert [(p["mes"], p["valor"], p["media_movil"]) for p in down["puntos"]] == [
        ("2026-03", "25.00", "25.00"),
        ("2026-04", "0.00", "12.50"),
    ]
    assert (down["direccion"], down["cambio"]) == ("baja", "-12.50")
    # on time: February 100 (order 1), March 50, April 100 → averages 75 and 75
    flat = api.get(f"{BASE}trends/", {"medida": "entregas_a_tiempo", "periodos": "2"}).json()
    assert [p["media_movil"] for p in flat["puntos"]] == ["75.00", "75.00"]
    assert (flat["direccion"], flat["cambio"]) == ("estable", "0.00")
    # new clients Dec 0, Jan 1 (Ana), Feb 0, Mar 2, Apr 1: averages over 3 → Feb 0.33, Mar 1.00, Apr 1.00
    up = api.get(f"{BASE}trends/", {"medida": "clientes_nuevos", "periodos": "3"}).json()
    assert [p["media_movil"] for p in up["puntos"]] == ["0.33", "1.00", "1.00"]
    assert up["direccion"] == "sube"


def test_trend_without_values_is_steady(api, studio, on_april_30, monkeypatch):
    monkeypatch.setattr(selectors, "business_today", lambda: date(2020, 6, 30))
    body = api.get(f"{BASE}trends/", {"medida": "ticket_medio", "periodos": "2"}).json()
    assert [(p["valor"], p["media_movil"]) for p in body["puntos"]] == [(None, None), (None, None)]
    assert (body["direccion"], body["cambio"]) == ("estable", None)


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"medida": "valor_inventario"}, "metrics_measure_invalid", "medida"),
        ({"medida": "nada"}, "metrics_measure_invalid", "medida"),
        ({"medida": "ingresos", "periodos": "1"}, "metrics_periods_invalid", "periodos"),
        ({"medida": "ingresos", "periodos": "25"}, "metrics_periods_invalid", "periodos"),
        ({"medida": "ingresos", "periodos": "dos"}, "metrics_periods_invalid", "periodos"),
    ],
)
def test_trend_refuses_bad_parameters(api, studio, params, code, field):
    response = api.get(f"{BASE}trends/", params)
    assert response.status_code == 400
    assert (response.json()["code"], field in response.json()["errors"]) == (code, True)


def test_comparison_against_a_month_and_the_target(api, studio, kpi_in):
    kpi_in(studio, name="Ingresos", measure="ingresos", target="150", good_threshold="150", warning_threshold="120")
    body = api.get(f"{BASE}comparison/", {"medida": "ingresos", "periodo": "2026-04", "contra": "2026-03"}).json()
    assert {key: value for key, value in body.items() if key != "indicador"} == {
        "medida": "ingresos",
        "periodo": "2026-04",
        "valor": "140.00",
        "contra": "2026-03",
        "valor_contra": "160.00",
        "diferencia": "-20.00",
        "diferencia_pct": "-12.50",
        "meta": "150.00",
        "diferencia_meta": "-10.00",
        "cumplimiento": "93.33",
        "estado": "alerta",
    }
    assert body["indicador"] is not None


def test_comparison_without_an_indicator_has_no_target(api, studio):
    body = api.get(f"{BASE}comparison/", {"medida": "pedidos", "periodo": "2026-03", "contra": "2026-01"}).json()
    assert (body["valor"], body["valor_contra"], body["diferencia"], body["diferencia_pct"]) == (
        "2.00",
        "0.00",
        "2.00",
        None,  # against zero there is no percentage
    )
    assert (body["indicador"], body["meta"], body["estado"]) == (None, None, None)


def test_without_parameters_trends_and_comparison_show_revenue_this_month_against_the_last(api, studio):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    trend = api.get(f"{BASE}trends/").json()
    assert (trend["medida"], len(trend["puntos"])) == ("ingresos", 6)
    plain = api.get(f"{BASE}comparison/").json()
    explicit = api.get(
        f"{BASE}comparison/",
        {"medida": "ingresos", "periodo": this_month.isoformat()[:7], "contra": last_month.isoformat()[:7]},
    ).json()
    assert plain == explicit and plain["medida"] == "ingresos"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"medida": "ingresos", "periodo": "2026-13", "contra": "2026-03"}, "periodo"),
        ({"medida": "ingresos", "periodo": "2026-04", "contra": "marzo"}, "contra"),
        ({"medida": "ingresos", "periodo": "2026-04", "contra": "2026-4"}, "contra"),
        ({"medida": "nada", "periodo": "2026-04", "contra": "2026-03"}, "medida"),
    ],
)
def test_comparison_refuses_bad_parameters(api, studio, params, field):
    response = api.get(f"{BASE}comparison/", params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_another_business_figures_are_never_counted(api_client, tenant_b, make_user, studio):
    theirs = api_client(tenant_b, make_user(tenant_b, Role.ADMINISTRATOR))
    revenue = theirs.get(f"{BASE}revenue/", SPRING).json()["totales"]
    assert (revenue["ingresos"], revenue["pedidos"]) == ("999.00", 1)
    stock = theirs.get(f"{BASE}inventory/", SPRING).json()["totales"]
    assert (stock["merma"], stock["tasa_merma"], stock["valor_inventario"]) == ("90.00", "100.00", "0.00")
