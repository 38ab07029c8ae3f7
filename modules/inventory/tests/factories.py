"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

import factory

from modules.inventory.models import Material
from tests.factories import registered


@registered
class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    name = factory.Sequence(lambda n: f"material {n}")
