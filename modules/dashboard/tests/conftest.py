"""The dashboard's small business: figures computed by hand in each test."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory, SchoolFactory
from modules.orders.models import OrderStatus, ServiceType
from modules.orders.tests.factories import OrderFactory

PERIOD = {"desde": "2026-03-01", "hasta": "2026-04-30"}


def _at(day: date, hour: int = 12):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def studio(tenant_a, tenant_b):
    """Four clients and seven orders around March–April 2026 (see each test for the figures they give)."""
    with schema_context(tenant_a.schema_name):
        ana = ClientFactory(name="Ana")
        clients = {
            ana: date(2026, 3, 10),
            ClientFactory(name="Bruno", is_active=False): date(2026, 2, 1),
            SchoolFactory(name="Colegio Uno", student_count=100): date(2026, 4, 5),
            SchoolFactory(name="Colegio Dos", student_count=50): date(2025, 12, 1),
        }
        for client, created in clients.items():
            Client.objects.filter(pk=client.pk).update(created_at=_at(created))
        printing = ServiceType.objects.get(code="impresion")
        framing = ServiceType.objects.get(code="enmarcado")

        def order(day, service, status, total, balance=Decimal("0"), **fields):
            return OrderFactory(
                client=ana,
                service_type=service,
                order_date=day,
                status=status,
                total=Decimal(total),
                balance=Decimal(balance),
                **fields,
            )

        delivered = OrderStatus.DELIVERED
        order(date(2026, 3, 5), printing, delivered, "100.00", delivered_at=_at(date(2026, 3, 10)))  # 5 days
        order(date(2026, 3, 20), framing, OrderStatus.PENDING, "50.00", "30.00", promised_date=date(2026, 4, 1))
        order(date(2026, 4, 10), printing, OrderStatus.CANCELLED, "40.00")
        order(date(2026, 4, 15), framing, OrderStatus.READY, "80.00", "80.00")
        order(date(2026, 4, 20), printing, delivered, "20.00", delivered_at=_at(date(2026, 5, 2)))  # delivered after
        order(date(2026, 5, 3), printing, OrderStatus.PENDING, "999.00", "999.00", promised_date=date(2026, 5, 10))
        order(date(2026, 2, 27), printing, delivered, "70.00", delivered_at=_at(date(2026, 3, 2)))  # 3 days, in period
    with schema_context(tenant_b.schema_name):  # another business: never counted
        OrderFactory(order_date=date(2026, 3, 15), total=Decimal("500.00"), balance=Decimal("500.00"))
    return tenant_a
