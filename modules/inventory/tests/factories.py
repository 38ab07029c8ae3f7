"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

from decimal import Decimal

import factory

from modules.inventory.models import Material, MaterialCategory, MovementKind, StockMovement
from tests.factories import register_factory, registered


@registered
class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    sku = factory.Sequence(lambda n: f"MAT-{n:05d}")
    name = factory.Sequence(lambda n: f"Material {n}")
    category = MaterialCategory.PRINTING
    unit = "hoja"
    unit_cost = Decimal("0.50")
    minimum_stock = Decimal("10")
    reorder_quantity = Decimal("50")
    supplier = "Distribuidora Foto"


def movement_factory(**fields) -> StockMovement:
    """A purchase through the stock service (the only way a movement is written)."""
    from modules.inventory.services import stock_move

    material = fields.pop("material", None) or MaterialFactory()
    return stock_move(
        material=material,
        kind=fields.pop("kind", MovementKind.PURCHASE),
        quantity=fields.pop("quantity", Decimal("20")),
        unit_cost=fields.pop("unit_cost", Decimal("0.50")),
        reference=fields.pop("reference", "Factura 1"),
    )


register_factory(StockMovement, movement_factory)
