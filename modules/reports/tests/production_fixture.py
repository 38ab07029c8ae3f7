"""A small workshop whose production figures are worked out by hand in ``test_production.py``.

Everything is registered through the production module's service (``production_register``: the ledger, the
entries, the products); the orders' end dates are then moved into January–February 2026.

Materials: a moulding (varillas, 30 m at 2.00 a metre) and a glass (diseno, 10 sheets at 5.00).

| order | who | kind, pieces | consumption | waste | offcuts | products | ends |
| --- | --- | --- | --- | --- | --- | --- | --- |
| A | Ana | cuadro, 2 | moulding 5.0, glass 2 | moulding 0.4 error_corte | moulding 0.5 (returned) | 2 | 2026-01-15 |
| B | Ana | cuadro, 1 | moulding 2.0 | moulding 0.3 rotura | moulding 0.2 (short: waste) | 1 | 2026-01-20 |
| C | Luis | lienzo, 3 | glass 3 | glass 1 defecto | — | 3 | 2026-02-10 |
| D | nobody | cuadro, 1 | moulding 1.0 | — | — | 1 | 2026-02-20 |
| E | Luis | cuadro, 1 | glass 1 | — | — | 1 | 2026-03-05 (after the period) |
| F | Ana | planned, never registered | | | | | |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.production.models import ProductionOrder
from modules.production.services import production_register
from modules.production.tests.factories import material_with_stock, moulding_with_stock, production_order_factory

from .conftest import at_noon

D = Decimal


@dataclass
class Workshop:
    ana: object
    luis: object
    moulding: object
    glass: object


def _made(order, day: date, *, consumption=(), waste=(), offcuts=(), products=1):
    production_register(
        order=order,
        consumption=list(consumption),
        waste=list(waste),
        offcuts=list(offcuts),
        products=[{"sale_price": D("40")} for _ in range(products)],
    )
    ProductionOrder.objects.filter(pk=order.pk).update(finished_at=at_noon(day))


def build_workshop(tenant, make_user, *, tag: str = "") -> Workshop:
    ana = make_user(tenant, Role.PRODUCTION, full_name=f"Ana Torres{tag}")
    luis = make_user(tenant, Role.PRODUCTION, full_name=f"Luis Vera{tag}")
    with schema_context(tenant.schema_name):
        moulding = moulding_with_stock(metres="30", cost="2.00")
        glass = material_with_stock(quantity="10", cost="5.00")
        a = production_order_factory(responsible=ana, quantity=2)
        _made(
            a,
            date(2026, 1, 15),
            consumption=[{"material": moulding, "quantity": D("5.0")}, {"material": glass, "quantity": D("2")}],
            waste=[{"material": moulding, "quantity": D("0.4"), "reason": "error_corte", "note": ""}],
            offcuts=[{"material": moulding, "length": D("0.5")}],
            products=2,
        )
        b = production_order_factory(responsible=ana, quantity=1)
        _made(
            b,
            date(2026, 1, 20),
            consumption=[{"material": moulding, "quantity": D("2.0")}],
            waste=[{"material": moulding, "quantity": D("0.3"), "reason": "rotura", "note": ""}],
            offcuts=[{"material": moulding, "length": D("0.2")}],
        )
        c = production_order_factory(responsible=luis, quantity=3, kind="lienzo")
        _made(
            c,
            date(2026, 2, 10),
            consumption=[{"material": glass, "quantity": D("3")}],
            waste=[{"material": glass, "quantity": D("1"), "reason": "defecto", "note": ""}],
            products=3,
        )
        d = production_order_factory(quantity=1)
        _made(d, date(2026, 2, 20), consumption=[{"material": moulding, "quantity": D("1.0")}])
        e = production_order_factory(responsible=luis, quantity=1)
        _made(e, date(2026, 3, 5), consumption=[{"material": glass, "quantity": D("1")}])
        production_order_factory(responsible=ana, quantity=1)
    return Workshop(ana=ana, luis=luis, moulding=moulding, glass=glass)
