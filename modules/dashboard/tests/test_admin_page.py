"""The admin's first page over a period: the picker, the figures of the small business of ``test_api``
(computed by hand there), the sections each role sees, the links behind the figures and the queries."""

import json
import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.admin.dashboard import period_options
from fotostudio.core.registry import enabled_modules, get_module, resolve_callables
from fotostudio.users.roles import Role
from modules.orders.selectors import TREND_DAILY_MAX_DAYS
from modules.orders.tests.factories import OrderFactory

from .conftest import PERIOD

pytestmark = pytest.mark.django_db(transaction=False)


def _kpi(content: str, key: str) -> str:
    match = re.search(rf'data-kpi="{key}"[^>]*>([^<]*)<', content)
    assert match, key
    return match.group(1).strip()


def _section(page, key: str) -> dict:
    (section,) = [section for section in page.context["dashboard_sections"] if section["key"] == key]
    return section


def _card(section: dict, key: str) -> dict:
    (card,) = [card for card in section["cards"] if card["key"] == key]
    return card


def _chart(section: dict, title: str) -> dict:
    (chart,) = [chart for chart in section["charts"] if str(chart["title"]) == title]
    return json.loads(chart["data"])


@pytest.fixture
def manager(tenant_a, make_user, admin_client_for):
    return admin_client_for(tenant_a, make_user(tenant_a, Role.MANAGER))


def test_the_figures_follow_the_period(manager, studio):
    page = manager.get("/admin/", PERIOD)
    assert page.status_code == 200
    content = page.content.decode()
    # the orders dated March–April (see test_api): 50 pending and 80 ready are open; 250 sold (40 cancelled)
    assert _kpi(content, "orders-open") == "2"
    assert _kpi(content, "orders-revenue") == "250,00"
    assert _kpi(content, "orders-balances") == "110,00"
    assert _kpi(content, "orders-overdue") == "1"
    assert _kpi(content, "orders-delivery-time") == "4,0 días"
    # Ana ordered in the period and already had (27 Feb): one returning client, no new one
    assert _kpi(content, "orders-active-clients") == "1"
    assert "0 nuevos, 1 recurrentes" in content
    assert _kpi(content, "clients-new-period") == "2"  # Ana and Colegio Uno registered in the period
    orders = _section(page, "orders")
    by_month = _chart(orders, "Ventas por servicio y mes")
    assert by_month["labels"] == ["Mar 2026", "Abr 2026"]
    assert {d["label"]: d["data"] for d in by_month["datasets"]} == {
        "Impresión": [100.0, 20.0],
        "Enmarcado": [50.0, 80.0],
    }
    # 61 days: the trend is by day (5 Mar 100, 20 Mar 50, 15 Apr 80, 20 Apr 20; the cancelled 40 is not)
    trend = _chart(orders, "Tendencia de ventas (por día)")
    by_day = dict(zip(trend["labels"], trend["datasets"][0]["data"], strict=True))
    assert len(by_day) == 61 and sum(by_day.values()) == 250.0
    assert (by_day["5 Mar"], by_day["20 Mar"], by_day["15 Abr"], by_day["20 Abr"]) == (100.0, 50.0, 80.0, 20.0)
    by_service = _chart(orders, "Ventas por servicio")
    assert dict(zip(by_service["labels"], by_service["datasets"][0]["data"], strict=True)) == {
        "Impresión": 120.0,
        "Enmarcado": 130.0,
    }
    by_status = _chart(orders, "Pedidos por estado")
    assert dict(zip(by_status["labels"], by_status["datasets"][0]["data"], strict=True)) == {
        "Pendiente": 1,
        "En proceso": 0,
        "Listo para retirar": 1,
        "Entregado": 2,
        "Cancelado": 1,
    }
    # the custom range is the active choice of the picker, its dates in the form
    assert page.context["dashboard_period"]["custom"] is True
    assert 'value="2026-03-01"' in content and 'value="2026-04-30"' in content


@pytest.mark.parametrize("choice", ["mes", "mes_pasado", "anio"])
def test_each_choice_of_the_picker_is_a_period(manager, tenant_a, choice):
    today = timezone.localdate()
    option = {o["key"]: o for o in period_options(today)}[choice]
    assert option["until"] <= today and option["since"] <= option["until"]
    with schema_context(tenant_a.schema_name):
        OrderFactory(order_date=option["since"], total=Decimal("10.00"))
        OrderFactory(order_date=option["since"] - timedelta(days=1), total=Decimal("1000.00"))  # before
    page = manager.get("/admin/", {"desde": option["since"].isoformat(), "hasta": option["until"].isoformat()})
    assert page.status_code == 200
    content = page.content.decode()
    assert re.search(rf'data-period="{choice}"[^>]*aria-current="true"', content)
    assert _kpi(content, "orders-revenue") == "10,00"
    daily = (option["until"] - option["since"]).days < TREND_DAILY_MAX_DAYS
    trend = _chart(_section(page, "orders"), f"Tendencia de ventas (por {'día' if daily else 'mes'})")
    assert sum(trend["datasets"][0]["data"]) == 10.0


def test_without_a_period_the_page_shows_this_month(manager, tenant_a):
    page = manager.get("/admin/")
    today = timezone.localdate()
    assert (page.context["dashboard_period"]["since"], page.context["dashboard_period"]["until"]) == (
        today.replace(day=1),
        today,
    )
    assert re.search(r'data-period="mes"[^>]*aria-current="true"', page.content.decode())


