"""Indicators (KPIs) the business follows: what each measures, over which period, its target and thresholds.

The figures themselves are never stored: ``selectors.py`` computes them from orders, clients, the stock
ledger and the production orders with aggregate SQL whenever they are asked for.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.models import TimeStampedModel, search_column, sort_key


class Measure(models.TextChoices):
    """The catalogue of what an indicator can measure (only figures the business's data can give now)."""

    REVENUE = "ingresos", _("Ingresos")
    ORDERS = "pedidos", _("Pedidos")
    AVERAGE_TICKET = "ticket_medio", _("Ticket medio")
    NEW_CLIENTS = "clientes_nuevos", _("Clientes nuevos")
    RETURNING_CLIENTS = "clientes_recurrentes", _("Clientes recurrentes")
    STOCK_VALUE = "valor_inventario", _("Valor del inventario")
    WASTE_RATE = "tasa_merma", _("Tasa de merma")
    ON_TIME_RATE = "entregas_a_tiempo", _("Entregas a tiempo")
    PRODUCTION_OUTPUT = "produccion", _("Producción (productos terminados)")
    STOCK_TURNOVER = "rotacion_inventario", _("Rotación de inventario")


class Unit(models.TextChoices):
    MONEY = "dinero", _("Dinero (USD)")
    COUNT = "cantidad", _("Cantidad")
    PERCENT = "porcentaje", _("Porcentaje")
    TIMES = "veces", _("Veces")


#: The unit of each measure (an indicator's unit is its measure's).
MEASURE_UNITS = {
    Measure.REVENUE: Unit.MONEY,
    Measure.ORDERS: Unit.COUNT,
    Measure.AVERAGE_TICKET: Unit.MONEY,
    Measure.NEW_CLIENTS: Unit.COUNT,
    Measure.RETURNING_CLIENTS: Unit.COUNT,
    Measure.STOCK_VALUE: Unit.MONEY,
    Measure.WASTE_RATE: Unit.PERCENT,
    Measure.ON_TIME_RATE: Unit.PERCENT,
    Measure.PRODUCTION_OUTPUT: Unit.COUNT,
    Measure.STOCK_TURNOVER: Unit.TIMES,
}


class KpiPeriod(models.TextChoices):
    MONTH = "mes", _("Mes")
    QUARTER = "trimestre", _("Trimestre")
    YEAR = "anio", _("Año")


class Direction(models.TextChoices):
    HIGHER = "mayor_mejor", _("Más alto es mejor")
    LOWER = "menor_mejor", _("Más bajo es mejor")


class KpiState(models.TextChoices):
    GOOD = "bueno", _("Bueno")
    WARNING = "alerta", _("Alerta")
    BAD = "malo", _("Malo")


FIGURE = {"max_digits": 16, "decimal_places": 2}


@audited()
class KpiDefinition(TimeStampedModel):
    name = models.CharField(_("nombre"), max_length=200)
    measure = models.CharField(_("medida"), max_length=30, choices=Measure.choices)
    period = models.CharField(_("periodo"), max_length=12, choices=KpiPeriod.choices, default=KpiPeriod.MONTH)
    target = models.DecimalField(_("meta"), **FIGURE)
    direction = models.CharField(_("sentido"), max_length=12, choices=Direction.choices, default=Direction.HIGHER)
    good_threshold = models.DecimalField(
        _("umbral bueno"),
        **FIGURE,
        help_text=_("Desde este valor (o hasta él, si más bajo es mejor) el estado es bueno."),
    )
    warning_threshold = models.DecimalField(
        _("umbral de alerta"),
        **FIGURE,
        help_text=_("Entre este valor y el umbral bueno, alerta; más allá, malo."),
    )
    notes = models.TextField(_("notas"), blank=True)
    is_active = models.BooleanField(_("activo"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Maintained by PostgreSQL: what ``?search=`` looks in, folded (see ``fotostudio.core.search``).
    search_text = search_column("name", "notes")

    class Meta:
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        ordering = [sort_key("name").asc(), "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="metrics_kpi_definition_name_unique"),
            models.CheckConstraint(condition=~models.Q(name=""), name="metrics_kpi_definition_name_not_empty"),
            models.CheckConstraint(
                condition=models.Q(direction="mayor_mejor", good_threshold__gte=models.F("warning_threshold"))
                | models.Q(direction="menor_mejor", good_threshold__lte=models.F("warning_threshold")),
                name="metrics_kpi_definition_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> str:
        return MEASURE_UNITS[Measure(self.measure)] if self.measure in Measure.values else ""

    def state_of(self, value):
        """``bueno``, ``alerta`` or ``malo`` for ``value`` (``None`` when there is no value)."""
        if value is None:
            return None
        if self.direction == Direction.LOWER:
            if value <= self.good_threshold:
                return KpiState.GOOD
            return KpiState.WARNING if value <= self.warning_threshold else KpiState.BAD
        if value >= self.good_threshold:
            return KpiState.GOOD
        return KpiState.WARNING if value >= self.warning_threshold else KpiState.BAD
