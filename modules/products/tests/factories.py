"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

import factory

from modules.products.models import Product
from tests.factories import registered


@registered
class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"producto {n}")
