"""A small business whose every figure is computed by hand in the tests (``figures`` below).

The period is January–February 2026. Orders of the receivables' ageing are dated relative to today,
outside that period; everything else has fixed dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.clients.tests.factories import SchoolFactory
from modules.contracts.models import ContractStatus
from modules.contracts.tests.factories import ContractFactory, ContractOrderFactory
from modules.inventory.models import Material, MaterialCategory, MovementKind, StockMovement
from modules.orders.models import OrderStatus, ServiceType
from modules.orders.tests.factories import OrderFactory, PaymentFactory
from modules.products.models import ProductStatus
from modules.products.tests.factories import ProductFactory

PERIOD = {"desde": "2026-01-01", "hasta": "2026-02-28"}
D = Decimal


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@dataclass
class Business:
    printing: ServiceType
    framing: ServiceType


def _order(service, day, subtotal, discount, tax, paid, status=OrderStatus.PENDING, **extra):
    total = D(subtotal) - D(discount) + D(tax)
    balance = D(0) if status == OrderStatus.CANCELLED else total - D(paid)
    return OrderFactory(
        service_type=service,
        order_date=day,
        subtotal=D(subtotal),
        discount_total=D(discount),
        tax_total=D(tax),
        total=total,
        paid_total=D(paid),
        balance=balance,
        status=status,
        **extra,
    )


def _material(sku, name, category, unit, on_hand, average, **extra):
    return Material.objects.create(
        sku=sku,
        name=name,
        category=category,
        unit=unit,
        quantity_on_hand=D(on_hand),
        average_cost=D(average),
        minimum_stock=D(extra.pop("minimum", 0)),
        reorder_quantity=D(extra.pop("reorder", 0)),
        **extra,
    )


def _movement(material, kind, quantity, unit_cost, day, note=""):
    return StockMovement.objects.create(
        material=material,
        kind=kind,
        quantity=D(quantity),
        unit_cost=D(unit_cost),
        balance_after=material.quantity_on_hand,
        note=note,
        created_at=at_noon(day),
    )


def build_business(tenant, *, today: date | None = None, tag: str = "") -> Business:
    """The fixture's rows; ``tag`` makes a second copy possible (unique numbers and SKUs)."""
    today = today or timezone.localdate()
    with schema_context(tenant.schema_name):
        printing = ServiceType.objects.get_or_create(code="impresion", defaults={"name": "Impresión"})[0]
        framing = ServiceType.objects.get_or_create(code="enmarcado", defaults={"name": "Enmarcado"})[0]
        # Revenue of the period: three orders count, the cancelled one does not.
        o1 = _order(printing, date(2026, 1, 10), "100", "10", "13.50", "103.50", OrderStatus.DELIVERED)
        o2 = _order(framing, date(2026, 1, 20), "200", "0", "30", "50", OrderStatus.IN_PROGRESS)
        _order(printing, date(2026, 2, 5), "50", "0", "7.50", "0")
        o4 = _order(framing, date(2026, 2, 10), "80", "0", "0", "20", OrderStatus.CANCELLED)
        PaymentFactory(order=o1, amount=D("50"), method="efectivo", paid_on=date(2026, 1, 10))
        PaymentFactory(order=o1, amount=D("53.50"), method="tarjeta", paid_on=date(2026, 1, 15))
        PaymentFactory(order=o2, amount=D("50"), method="transferencia", paid_on=date(2026, 1, 20))
        PaymentFactory(order=o4, amount=D("20"), method="efectivo", paid_on=date(2026, 2, 10))
        # Receivables by age (from the order's date to today), outside the period.
        a1 = _order(printing, today - timedelta(days=10), "40", "0", "0", "0")
        PaymentFactory(order=a1, amount=D("5"), method="efectivo", paid_on=today)  # not in the period
        _order(framing, today - timedelta(days=30), "1", "0", "0", "0")
        _order(framing, today - timedelta(days=31), "2", "0", "0", "0")
        _order(framing, today - timedelta(days=45), "25", "0", "0", "0")
        _order(printing, today - timedelta(days=75), "15", "0", "0", "0")
        # Commissions: 10 % of the delivered, paid order o1 before IVA (90.00); o2 is not delivered.
        school = SchoolFactory(name="Colegio San José")
        contract = ContractFactory(
            number=f"CON-2026-00001{tag}",
            school=school,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 6, 30),
            commission_rate=D("10"),
        )
        ContractOrderFactory(contract=contract, order=o1)
        ContractOrderFactory(contract=contract, order=o2)
        ContractFactory(number=f"CON-2026-00002{tag}", school=school, status=ContractStatus.DRAFT,
                        start_date=date(2026, 1, 1), end_date=date(2026, 6, 30))  # fmt: skip
        ContractFactory(
            number=f"CON-2025-00001{tag}", school=school, start_date=date(2025, 1, 1), end_date=date(2025, 6, 30)
        )
        # Products sold: two in the period, one after.
        for day, price, cost in (
            (date(2026, 1, 25), "80", "30"),
            (date(2026, 2, 14), "120", "70"),
            (date(2026, 3, 1), "50", "10"),
        ):
            ProductFactory(status=ProductStatus.SOLD, sold_at=at_noon(day), sold_price=D(price), cost=D(cost))
        # Materials and their ledger.
        m1 = _material(f"VAR-NEG{tag}", "Varilla negra", MaterialCategory.MOULDING, "metro", "10", "2.50")
        m2 = _material(f"PAP-FOTO{tag}", "Papel foto", MaterialCategory.PRINTING, "hoja", "100", "0.35",
                       minimum="150", reorder="500", unit_cost=D("0.30"), supplier="Foto Ecuador")  # fmt: skip
        _material(
            f"TIN-NEG{tag}",
            "Tinta negra",
            MaterialCategory.PRINTING,
            "litro",
            "0",
            "12",
            minimum="2",
            unit_cost=D("12"),
        )
        _material(f"VAR-DOR{tag}", "Varilla dorada", MaterialCategory.MOULDING, "metro", "4", "5", is_active=False)
        _movement(m2, MovementKind.PURCHASE, "200", "0.32", date(2026, 1, 5))
        _movement(m1, MovementKind.CONSUMPTION, "-2", "2.50", date(2026, 1, 12))
        _movement(m2, MovementKind.CONSUMPTION, "-50", "0.30", date(2026, 1, 15))
        _movement(m1, MovementKind.WASTE, "-1", "2.50", date(2026, 2, 1), note="Corte mal medido")
        _movement(m2, MovementKind.CONSUMPTION, "-10", "0.30", date(2026, 3, 10))  # after the period
        return Business(printing=printing, framing=framing)


@pytest.fixture
def business(tenant_a):
    return build_business(tenant_a)


@pytest.fixture
def accountant(make_user, tenant_a):
    return make_user(tenant_a, Role.ACCOUNTING)


@pytest.fixture
def api(api_client, tenant_a, accountant):
    return api_client(tenant_a, accountant)
