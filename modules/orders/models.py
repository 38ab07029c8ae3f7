"""Orders (pedidos): the studio's work orders, their lines and the payments received for them.

Amounts are computed by ``services.order_totals_recompute`` and never taken from the caller.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.models import TimeStampedModel, search_column, sort_key

from .buyers import buyer_day_triggers
from .summary import summary_triggers

ZERO = Decimal("0")


class OrderStatus(models.TextChoices):
    PENDING = "PENDIENTE", _("Pendiente")
    IN_PROGRESS = "EN_PROCESO", _("En proceso")
    READY = "LISTO", _("Listo para retirar")
    DELIVERED = "ENTREGADO", _("Entregado")
    CANCELLED = "CANCELADO", _("Cancelado")


#: Orders still being worked on or waiting to be picked up (overdue when past their promised date).
OPEN_STATUSES = (OrderStatus.PENDING, OrderStatus.IN_PROGRESS, OrderStatus.READY)


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgente", _("Urgente")


class PaymentMethod(models.TextChoices):
    CASH = "efectivo", _("Efectivo")
    TRANSFER = "transferencia", _("Transferencia")
    CARD = "tarjeta", _("Tarjeta")


@audited()
class ServiceType(TimeStampedModel):
    """What kind of work an order is (photo session, printing, framing…): a list each business extends."""

    code = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=100)
    position = models.PositiveSmallIntegerField(_("posición"), default=0)
    is_active = models.BooleanField(_("activo"), default=True)

    class Meta:
        verbose_name = _("tipo de servicio")
        verbose_name_plural = _("tipos de servicio")
        ordering = ["position", sort_key("name").asc(), "id"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="orders_servicetype_name_not_empty")]

    def __str__(self) -> str:
        return self.name


@audited()
class Order(TimeStampedModel):
    number = models.CharField(_("número"), max_length=40, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("cliente"), on_delete=models.PROTECT, related_name="orders"
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("servicio"), on_delete=models.PROTECT, related_name="orders"
    )
    order_date = models.DateField(_("fecha"), default=timezone.localdate, db_index=True)
    promised_date = models.DateField(_("fecha prometida"), null=True, blank=True, db_index=True)
    priority = models.CharField(_("prioridad"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(
        _("estado"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PENDING, editable=False
    )
    notes = models.TextField(_("notas"), blank=True)
    # Computed by the service (never from the caller).
    subtotal = models.DecimalField(_("subtotal"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    discount_total = models.DecimalField(_("descuento"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    tax_total = models.DecimalField(_("IVA"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    paid_total = models.DecimalField(_("pagado"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    balance = models.DecimalField(_("saldo"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    # Recorded by the status steps.
    status_changed_at = models.DateTimeField(_("cambio de estado"), null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("entregado el"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelado el"), null=True, blank=True, editable=False)
    status_reason = models.TextField(_("motivo del último cambio"), blank=True, editable=False)
    delivered_with_balance = models.BooleanField(_("entregado con saldo"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_text = search_column("number", "notes")

    class Meta:
        verbose_name = _("pedido")
        verbose_name_plural = _("pedidos")
        ordering = ["-order_date", "-number"]
        indexes = [
            models.Index(F("order_date").desc(), F("number").desc(), name="orders_order_date_number"),
            models.Index(fields=["status", "promised_date"], name="orders_order_status_promised"),
            # The open orders by date (the dashboard's overdue counts read only these, never the closed ones).
            models.Index(
                fields=["order_date", "promised_date"],
                include=["balance"],
                condition=Q(status__in=OPEN_STATUSES),
                name="orders_order_open_by_date",
            ),
            # Who bought in a period (the active clients): read from the index alone.
            models.Index(
                fields=["order_date", "client"],
                condition=~Q(status=OrderStatus.CANCELLED),
                name="orders_order_sold_clients",
            ),
        ]
        #: Keep the summaries below (``summary.py``, ``buyers.py``) equal to the orders, in the same statement.
        triggers = [*summary_triggers(), *buyer_day_triggers()]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="orders_order_balance_not_negative"),
            models.CheckConstraint(condition=Q(paid_total__gte=0), name="orders_order_paid_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Pedido nuevo"))

    @property
    def is_overdue(self) -> bool:
        return bool(self.promised_date and self.status in OPEN_STATUSES and self.promised_date < timezone.localdate())

    @property
    def refund_due(self) -> Decimal:
        """What the studio owes back: the payments of a cancelled order."""
        return self.paid_total if self.status == OrderStatus.CANCELLED else ZERO

    @property
    def line_rows(self) -> list:
        """The lines, from ``Prefetch("lines", to_attr="prefetched_lines")`` when the list prefetched them."""
        rows = self.__dict__.get("prefetched_lines")
        return rows if rows is not None else list(self.lines.all())

    @property
    def payment_rows(self) -> list:
        rows = self.__dict__.get("prefetched_payments")
        return rows if rows is not None else list(self.payments.all())

    @property
    def lines_frozen(self) -> bool:
        return self.status in (OrderStatus.DELIVERED, OrderStatus.CANCELLED)


@audited()
class OrderLine(TimeStampedModel):
    order = models.ForeignKey(Order, verbose_name=_("pedido"), on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("posición"), default=0, editable=False)
    description = models.CharField(_("descripción"), max_length=300)
    quantity = models.DecimalField(
        _("cantidad"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(
        _("precio unitario"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    discount_percent = models.DecimalField(
        _("descuento %"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    tax_rate = models.DecimalField(
        _("IVA %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
        help_text=_("Vacío: el IVA configurado del negocio."),
    )
    # Optional finished product (a frame already made): reserved by the order, sold when it is delivered.
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("producto terminado"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order_lines",
        help_text=_("Una pieza ya terminada (disponible o reservada): su descripción y precio son los de la línea."),
    )
    # Optional framing spec (plain data: materials and stock belong to the inventory).
    frame_width = models.DecimalField(
        _("ancho (cm)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    frame_height = models.DecimalField(
        _("alto (cm)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    moulding = models.CharField(_("moldura"), max_length=100, blank=True)
    glass = models.CharField(_("vidrio"), max_length=100, blank=True)
    mat = models.CharField(_("paspartú"), max_length=100, blank=True)
    # Computed by the service.
    subtotal = models.DecimalField(_("subtotal"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    discount_amount = models.DecimalField(_("descuento"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    tax_amount = models.DecimalField(_("IVA"), max_digits=14, decimal_places=2, default=ZERO, editable=False)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=ZERO, editable=False)

    class Meta:
        verbose_name = _("línea de pedido")
        verbose_name_plural = _("líneas de pedido")
        ordering = ["order", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frame_width__isnull=True, frame_height__isnull=True)
                | Q(frame_width__isnull=False, frame_height__isnull=False),
                name="orders_orderline_frame_both_or_none",
            )
        ]

    def __str__(self) -> str:
        return self.description


@audited()
class Payment(TimeStampedModel):
    order = models.ForeignKey(Order, verbose_name=_("pedido"), on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(
        _("monto"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    method = models.CharField(_("forma de pago"), max_length=15, choices=PaymentMethod.choices)
    paid_on = models.DateField(_("fecha de pago"), default=timezone.localdate)
    reference = models.CharField(_("referencia"), max_length=100, blank=True)
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
        verbose_name = _("pago")
        verbose_name_plural = _("pagos")
        ordering = ["order", "paid_on", "created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="orders_payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount} ({self.get_method_display()})"


# --- Maintained summaries: the dashboard's and the metrics' figures ---------------------------------------------
#
# Written only by the triggers on ``orders_order`` (``summary.py``): every write of an order, however it is
# made (services, admin, raw SQL, a restore's replay), adds its new row and subtracts its old one in the same
# statement, so the summaries always equal the aggregate of the orders themselves. Read by ``selectors.py``.


class OrderDaySummary(models.Model):
    """The orders of a day, service and status: how many, and the sums of their amounts."""

    day = models.DateField(_("fecha"))
    service_type = models.ForeignKey(ServiceType, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("estado"), max_length=12, choices=OrderStatus.choices)
    orders = models.IntegerField(_("pedidos"))
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    paid = models.DecimalField(_("pagado"), max_digits=16, decimal_places=2)
    balance = models.DecimalField(_("saldo"), max_digits=16, decimal_places=2)
    #: How many of them owe money (balance > 0).
    with_balance = models.IntegerField(_("con saldo"))

    class Meta:
        verbose_name = _("resumen diario de pedidos")
        verbose_name_plural = _("resúmenes diarios de pedidos")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["day", "service_type", "status"], name="orders_day_summary_key"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.service_type_id} {self.status}: {self.orders}"


class OrderDeliverySummary(models.Model):
    """The delivered orders of a quarter of an hour (``delivered_at`` truncated: one local day in every time
    zone, whose offsets are whole quarters) and promised date: how many, and the sum of their order dates
    (days since 2000-01-01), so the average delivery time is ``local day − order days / orders``."""

    slot = models.DateTimeField(_("entregados a partir de"))
    promised_date = models.DateField(_("fecha prometida"), null=True)
    orders = models.IntegerField(_("pedidos"))
    order_days = models.BigIntegerField(_("días de los pedidos"))

    class Meta:
        verbose_name = _("resumen de entregas")
        verbose_name_plural = _("resúmenes de entregas")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "promised_date"], name="orders_delivery_summary_key", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot:%Y-%m-%d %H:%M} {self.promised_date}: {self.orders}"


class ClientFirstOrder(models.Model):
    """Each client's first order that was not cancelled (its date): who is new and who comes back."""

    client = models.OneToOneField(
        "clients.Client", primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=True
    )
    first_day = models.DateField(_("primer pedido"), db_index=True)

    class Meta:
        verbose_name = _("primer pedido del cliente")
        verbose_name_plural = _("primeros pedidos de los clientes")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.client_id}: {self.first_day}"


class OrderBuyerDay(models.Model):
    """The clients with an order (not cancelled) on a day, and among them those for whom it is the first order
    day of its week, month, quarter or year, or their last order day (``buyers.py``): who bought in any bucket
    is a sum of days."""

    day = models.DateField(_("fecha"), primary_key=True)
    clients = models.IntegerField(_("clientes"))
    first_of_week = models.IntegerField(_("primeros de la semana"))
    first_of_month = models.IntegerField(_("primeros del mes"))
    first_of_quarter = models.IntegerField(_("primeros del trimestre"))
    first_of_year = models.IntegerField(_("primeros del año"))
    last_ever = models.IntegerField(_("últimos"))

    class Meta:
        verbose_name = _("compradores del día")
        verbose_name_plural = _("compradores por día")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.day}: {self.clients}"
