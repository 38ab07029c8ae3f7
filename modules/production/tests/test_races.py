"""The ledger holds under concurrency: 50 registrations on the same moulding from 50 real connections at once."""

from decimal import Decimal

import pgtrigger
from django.db import transaction

from conftest import first_admin
from fotostudio.configuration.models import NumberSequence
from fotostudio.core.errors import ConflictError
from modules.inventory.models import Material, StockMovement
from modules.inventory.selectors import ledger_balance
from modules.inventory.services import stock_move
from modules.production.models import PlannedMaterial, ProductionEntry, ProductionOrder, ProductionStatus
from modules.production.selectors import products_of
from modules.production.services import production_order_create, production_register
from modules.products.models import Product

SKU = "RACE-PROD-001"
PROTECT = "inventory.StockMovement:inventory_movement_append_only"
MARK = "Carrera de producción"


def test_fifty_concurrent_registrations_never_leave_negative_stock_and_refused_ones_write_nothing(
    concurrently, tenant_a
):
    def prepare():
        material = Material.objects.create(
            sku=SKU, name="Varilla en carrera", category="varillas", unit="metro", unit_cost=Decimal("2")
        )
        stock_move(material=material, kind="inicial", quantity=Decimal("30"), unit_cost="2")
        orders = [production_order_create(data={"description": f"{MARK} {index}"}).pk for index in range(50)]
        return material.pk, orders

    def remove():
        orders = list(ProductionOrder.objects.filter(description__startswith=MARK).values_list("pk", flat=True))
        with transaction.atomic(), pgtrigger.ignore(PROTECT):
            for order in orders:
                products_of(order).delete()
            ProductionEntry.objects.filter(order__in=orders).delete()
            PlannedMaterial.objects.filter(order__in=orders).delete()
            ProductionOrder.objects.filter(pk__in=orders).delete()
            StockMovement.objects.filter(material__sku=SKU).delete()
            Material.objects.filter(sku=SKU).delete()
            # the counters go back to where the session had them: other tests count their numbers from 1
            NumberSequence.objects.filter(kind__in=("produccion", "producto")).delete()

    concurrently.cleanup(tenant_a, remove)
    material_id, orders = concurrently.once(prepare, tenant=tenant_a)
    admin = first_admin(tenant_a)

    def register(index: int):
        try:
            production_register(
                order=ProductionOrder.objects.get(pk=orders[index]),
                consumption=[{"material": material_id, "quantity": Decimal("1.4")}],
                waste=[{"material": material_id, "quantity": Decimal("0.1"), "reason": "error_corte"}],
                products=[{"sale_price": Decimal("20")}],
                acting_user=admin,
            )
            return "ok"
        except ConflictError as refused:
            return refused.code

    outcomes = concurrently.run(50, register, tenant=tenant_a)
    assert sorted(outcomes) == ["insufficient_stock"] * 30 + ["ok"] * 20, outcomes

    def read():
        material = Material.objects.get(pk=material_id)
        movements = list(material.movements.values_list("quantity", "balance_after"))
        states = {}
        for pk in orders:
            order = ProductionOrder.objects.get(pk=pk)
            states[pk] = (order.status, order.entries.count(), products_of(pk).count(), order.finished_at is None)
        return material.quantity_on_hand, ledger_balance(material), movements, states, Product.objects.count()

    on_hand, balance, movements, states, _products = concurrently.once(read, tenant=tenant_a)
    assert on_hand == balance == Decimal("0")  # 20 × 1.5 m of 30 m
    assert len(movements) == 1 + 20 * 2  # the opening stock, and a consumption and a waste per registration
    assert all(after >= 0 for _quantity, after in movements)
    done = [state for state in states.values() if state[0] == ProductionStatus.COMPLETED]
    refused = [state for state in states.values() if state[0] != ProductionStatus.COMPLETED]
    assert len(done) == 20 and all(state[1:] == (2, 1, False) for state in done)
    # every refused registration wrote nothing: no movement, no line, no product, the order as it was
    assert len(refused) == 30 and all(state == (ProductionStatus.PLANNED, 0, 0, True) for state in refused)
