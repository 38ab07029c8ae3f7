"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

from decimal import Decimal

import factory

from modules.metrics.models import Direction, KpiDefinition, KpiPeriod, Measure
from tests.factories import registered


@registered
class KpiDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiDefinition

    name = factory.Sequence(lambda n: f"Indicador {n}")
    measure = Measure.REVENUE
    period = KpiPeriod.MONTH
    target = Decimal("1000.00")
    direction = Direction.HIGHER
    good_threshold = Decimal("1000.00")
    warning_threshold = Decimal("800.00")
