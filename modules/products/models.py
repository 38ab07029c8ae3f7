"""Finished products: framed pictures, printed photos, souvenirs… from the workshop to the customer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.links import RecordLinkModel
from fotostudio.core.models import TimeStampedModel, search_column


class ProductKind(models.TextChoices):
    FRAME = "cuadro", _("Cuadro enmarcado")
    PRINT = "foto_impresa", _("Foto impresa")
    CANVAS = "lienzo", _("Lienzo")
    ALBUM = "album", _("Álbum")
    SOUVENIR = "recordatorio", _("Recordatorio")
    OTHER = "otro", _("Otro")


class ProductStatus(models.TextChoices):
    """Stored values are the API's values (``estado``)."""

    IN_PRODUCTION = "EN_PRODUCCION", _("En producción")
    AVAILABLE = "DISPONIBLE", _("Disponible")
    RESERVED = "RESERVADO", _("Reservado")
    SOLD = "VENDIDO", _("Vendido")
    DELIVERED = "ENTREGADO", _("Entregado")


class ProductLocation(models.TextChoices):
    WORKSHOP = "taller", _("Taller")
    SHOWCASE = "vitrina", _("Vitrina")
    STOREROOM = "bodega", _("Bodega")
    DELIVERED = "entregado", _("Entregado")


#: The statuses of a product that has been sold: its sale (when, price, who) is recorded.
SOLD_STATUSES = (ProductStatus.SOLD, ProductStatus.DELIVERED)
#: Where a sale may start.
SELLABLE_STATUSES = (ProductStatus.AVAILABLE, ProductStatus.RESERVED)


@audited()
class Product(RecordLinkModel, TimeStampedModel):
    """One finished piece. Its link (``link_type``/``link_id``) is where it comes from: the production
    order that made it or, for a piece not made in the workshop, the customer order it is for."""

    code = models.CharField(
        _("código"), max_length=40, blank=True, help_text=_("Único; si se deja vacío se asigna el siguiente número.")
    )
    description = models.CharField(_("descripción"), max_length=300)
    kind = models.CharField(_("tipo"), max_length=20, choices=ProductKind.choices, default=ProductKind.FRAME)
    width_cm = models.DecimalField(_("ancho (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(_("alto (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    cost = models.DecimalField(
        _("costo"), max_digits=12, decimal_places=2, default=0, help_text=_("Costo de sus materiales y mano de obra.")
    )
    sale_price = models.DecimalField(_("precio de venta"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        _("estado"), max_length=16, choices=ProductStatus.choices, default=ProductStatus.AVAILABLE, db_index=True
    )
    location = models.CharField(
        _("ubicación"), max_length=12, choices=ProductLocation.choices, default=ProductLocation.WORKSHOP, db_index=True
    )
    notes = models.TextField(_("notas"), blank=True)

    # The sale, written only by product_sell.
    sold_at = models.DateTimeField(_("vendido el"), null=True, blank=True, editable=False)
    sold_to = models.ForeignKey(
        "clients.Client",
        verbose_name=_("vendido a"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="products_bought",
    )
    sold_price = models.DecimalField(
        _("precio de la venta"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    sold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vendido por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
    search_text = search_column("code", "description", "notes")

    class Meta:
        verbose_name = _("producto")
        verbose_name_plural = _("productos")
        ordering = ["-created_at", "id"]
        permissions = [("export_product", _("Puede exportar productos"))]
        constraints = [
            *RecordLinkModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["code"],
                name="products_product_code_unique",
                violation_error_message=_("Ya existe un producto con este código."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="products_product_code_not_empty"),
            models.CheckConstraint(condition=~Q(description=""), name="products_product_description_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=ProductKind.values), name="products_product_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ProductStatus.values), name="products_product_status_valid"),
            models.CheckConstraint(
                condition=Q(location__in=ProductLocation.values), name="products_product_location_valid"
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0, sale_price__gte=0), name="products_product_money_not_negative"
            ),
            models.CheckConstraint(
                condition=(Q(width_cm__isnull=True) & Q(height_cm__isnull=True))
                | (Q(width_cm__gt=0) & Q(height_cm__gt=0)),
                name="products_product_dimensions_both_positive",
            ),
            # A sold product has its sale; an unsold one has none.
            models.CheckConstraint(
                condition=(
                    Q(status__in=SOLD_STATUSES) & Q(sold_at__isnull=False, sold_price__isnull=False, sold_price__gte=0)
                )
                | (
                    ~Q(status__in=SOLD_STATUSES)
                    & Q(sold_at__isnull=True, sold_price__isnull=True, sold_to__isnull=True)
                ),
                name="products_product_sale_recorded_when_sold",
            ),
            # «entregado» is where a delivered product is, and only a delivered one.
            models.CheckConstraint(
                condition=Q(status=ProductStatus.DELIVERED, location=ProductLocation.DELIVERED)
                | (~Q(status=ProductStatus.DELIVERED) & ~Q(location=ProductLocation.DELIVERED)),
                name="products_product_delivered_location",
            ),
        ]
        indexes = [
            *RecordLinkModel.Meta.indexes,
            models.Index(F("created_at").desc(), F("id"), name="products_product_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.description}" if self.code else self.description

    @property
    def dimensions(self) -> str:
        if self.width_cm is None or self.height_cm is None:
            return ""
        return f"{self.width_cm.normalize():f} × {self.height_cm.normalize():f} cm"
