"""The stock ledger: one service moves stock; the database refuses negative stock and edits of the ledger."""

from decimal import Decimal

import pgtrigger
import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django_tenants.utils import schema_context

from conftest import first_admin
from fotostudio.core.errors import ApplicationError, ConflictError
from modules.inventory.models import Material, StockMovement
from modules.inventory.selectors import ledger_balance, low_stock_materials, reorder_suggestions
from modules.inventory.services import material_delete, stock_move
from modules.inventory.tests.factories import MaterialFactory

PROTECT = "inventory.StockMovement:inventory_movement_append_only"


@pytest.fixture
def paper(home):
    with schema_context(home.schema_name):
        yield MaterialFactory(sku="IMP-A4", unit_cost=Decimal("0.50"), minimum_stock=Decimal("10"))


def test_purchases_move_the_weighted_average_cost_and_consumption_is_valued_at_it(paper):
    stock_move(material=paper, kind="compra", quantity=100, unit_cost="0.40")
    stock_move(material=paper, kind="compra", quantity=100, unit_cost="0.60")
    consumption = stock_move(material=paper, kind="consumo", quantity=30, reference="OP-1")
    paper.refresh_from_db()
    assert (paper.quantity_on_hand, paper.average_cost) == (Decimal("170"), Decimal("0.5"))
    assert (consumption.quantity, consumption.unit_cost, consumption.balance_after) == (
        Decimal("-30"),
        Decimal("0.5"),
        Decimal("170"),
    )
    assert ledger_balance(paper) == paper.quantity_on_hand


def test_a_movement_that_would_leave_negative_stock_is_a_409_and_writes_nothing(paper):
    stock_move(material=paper, kind="compra", quantity=5, unit_cost="0.5")
    with pytest.raises(ConflictError) as refused:
        stock_move(material=paper, kind="merma", quantity=6, note="Rotura")
    assert refused.value.code == "insufficient_stock"
    paper.refresh_from_db()
    assert (paper.quantity_on_hand, paper.movements.count()) == (Decimal("5"), 1)


def test_the_database_refuses_a_negative_stock_whoever_writes(paper):
    with pytest.raises(IntegrityError), transaction.atomic():
        Material.objects.filter(pk=paper.pk).update(quantity_on_hand=-1)


def test_the_database_refuses_to_change_or_delete_a_movement(paper):
    movement = stock_move(material=paper, kind="compra", quantity=5, unit_cost="0.5")
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        StockMovement.objects.filter(pk=movement.pk).update(quantity=50)
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        StockMovement.objects.filter(pk=movement.pk).delete()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Material.objects.filter(pk=paper.pk).delete()  # its movements keep it


@pytest.mark.parametrize(
    ("kind", "quantity", "field"),
    [("compra", -3, "quantity"), ("consumo", 0, "quantity"), ("robo", 1, "kind"), ("compra", "diez", "quantity")],
)
def test_a_malformed_movement_is_a_400_by_field(paper, kind, quantity, field):
    with pytest.raises(ApplicationError) as refused:
        stock_move(material=paper, kind=kind, quantity=quantity)
    assert field in refused.value.errors and refused.value.status_code == 400


def test_a_material_with_movements_cannot_be_deleted(paper):
    stock_move(material=paper, kind="compra", quantity=1, unit_cost="0.5")
    with pytest.raises(ConflictError) as refused:
        material_delete(material=paper)
    assert refused.value.code == "material_in_use"


def test_low_stock_lists_materials_at_or_below_minimum_with_a_reorder_suggestion(home, paper):
    stock_move(material=paper, kind="compra", quantity=10, unit_cost="0.5")  # exactly the minimum
    plenty = MaterialFactory(minimum_stock=Decimal("1"))
    stock_move(material=plenty, kind="compra", quantity=5, unit_cost="1")
    no_reorder = MaterialFactory(reorder_quantity=Decimal("0"), minimum_stock=Decimal("8"), supplier="Otro")
    MaterialFactory(minimum_stock=Decimal("0"))  # no minimum: never an alert
    MaterialFactory(is_active=False)  # deactivated: not reordered
    rows = {m.pk: m for m in low_stock_materials()}
    assert set(rows) == {paper.pk, no_reorder.pk}
    assert (rows[paper.pk].suggested_quantity, rows[paper.pk].estimated_cost) == (Decimal("50"), Decimal("25"))
    assert (rows[no_reorder.pk].shortfall, rows[no_reorder.pk].suggested_quantity) == (Decimal("8"), Decimal("8"))
    assert {order.supplier for order in reorder_suggestions()} == {"Distribuidora Foto", "Otro"}


def test_fifty_concurrent_consumptions_never_leave_negative_stock_and_refused_ones_write_nothing(
    concurrently, tenant_a
):
    def prepare():
        material = Material.objects.create(
            sku="RACE-001", name="Varilla en carrera", category="varillas", unit="metro", unit_cost=Decimal("2")
        )
        stock_move(material=material, kind="inicial", quantity=Decimal("30"), unit_cost="2")
        return material.pk

    def remove():
        with transaction.atomic(), pgtrigger.ignore(PROTECT):
            StockMovement.objects.filter(material__sku="RACE-001").delete()
            Material.objects.filter(sku="RACE-001").delete()

    concurrently.cleanup(tenant_a, remove)
    material_id = concurrently.once(prepare, tenant=tenant_a)
    admin = first_admin(tenant_a)

    def consume(index: int):
        try:
            stock_move(material=material_id, kind="consumo", quantity=Decimal("1.5"), reference=f"OP-{index}",
                       acting_user=admin)  # fmt: skip
            return "ok"
        except ConflictError as refused:
            return refused.code

    outcomes = concurrently.run(50, consume, tenant=tenant_a)
    assert sorted(outcomes) == ["insufficient_stock"] * 30 + ["ok"] * 20, outcomes

    def read():
        material = Material.objects.get(pk=material_id)
        movements = list(material.movements.order_by("created_at").values_list("quantity", "balance_after"))
        return material.quantity_on_hand, ledger_balance(material), movements

    on_hand, balance, movements = concurrently.once(read, tenant=tenant_a)
    assert on_hand == balance == Decimal("0")
    assert len(movements) == 21  # the opening stock and 20 consumptions; the 30 refused wrote nothing
    assert all(after >= 0 for _quantity, after in movements)
    assert connection.schema_name  # the test's own connection is untouched
