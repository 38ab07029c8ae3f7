"""Materials of the studio's workshop and their stock ledger.

One table holds every material (the common part and, as nullable columns, the attributes of each
category: :data:`CATEGORY_ATTRIBUTES` says which belong to which; the service refuses the others).
Stock changes only through :class:`StockMovement` rows, written by ``services.stock_move`` (or the
import, with the same rules in SQL): the material's ``quantity_on_hand`` is the sum of its
movements, the database refuses a negative stock (``CHECK``) and refuses any ``UPDATE`` or
``DELETE`` of a movement (a trigger): a mistake is corrected with a reversing movement.
"""

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.models import TimeStampedModel, search_column, sort_key


class MaterialCategory(models.TextChoices):
    MOULDING = "varillas", _("Varillas")
    PAINTS = "pinturas", _("Pinturas")
    PRINTING = "impresion", _("Materiales de impresión")
    SOUVENIR = "recordatorio", _("Materiales de recordatorio")
    SOFTWARE = "software", _("Software y equipos")
    PAINTING = "pintura", _("Materiales de pintura")
    DESIGN = "diseno", _("Materiales de diseño")


class MaterialUnit(models.TextChoices):
    METRE = "metro", _("metro")
    UNIT = "unidad", _("unidad")
    LITRE = "litro", _("litro")
    MILLILITRE = "mililitro", _("mililitro")
    SHEET = "hoja", _("hoja")
    ROLL = "rollo", _("rollo")
    KILOGRAM = "kilogramo", _("kilogramo")
    BOX = "caja", _("caja")
    PACK = "paquete", _("paquete")
    LICENCE = "licencia", _("licencia")


#: The attribute columns that belong to each category (every other attribute stays empty).
CATEGORY_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    MaterialCategory.MOULDING: ("profile", "width_cm", "colour", "finish", "bar_length_m"),
    MaterialCategory.PAINTS: ("colour", "base", "volume_ml"),
    MaterialCategory.PRINTING: ("material_type", "size", "finish"),
    MaterialCategory.SOUVENIR: ("material_type", "size"),
    MaterialCategory.SOFTWARE: ("serial_number", "expires_on"),
    MaterialCategory.PAINTING: ("material_type", "colour"),
    MaterialCategory.DESIGN: ("material_type", "size"),
}
ATTRIBUTE_FIELDS: tuple[str, ...] = (
    "profile",
    "width_cm",
    "colour",
    "finish",
    "bar_length_m",
    "base",
    "volume_ml",
    "material_type",
    "size",
    "serial_number",
    "expires_on",
)
#: Moulding is stocked in metres: its unit is fixed.
CATEGORY_UNITS: dict[str, tuple[str, ...]] = {MaterialCategory.MOULDING: (MaterialUnit.METRE,)}

QUANTITY = {"max_digits": 12, "decimal_places": 3}
COST = {"max_digits": 12, "decimal_places": 4}
ZERO = Decimal("0")


class StockLevel(models.TextChoices):
    OK = "ok", _("Suficiente")
    LOW = "bajo", _("Bajo")
    OUT = "agotado", _("Agotado")


