"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from modules.inventory.models import Material, MaterialCategory
from modules.inventory.services import material_create, stock_move
from modules.production.models import ProductionOrder
from modules.production.services import production_order_create
from tests.factories import register_factory

_numbers = count(1)


def moulding_with_stock(*, metres: Decimal | str = "30", cost: Decimal | str = "2.00", **fields) -> Material:
    """A moulding (varillas, metres) with ``metres`` in stock at ``cost`` a metre (an opening movement)."""
    number = next(_numbers)
    material = material_create(
        category=MaterialCategory.MOULDING,
        data={"sku": f"VAR-T{number:05d}", "name": f"Varilla de prueba {number}", "unit": "metro", **fields},
    )
    if Decimal(str(metres)) > 0:
        stock_move(material=material, kind="inicial", quantity=metres, unit_cost=cost, reference="Inicial")
    return material


def material_with_stock(*, quantity="20", cost="1.00", unit="hoja", category=MaterialCategory.DESIGN, **fields):
    number = next(_numbers)
    material = material_create(
        category=category,
        data={"sku": f"MAT-T{number:05d}", "name": f"Material de prueba {number}", "unit": unit, **fields},
    )
    if Decimal(str(quantity)) > 0:
        stock_move(material=material, kind="inicial", quantity=quantity, unit_cost=cost, reference="Inicial")
    return material


def production_order_factory(**fields) -> ProductionOrder:
    """An order made by the service (numbered, lines proposed): a frame 40 × 50 for stock unless told otherwise."""
    data = {"description": f"Cuadro de prueba {next(_numbers)}", "kind": "cuadro", **fields}
    planned = data.pop("planned_materials", None)
    return production_order_create(data=data, planned_materials=planned)


register_factory(ProductionOrder, production_order_factory)
