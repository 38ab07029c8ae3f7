"""The dashboard API: every figure against values computed by hand from a small business, the period's
validation, the sections each role sees, isolation and the number of queries."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role
from modules.clients.tests.factories import SchoolFactory
from modules.dashboard.vocabulary import SECTION_PERMISSIONS
from modules.orders.models import OrderStatus
from modules.orders.selectors import orders_by_status, pending_balances, revenue_by_service
from modules.orders.tests.factories import OrderFactory

BASE = "/api/v1/dashboard/"
PERIOD = {"desde": "2026-03-01", "hasta": "2026-04-30"}
ENDPOINTS = {"pedidos": "orders/", "ingresos": "revenue/", "clientes": "clients/"}
#: What every request costs before its figures: the schema, the token's user, its permissions (two queries).
BASELINE_QUERIES = 4


def _at(day: date, hour: int = 12):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def api(api_client, tenant_a, make_user):
    return api_client(tenant_a, make_user(tenant_a, Role.MANAGER))


def test_orders_figures(api, studio):
    body = api.get(f"{BASE}orders/", PERIOD).json()
    assert body == {
        "periodo": {"desde": "2026-03-01", "hasta": "2026-04-30"},
        # dated in the period: 100 delivered, 50 pending (overdue), 40 cancelled, 80 ready, 20 delivered
        "por_estado": {"PENDIENTE": 1, "EN_PROCESO": 0, "LISTO": 1, "ENTREGADO": 2, "CANCELADO": 1},
        "en_curso": 2,
        "atrasados": 1,
        "saldos_pendientes": {"pedidos": 2, "monto": "110.00", "atrasados": 1},  # 30 + 80
        "tiempo_medio_entrega_dias": 4.0,  # deliveries made in the period: 5 and 3 days
    }


def test_revenue_figures(api, studio):
    body = api.get(f"{BASE}revenue/", PERIOD).json()
    assert body == {
        "periodo": {"desde": "2026-03-01", "hasta": "2026-04-30"},
        "total": "250.00",  # 100 + 50 + 80 + 20 (the cancelled 40 is not revenue)
        "pedidos": 4,
        "por_servicio": [
            {"servicio": "impresion", "nombre": "Impresión", "total": "120.00", "pedidos": 2},
            {"servicio": "enmarcado", "nombre": "Enmarcado", "total": "130.00", "pedidos": 2},
        ],
        "por_mes": [{"mes": "2026-03", "total": "150.00"}, {"mes": "2026-04", "total": "100.00"}],
    }


def test_a_month_without_sales_is_listed_with_zero(api, studio):
    body = api.get(f"{BASE}revenue/", {"desde": "2026-01-15", "hasta": "2026-03-31"}).json()
    assert body["por_mes"] == [
        {"mes": "2026-01", "total": "0.00"},
        {"mes": "2026-02", "total": "70.00"},
        {"mes": "2026-03", "total": "150.00"},
    ]


def test_clients_figures(api, studio):
    body = api.get(f"{BASE}clients/", PERIOD).json()
    assert body == {
        "periodo": {"desde": "2026-03-01", "hasta": "2026-04-30"},
        "particulares_activos": 1,  # Ana (Bruno is inactive)
        "colegios_activos": 2,
        "estudiantes": 150,
        "clientes": 4,
        "nuevos": {"particulares": 1, "colegios": 1, "total": 2},  # Ana and Colegio Uno
    }


def test_the_summary_has_every_section_the_user_may_see_with_the_same_figures(api, studio):
    summary = api.get(BASE, PERIOD).json()
    assert summary["periodo"] == {"desde": "2026-03-01", "hasta": "2026-04-30"}
    for key, path in ENDPOINTS.items():
        section = api.get(f"{BASE}{path}", PERIOD).json()
        section.pop("periodo")
        assert summary[key] == section


def test_the_api_gives_the_admin_dashboards_figures(api, studio):
    """Over all time the open work and balances are the admin section's; this month's revenue is its «Ventas»."""
    everything = api.get(f"{BASE}orders/", {"desde": "2000-01-01", "hasta": "2100-12-31"}).json()
    today = timezone.localdate()
    this_month = api.get(f"{BASE}revenue/", {"desde": today.replace(day=1).isoformat()}).json()
    with schema_context(studio.schema_name):
        by_status, balances, revenue = orders_by_status(), pending_balances(), revenue_by_service()
    assert everything["por_estado"] == {status: by_status[status] for status in OrderStatus.values}
    assert (everything["atrasados"], everything["saldos_pendientes"]["monto"]) == (
        by_status["overdue"],
        f"{balances['amount']:.2f}",
    )
    assert this_month["total"] == f"{sum((row[1] for row in revenue), Decimal(0)):.2f}"


def test_without_dates_the_period_is_this_month_to_today(api, studio):
    today = timezone.localdate()
    body = api.get(f"{BASE}orders/").json()
    assert body["periodo"] == {"desde": today.replace(day=1).isoformat(), "hasta": today.isoformat()}
    only_until = api.get(f"{BASE}orders/", {"hasta": "2026-04-20"}).json()
    assert only_until["periodo"] == {"desde": "2026-04-01", "hasta": "2026-04-20"}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"desde": "2026-13-01"}, {"desde"}),
        ({"hasta": "ayer"}, {"hasta"}),
        ({"desde": "01/03/2026", "hasta": "2026-02-30"}, {"desde", "hasta"}),
        ({"desde": "2026-05-01", "hasta": "2026-04-30"}, {"desde", "hasta"}),
    ],
)
@pytest.mark.parametrize("path", ["", *ENDPOINTS.values()])
def test_a_bad_period_is_a_400_naming_the_parameters(api, params, named, path):
    response = api.get(f"{BASE}{path}", params)
    assert response.status_code == 400
    assert response.json()["code"] == "dashboard_period_invalid"
    assert set(response.json()["errors"]) == named


def test_without_a_token_it_is_401(api_client, tenant_a):
    for path in ["", *ENDPOINTS.values()]:
        assert api_client(tenant_a).get(f"{BASE}{path}").status_code == 401


def test_each_role_sees_the_sections_its_permissions_allow(api_client, tenant_a, make_user):
    roles = get_module("orders").roles  # the studio's roles
    for role in [*roles, None]:
        user = make_user(tenant_a, role)
        client = api_client(tenant_a, user)
        with schema_context(tenant_a.schema_name):
            allowed = {key for key, permission in SECTION_PERMISSIONS.items() if user.has_perm(permission)}
        shown = {key for key, value in client.get(BASE).json().items() if value is not None}
        assert shown - {"periodo"} == allowed, role
        for key, path in ENDPOINTS.items():
            assert client.get(f"{BASE}{path}").status_code == (200 if key in allowed else 403), (role, key)


def test_a_user_without_roles_gets_only_the_period_and_null_sections(api_client, tenant_a, make_user):
    response = api_client(tenant_a, make_user(tenant_a)).get(BASE, PERIOD)
    assert response.status_code == 200
    assert response.json() == {"periodo": PERIOD, **dict.fromkeys(SECTION_PERMISSIONS)}


@pytest.mark.parametrize(("path", "figure_queries"), [("orders/", 3), ("revenue/", 2), ("clients/", 2), ("", 13)])
def test_each_figure_is_one_query_whatever_the_data(api, studio, path, figure_queries, django_assert_num_queries):
    api.get(f"{BASE}{path}", PERIOD)  # warm: the user's permissions and the business's settings are cached
    with django_assert_num_queries(figure_queries + BASELINE_QUERIES):
        api.get(f"{BASE}{path}", PERIOD)
    with schema_context(studio.schema_name):
        for offset in range(20):
            OrderFactory(order_date=date(2026, 3, 1) + timedelta(days=offset), total=Decimal("5.00"))
            SchoolFactory()
    with django_assert_num_queries(figure_queries + BASELINE_QUERIES):
        api.get(f"{BASE}{path}", PERIOD)