@audited()
class Material(TimeStampedModel):
    sku = models.CharField(_("SKU"), max_length=40, help_text=_("Código único del material (mayúsculas)."))
    name = models.CharField(_("nombre"), max_length=200)
    category = models.CharField(_("categoría"), max_length=20, choices=MaterialCategory.choices)
    unit = models.CharField(_("unidad"), max_length=20, choices=MaterialUnit.choices)
    unit_cost = models.DecimalField(_("costo unitario"), **COST, default=ZERO)
    minimum_stock = models.DecimalField(_("stock mínimo"), **QUANTITY, default=ZERO)
    reorder_quantity = models.DecimalField(_("cantidad de reposición"), **QUANTITY, default=ZERO)
    supplier = models.CharField(_("proveedor"), max_length=200, blank=True)
    location = models.CharField(_("ubicación"), max_length=100, blank=True)
    is_active = models.BooleanField(_("activo"), default=True)
    #: Kept by the stock service in the movement's transaction: always the sum of the movements.
    quantity_on_hand = models.DecimalField(_("existencias"), **QUANTITY, default=ZERO, editable=False)
    #: Weighted average cost of what is on hand (purchases and opening stock move it).
    average_cost = models.DecimalField(_("costo promedio"), **COST, default=ZERO, editable=False)

    # Attributes by category (CATEGORY_ATTRIBUTES).
    profile = models.CharField(_("perfil"), max_length=100, blank=True)
    width_cm = models.DecimalField(_("ancho (cm)"), max_digits=8, decimal_places=2, null=True, blank=True)
    colour = models.CharField(_("color"), max_length=60, blank=True)
    finish = models.CharField(_("acabado"), max_length=60, blank=True)
    bar_length_m = models.DecimalField(_("largo de barra (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    base = models.CharField(_("base"), max_length=60, blank=True)
    volume_ml = models.DecimalField(_("volumen (ml)"), max_digits=10, decimal_places=2, null=True, blank=True)
    material_type = models.CharField(_("tipo"), max_length=100, blank=True)
    size = models.CharField(_("tamaño"), max_length=60, blank=True)
    serial_number = models.CharField(_("número de serie"), max_length=100, blank=True)
    expires_on = models.DateField(_("vence el"), null=True, blank=True, help_text=_("Licencia o garantía."))

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
    search_text = search_column("sku", "name", "supplier", "location")

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materiales")
        ordering = [sort_key("name").asc(), "id"]
        permissions = [("export_material", _("Puede exportar materiales"))]
        indexes = [models.Index(fields=["category", "is_active"], name="inventory_material_category")]
        constraints = [
            models.UniqueConstraint(fields=["sku"], name="inventory_material_sku_unique"),
            models.CheckConstraint(condition=~models.Q(sku=""), name="inventory_material_sku_not_empty"),
            models.CheckConstraint(condition=~models.Q(name=""), name="inventory_material_name_not_empty"),
            models.CheckConstraint(
                condition=models.Q(category__in=MaterialCategory.values), name="inventory_material_category_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=MaterialUnit.values), name="inventory_material_unit_valid"
            ),
            #: The database refuses a negative stock, whoever writes.
            models.CheckConstraint(
                condition=models.Q(quantity_on_hand__gte=0), name="inventory_material_stock_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    unit_cost__gte=0, average_cost__gte=0, minimum_stock__gte=0, reorder_quantity__gte=0
                ),
                name="inventory_material_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} · {self.name}"

    @property
    def stock_level(self) -> str:
        if self.quantity_on_hand <= 0:
            return StockLevel.OUT
        if self.quantity_on_hand <= self.minimum_stock:
            return StockLevel.LOW
        return StockLevel.OK


class MovementKind(models.TextChoices):
    PURCHASE = "compra", _("Compra")
    CONSUMPTION = "consumo", _("Consumo")
    WASTE = "merma", _("Merma")
    ADJUSTMENT = "ajuste", _("Ajuste")
    RETURN = "devolucion", _("Devolución a bodega")
    OFFCUT = "retazo", _("Retazo devuelto")
    OPENING = "inicial", _("Existencia inicial")


#: Kinds that add stock, and kinds that take it out; an adjustment may do either.
INCOMING_KINDS = (MovementKind.PURCHASE, MovementKind.RETURN, MovementKind.OFFCUT, MovementKind.OPENING)
OUTGOING_KINDS = (MovementKind.CONSUMPTION, MovementKind.WASTE)


#: Not in the audit trail (``ModuleSpec.not_audited``): like the platform's logs, the ledger is written
#: once and never changed (the database refuses it), and each row already says who did what and when. An
#: event row per movement would copy it for nothing and, with row-level triggers, cost ten times the
#: movement's own insert (docs/modules/inventory.md, "Speed and memory").
class StockMovement(TimeStampedModel):
    material = models.ForeignKey(
        Material,
        verbose_name=_("material"),
        on_delete=models.PROTECT,
        related_name="movements",
        db_index=False,  # the (material, -created_at) index serves every lookup by material
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=MovementKind.choices)
    #: Signed: positive adds stock, negative takes it out.
    quantity = models.DecimalField(_("cantidad"), **QUANTITY)
    unit_cost = models.DecimalField(_("costo unitario"), **COST)
    #: The material's stock right after this movement.
    balance_after = models.DecimalField(_("saldo"), **QUANTITY, editable=False)
    reference = models.CharField(
        _("referencia"), max_length=200, blank=True, help_text=_("Orden de producción, compra, importación…")
    )
    note = models.CharField(_("motivo"), max_length=300, blank=True)
    #: When it happened: now, except for history loaded afterwards (the demo's past months).
    created_at = models.DateTimeField(_("fecha"), default=timezone.now, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("movimiento de inventario")
        verbose_name_plural = _("movimientos de inventario")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["material", "-created_at"], name="inventory_movement_material")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(quantity=0), name="inventory_movement_quantity_not_zero"),
            models.CheckConstraint(condition=models.Q(unit_cost__gte=0), name="inventory_movement_cost_not_negative"),
            models.CheckConstraint(
                condition=models.Q(kind__in=MovementKind.values), name="inventory_movement_kind_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=INCOMING_KINDS, quantity__gt=0)
                    | models.Q(kind__in=OUTGOING_KINDS, quantity__lt=0)
                    | models.Q(kind=MovementKind.ADJUSTMENT)
                ),
                name="inventory_movement_sign_by_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0), name="inventory_movement_balance_not_negative"
            ),
        ]
        triggers = [
            # The ledger is append-only: a mistake is corrected with a reversing movement.
            pgtrigger.Protect(name="inventory_movement_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} · {self.material_id}"
