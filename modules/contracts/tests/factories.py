"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

import factory

from modules.contracts.models import Contract
from tests.factories import registered


@registered
class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    name = factory.Sequence(lambda n: f"contrato {n}")
