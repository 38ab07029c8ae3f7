"""The demo business's indicators: one per kind of figure, with targets a studio of its size would set."""

from decimal import Decimal

from .models import Direction, KpiDefinition, KpiPeriod, Measure
from .services import kpi_definition_create

#: name, measure, period, direction, target, good threshold, warning threshold.
INDICATORS = (
    ("Ingresos del mes", Measure.REVENUE, KpiPeriod.MONTH, Direction.HIGHER, "6000", "6000", "4500"),
    ("Pedidos del mes", Measure.ORDERS, KpiPeriod.MONTH, Direction.HIGHER, "120", "120", "90"),
    ("Ticket medio", Measure.AVERAGE_TICKET, KpiPeriod.MONTH, Direction.HIGHER, "50", "50", "40"),
    ("Clientes nuevos del trimestre", Measure.NEW_CLIENTS, KpiPeriod.QUARTER, Direction.HIGHER, "30", "30", "20"),
    ("Clientes que vuelven", Measure.RETURNING_CLIENTS, KpiPeriod.MONTH, Direction.HIGHER, "40", "40", "25"),
    ("Valor del inventario", Measure.STOCK_VALUE, KpiPeriod.MONTH, Direction.LOWER, "8000", "8000", "12000"),
    ("Merma del año", Measure.WASTE_RATE, KpiPeriod.YEAR, Direction.LOWER, "5", "5", "8"),
    ("Entregas a tiempo", Measure.ON_TIME_RATE, KpiPeriod.QUARTER, Direction.HIGHER, "90", "90", "80"),
    ("Productos terminados del mes", Measure.PRODUCTION_OUTPUT, KpiPeriod.MONTH, Direction.HIGHER, "10", "10", "6"),
)


def seed_demo_metrics(*, tenant, password: str = "") -> int:
    """Add the demo indicators that are missing (by name); returns how many were created."""
    existing = {name.lower() for name in KpiDefinition.objects.values_list("name", flat=True)}
    created = 0
    for name, measure, period, direction, target, good, warning in INDICATORS:
        if name.lower() in existing:
            continue
        kpi_definition_create(
            data={
                "name": name,
                "measure": measure,
                "period": period,
                "direction": direction,
                "target": Decimal(target),
                "good_threshold": Decimal(good),
                "warning_threshold": Decimal(warning),
            }
        )
        created += 1
    return created
