"""The orders dashboard section (one aggregate query each) and the demo year."""

from datetime import timedelta
from decimal import Decimal

from django.test import RequestFactory
from django.utils import timezone
from django_tenants.utils import schema_context

from modules.clients.demo import seed_demo_clients
from modules.orders.dashboard import orders_section
from modules.orders.demo import ORDER_COUNT, seed_demo_orders
from modules.orders.models import Order, OrderStatus, ServiceType
from modules.orders.selectors import (
    average_delivery_days,
    orders_by_status,
    overdue_orders,
    pending_balances,
    revenue_by_service,
)


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_each_figure_is_one_query(tenant_a, order_in, django_assert_num_queries):
    today = timezone.localdate()
    with schema_context(tenant_a.schema_name):
        framing = ServiceType.objects.get(code="enmarcado")
    order_in(tenant_a, total=Decimal("100"), balance=Decimal("40"), promised_date=today - timedelta(days=1))
    order_in(tenant_a, total=Decimal("50"), service_type=framing, order_date=today.replace(day=1) - timedelta(days=1))
    order_in(
        tenant_a,
        status=OrderStatus.DELIVERED,
        order_date=today - timedelta(days=4),
        delivered_at=timezone.now(),
    )
    with schema_context(tenant_a.schema_name):
        Order.objects.exists()  # the schema's search path is set on the first query
        with django_assert_num_queries(1):
            counts = orders_by_status()
        assert (counts["PENDIENTE"], counts["ENTREGADO"], counts["overdue"]) == (2, 1, 1)
        with django_assert_num_queries(1):
            revenue = dict((name, (this, last)) for name, this, last in revenue_by_service())
        assert revenue["Impresión"][0] == Decimal("100") and revenue["Enmarcado"] == (0, Decimal("50"))
        with django_assert_num_queries(1):
            assert pending_balances() == {"count": 1, "amount": Decimal("40"), "overdue": 1}
        with django_assert_num_queries(1):
            assert len(overdue_orders()) == 1
        with django_assert_num_queries(1):
            assert average_delivery_days() == 4.0


def test_the_section_is_hidden_from_users_who_cannot_see_orders(tenant_a, make_user):
    with schema_context(tenant_a.schema_name):
        assert orders_section(request_for(make_user(tenant_a))) is None


def test_the_dashboard_page_shows_the_orders_section(admin_client_for, tenant_a, admin_a, order_in):
    order_in(tenant_a, lines=1)
    html = admin_client_for(tenant_a, admin_a).get("/admin/").content.decode()
    assert 'data-section="orders"' in html and 'data-kpi="orders-balances"' in html


def test_the_demo_is_a_year_of_orders_made_once(tenant_a):
    with schema_context(tenant_a.schema_name):
        seed_demo_clients(tenant=tenant_a, password="x")
        created = seed_demo_orders(tenant=tenant_a, password="x")
        assert ORDER_COUNT * 0.9 <= created <= ORDER_COUNT
        assert seed_demo_orders(tenant=tenant_a, password="x") == 0  # idempotent
        assert Order.objects.count() == created
        statuses = set(Order.objects.values_list("status", flat=True))
        assert statuses == set(OrderStatus.values)
        assert Order.objects.values("service_type").distinct().count() == 6
        assert Order.objects.filter(balance__gt=0).exists() and Order.objects.filter(payments__isnull=False).exists()
        days = Order.objects.values_list("order_date", flat=True)
        assert (max(days) - min(days)).days > 300
        assert average_delivery_days() is not None