@pytest.mark.parametrize(
    "params", [{"desde": "2026-13-01"}, {"hasta": "ayer"}, {"desde": "2026-05-01", "hasta": "2026-04-30"}]
)
def test_a_bad_period_is_a_message_in_the_page_and_this_month(manager, params):
    page = manager.get("/admin/", params)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Periodo no válido" in content
    assert 'data-testid="dashboard"' in content  # inside the admin's layout, with its sections
    assert page.context["dashboard_period"]["since"] == timezone.localdate().replace(day=1)


def _sections(tenant, user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user, request.tenant = user, tenant
    with schema_context(tenant.schema_name):
        paths = [path for spec in enabled_modules(tenant) for path in spec.dashboard_sections]
        return [section for build in resolve_callables(paths) if (section := build(request))]


PERMISSION_OF = {
    "orders": "orders.view_order",
    "clients": "clients.view_client",
    "agenda": "agenda.view_appointment",
    "production": "production.view_productionorder",
    "inventory": "inventory.view_material",
    "contracts": "contracts.view_contract",
    "products": "products.view_product",
}


def test_each_role_sees_the_sections_of_its_permissions(tenant_a, make_user, admin_client_for):
    for role in [*get_module("orders").roles, None]:
        user = make_user(tenant_a, role)
        page = admin_client_for(tenant_a, user).get("/admin/")
        assert page.status_code == 200
        shown = {section["key"] for section in page.context["dashboard_sections"]}
        with schema_context(tenant_a.schema_name):
            for key, permission in PERMISSION_OF.items():
                assert (key in shown) == user.has_perm(permission), (role, key)


def test_a_photographer_sees_agenda_and_production_not_money(tenant_a, make_user, admin_client_for):
    user = make_user(tenant_a, Role.PHOTOGRAPHER)
    shown = {s["key"] for s in admin_client_for(tenant_a, user).get("/admin/").context["dashboard_sections"]}
    with schema_context(tenant_a.schema_name):
        expected = {key for key, permission in PERMISSION_OF.items() if user.has_perm(permission)}
    assert shown & set(PERMISSION_OF) == expected
    assert {"agenda", "production"} <= shown  # the role reads the agenda and the production orders
    assert "inventory" not in shown  # but not the materials


def test_every_figure_links_to_a_list_that_filters(manager, studio):
    page = manager.get("/admin/", PERIOD)
    links = {
        card["key"]: card["link"]
        for section in page.context["dashboard_sections"]
        for card in section.get("cards", [])
        if card.get("link")
    }
    assert {"orders-revenue", "orders-balances", "orders-overdue", "clients-new-period"} <= set(links)
    for key, link in links.items():
        response = manager.get(link)
        assert response.status_code == 200, (key, link)
        query = parse_qs(urlsplit(link).query)
        if "cl" in (response.context or {}):
            # Django's changelist drops an unknown parameter with ?e=1: every one was understood
            assert "e=1" not in response.request.get("QUERY_STRING", ""), (key, link)
            assert set(query) <= set(response.context["cl"].params) | {"o", "q"}, (key, link)
    # the counts behind the figures are the figures
    for key, expected in [("orders-revenue", 4), ("orders-overdue", 1), ("orders-balances", 2)]:
        assert manager.get(links[key]).context["cl"].result_count == expected, key


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PHOTOGRAPHER])
def test_the_page_runs_a_fixed_number_of_queries(
    tenant_a,
    make_user,
    admin_client_for,
    studio,
    role,
):
    client = admin_client_for(tenant_a, make_user(tenant_a, role))
    client.get("/admin/", PERIOD)  # warm the caches (permissions, settings)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get("/admin/", PERIOD)
    with schema_context(tenant_a.schema_name):
        for offset in range(15):
            OrderFactory(order_date=studio_day(offset), total=Decimal("5.00"))
    with CaptureQueriesContext(connection) as after:
        client.get("/admin/", PERIOD)
    assert len(after) == len(before)  # more orders, same queries
    assert len(before) == EXPECTED_QUERIES[role]


def studio_day(offset):
    from datetime import date

    return date(2026, 3, 1) + timedelta(days=offset)


#: The whole page (session, user, permissions, the business, the menu, each section's aggregates): pinned.
EXPECTED_QUERIES = {Role.ADMINISTRATOR: 26, Role.PHOTOGRAPHER: 21}


def test_production_output_against_waste_follows_the_period(manager, tenant_a):
    from modules.production.tests.factories import moulding_with_stock, production_order_factory
    from modules.production.tests.test_services import register_frame

    with schema_context(tenant_a.schema_name):
        moulding = moulding_with_stock(metres="20", cost="2.00")
        register_frame(production_order_factory(), moulding)  # used 2.0 m (4.00), waste 0.2 m (0.40)
    today = timezone.localdate()
    page = manager.get("/admin/", {"desde": today.isoformat(), "hasta": today.isoformat()})
    content = page.content.decode()
    assert (_kpi(content, "production-completed"), _kpi(content, "production-used")) == ("1", "4,00")
    assert _kpi(content, "production-waste") == "0,40"
    assert "9,09 % del material" in content  # 0.40 / 4.40
    link = _card(_section(page, "production"), "production-completed")["link"]
    assert manager.get(link).context["cl"].result_count == 1
    yesterday = (today - timedelta(days=1)).isoformat()
    before = manager.get("/admin/", {"desde": yesterday, "hasta": yesterday}).content.decode()
    assert _kpi(before, "production-completed") == "0"
