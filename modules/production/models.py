"""Production orders of the workshop: what is made, the materials planned for it and, once registered,
what it really took (consumption, waste, offcuts) and the finished products it yielded.

Registering an order (``services.production_register``) writes the stock ledger through the inventory's
``stock_move`` and one :class:`ProductionEntry` per ledger movement, so the efficiency figures
(``selectors``) are sums over this module's own rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.models import TimeStampedModel, search_column
from modules.products.models import ProductKind

QUANTITY = {"max_digits": 12, "decimal_places": 3}
ZERO = Decimal("0")


class ProductionStatus(models.TextChoices):
    """Stored values are the API's values (``estado``)."""

    PLANNED = "PLANIFICADA", _("Planificada")
    IN_PROGRESS = "EN_PROCESO", _("En proceso")
    COMPLETED = "COMPLETADA", _("Completada")
    CANCELLED = "CANCELADA", _("Cancelada")


#: The statuses in which production may still be registered.
OPEN_STATUSES = (ProductionStatus.PLANNED, ProductionStatus.IN_PROGRESS)


class WasteReason(models.TextChoices):
    CUTTING_ERROR = "error_corte", _("Error de corte")
    DEFECT = "defecto", _("Defecto del material")
    BREAKAGE = "rotura", _("Rotura")
    MEASUREMENT = "error_medida", _("Error de medida")
    SHORT_OFFCUT = "retazo_corto", _("Retazo demasiado corto")
    OTHER = "otro", _("Otro")


class EntryKind(models.TextChoices):
    """What one registered line is: each is one movement of the stock ledger."""

    CONSUMPTION = "consumo", _("Consumo")
    WASTE = "merma", _("Merma")
    OFFCUT = "retazo", _("Retazo devuelto al stock")


@audited()
class ProductionOrder(TimeStampedModel):
    number = models.CharField(_("número"), max_length=40, unique=True, editable=False)
    #: The customer order it is made for; empty: production for stock.
    customer_order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("pedido"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="production_orders",
        help_text=_("Vacío: producción para stock."),
    )
    # What is made.
    description = models.CharField(_("descripción"), max_length=300)
    kind = models.CharField(_("tipo"), max_length=20, choices=ProductKind.choices, default=ProductKind.FRAME)
    quantity = models.PositiveSmallIntegerField(_("piezas"), default=1, help_text=_("Cuántas piezas iguales."))
    width_cm = models.DecimalField(_("ancho (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(_("alto (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    moulding = models.ForeignKey(
        "inventory.Material",
        verbose_name=_("moldura"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"category": "varillas"},
    )
    glass = models.ForeignKey(
        "inventory.Material",
        verbose_name=_("vidrio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mat = models.ForeignKey(
        "inventory.Material",
        verbose_name=_("paspartú"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    backing = models.ForeignKey(
        "inventory.Material", verbose_name=_("fondo"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=ProductionStatus.choices, default=ProductionStatus.PLANNED, db_index=True
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_start = models.DateField(_("inicio planificado"), null=True, blank=True)
    planned_end = models.DateField(_("fin planificado"), null=True, blank=True, db_index=True)
    #: Set by the status steps and by registering production.
    started_at = models.DateTimeField(_("inicio real"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("fin real"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelada el"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notas"), blank=True)
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
    search_text = search_column("number", "description", "notes")

    class Meta:
        verbose_name = _("orden de producción")
        verbose_name_plural = _("órdenes de producción")
        ordering = ["-created_at", "-number"]
        permissions = [("export_productionorder", _("Puede exportar órdenes de producción"))]
        indexes = [
            models.Index(F("created_at").desc(), F("number").desc(), name="production_order_created"),
            # The metrics and the dashboard select and group the completed orders by their actual end.
            models.Index(fields=["finished_at"], name="production_order_finished"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="production_order_description_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=ProductionStatus.values), name="production_order_status_valid"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="production_order_quantity_positive"),
            models.CheckConstraint(
                condition=(Q(width_cm__isnull=True) & Q(height_cm__isnull=True))
                | (Q(width_cm__gt=0) & Q(height_cm__gt=0)),
                name="production_order_dimensions_both_positive",
            ),
            # A completed order has its end; only a completed one.
            models.CheckConstraint(
                condition=Q(status=ProductionStatus.COMPLETED, finished_at__isnull=False)
                | (~Q(status=ProductionStatus.COMPLETED) & Q(finished_at__isnull=True)),
                name="production_order_finished_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.description}" if self.number else self.description

    @property
    def dimensions(self) -> str:
        if self.width_cm is None or self.height_cm is None:
            return ""
        return f"{self.width_cm.normalize():f} × {self.height_cm.normalize():f} cm"

    @property
    def planned_rows(self) -> list:
        """The planned lines, from ``Prefetch("planned_materials", to_attr="prefetched_planned")`` when prefetched."""
        rows = self.__dict__.get("prefetched_planned")
        return rows if rows is not None else list(self.planned_materials.select_related("material"))

    @property
    def registered_entries(self) -> list:
        """What registering wrote, from ``Prefetch("entries", to_attr="prefetched_entries")`` when prefetched."""
        rows = self.__dict__.get("prefetched_entries")
        return rows if rows is not None else list(self.entries.select_related("material"))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@audited()
class PlannedMaterial(TimeStampedModel):
    order = models.ForeignKey(
        ProductionOrder, verbose_name=_("orden"), on_delete=models.CASCADE, related_name="planned_materials"
    )
    position = models.PositiveSmallIntegerField(_("posición"), default=0, editable=False)
    material = models.ForeignKey(
        "inventory.Material", verbose_name=_("material"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("cantidad planificada"), **QUANTITY)
    notes = models.CharField(_("nota"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("material planificado")
        verbose_name_plural = _("materiales planificados")
        ordering = ["order", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="production_planned_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.material} · {self.quantity.normalize():f}"


@audited()
class ProductionEntry(TimeStampedModel):
    """One registered line of an order: consumption, waste (with its reason) or an offcut returned to stock.

    Written once by ``production_register`` beside the ledger movement it caused; never changed."""

    order = models.ForeignKey(
        ProductionOrder, verbose_name=_("orden"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=EntryKind.choices)
    material = models.ForeignKey(
        "inventory.Material", verbose_name=_("material"), on_delete=models.PROTECT, related_name="+"
    )
    #: Positive, in the material's unit (metres for a moulding).
    quantity = models.DecimalField(_("cantidad"), **QUANTITY)
    reason = models.CharField(_("motivo"), max_length=20, choices=WasteReason.choices, blank=True)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    #: The material's weighted average cost when it moved.
    unit_cost = models.DecimalField(_("costo unitario"), max_digits=12, decimal_places=4, default=ZERO)
    movement = models.OneToOneField(
        "inventory.StockMovement",
        verbose_name=_("movimiento"),
        on_delete=models.PROTECT,
        related_name="production_entry",
    )

    class Meta:
        verbose_name = _("registro de producción")
        verbose_name_plural = _("registros de producción")
        ordering = ["order", "kind", "created_at", "id"]
        indexes = [models.Index(fields=["material", "kind"], name="production_entry_material")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="production_entry_quantity_positive"),
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="production_entry_kind_valid"),
            # waste has its reason; nothing else has one
            models.CheckConstraint(
                condition=(Q(kind=EntryKind.WASTE) & ~Q(reason="")) | (~Q(kind=EntryKind.WASTE) & Q(reason="")),
                name="production_entry_reason_for_waste",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.quantity.normalize():f}"

    @property
    def value(self) -> Decimal:
        return self.quantity * self.unit_cost
