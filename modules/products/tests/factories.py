"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

from decimal import Decimal

import factory

from modules.products.models import Product, ProductKind, ProductLocation, ProductStatus
from tests.factories import registered


@registered
class ProductFactory(factory.django.DjangoModelFactory):
    """An available framed picture in the showcase (written directly, not through the services)."""

    class Meta:
        model = Product

    code = factory.Sequence(lambda n: f"PRD-T-{n:05d}")
    description = factory.Sequence(lambda n: f"Cuadro de prueba {n}")
    kind = ProductKind.FRAME
    width_cm = Decimal("40.0")
    height_cm = Decimal("50.0")
    cost = Decimal("18.50")
    sale_price = Decimal("45.00")
    status = ProductStatus.AVAILABLE
    location = ProductLocation.SHOWCASE
