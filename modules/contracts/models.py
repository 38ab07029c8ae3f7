"""School contracts: a studio's agreement with a school for a school year, its price list and its roster.

- ``Contract``: numbered (``CON-2026-00001``), with one school (a client of type colegio), the
  dates it runs between, its terms, the school's commission and the deposit.
- ``ContractPackage``: the contract's price list (a package's name, what it contains, its price).
- ``RosterStudent``: the students of the contract, imported from the school's list.

The status is stored as the staff set it (``BORRADOR``, ``VIGENTE``, ``CANCELADO``); ``VENCIDO``
is never stored: a ``VIGENTE`` contract whose end date has passed *is* expired, computed in the
query (``selectors.with_current_status``) from the business's today, so no nightly job is needed
and a changed end date counts at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.documents import validate_phone
from fotostudio.core.models import TimeStampedModel, search_column, sort_key


class ContractStatus(models.TextChoices):
    """Stored values are the API's values (``estado``)."""

    DRAFT = "BORRADOR", _("Borrador")
    ACTIVE = "VIGENTE", _("Vigente")
    EXPIRED = "VENCIDO", _("Vencido")
    CANCELLED = "CANCELADO", _("Cancelado")


#: What staff may set; ``VENCIDO`` follows from the end date.
STORED_STATUSES = (ContractStatus.DRAFT, ContractStatus.ACTIVE, ContractStatus.CANCELLED)


@audited()
class Contract(TimeStampedModel):
    number = models.CharField(_("número"), max_length=30, editable=False)
    school = models.ForeignKey(
        "clients.Client",
        verbose_name=_("colegio"),
        on_delete=models.PROTECT,
        related_name="contracts",
        limit_choices_to={"client_type": "colegio"},
    )
    title = models.CharField(_("título"), max_length=200)
    academic_year = models.CharField(
        _("año lectivo"), max_length=20, help_text=_("Por ejemplo 2026-2027 (Sierra) o 2026 (Costa).")
    )
    start_date = models.DateField(_("fecha de inicio"))
    end_date = models.DateField(
        _("fecha de fin"), help_text=_("Último día de vigencia; desde el día siguiente, vencido.")
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=ContractStatus.choices, default=ContractStatus.DRAFT, db_index=True
    )
    terms = models.TextField(_("términos y condiciones"), blank=True)
    commission_rate = models.DecimalField(
        _("comisión del colegio (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    expected_students = models.PositiveIntegerField(_("estudiantes previstos"), default=0)
    deposit = models.DecimalField(
        _("anticipo"), max_digits=12, decimal_places=2, default=Decimal("0.00"), validators=[MinValueValidator(0)]
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

    #: Maintained by PostgreSQL: what ``?search=`` looks in, folded.
    search_text = search_column("number", "title", "academic_year")

    class Meta:
        verbose_name = _("contrato")
        verbose_name_plural = _("contratos")
        ordering = ["-start_date", "-number", "id"]
        permissions = [("export_contract", _("Puede exportar contratos"))]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="contracts_contract_number_unique"),
            models.CheckConstraint(condition=~Q(number=""), name="contracts_contract_number_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="contracts_contract_title_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=[status.value for status in STORED_STATUSES]),
                name="contracts_contract_status_stored",
            ),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="contracts_contract_dates"),
            models.CheckConstraint(
                condition=Q(commission_rate__gte=0, commission_rate__lte=100), name="contracts_contract_commission"
            ),
            models.CheckConstraint(condition=Q(deposit__gte=0), name="contracts_contract_deposit"),
        ]
        indexes = [models.Index(fields=["status", "end_date"], name="contracts_status_end_idx")]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"


@audited()
class ContractPackage(TimeStampedModel):
    """One line of the contract's price list: «Paquete básico: 2 fotos 13×18 y un recordatorio — 12,00»."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contrato"), on_delete=models.CASCADE, related_name="packages"
    )
    name = models.CharField(_("nombre"), max_length=120)
    contents = models.TextField(_("contenido"), blank=True)
    unit_price = models.DecimalField(
        _("precio unitario"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("paquete")
        verbose_name_plural = _("paquetes")
        ordering = ["contract", sort_key("name").asc(), "id"]
        constraints = [
            models.UniqueConstraint("contract", Lower("name"), name="contracts_package_name_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="contracts_package_name_not_empty"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="contracts_package_price"),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class RosterStudent(TimeStampedModel):
    """A student of the contract's school, as the school's list gives it."""

    contract = models.ForeignKey(Contract, verbose_name=_("contrato"), on_delete=models.CASCADE, related_name="roster")
    student_name = models.CharField(_("estudiante"), max_length=200)
    grade = models.CharField(_("grado o curso"), max_length=60)
    section = models.CharField(_("paralelo"), max_length=20, blank=True)
    guardian_name = models.CharField(_("representante"), max_length=200, blank=True)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("correo electrónico"), blank=True)

    class Meta:
        verbose_name = _("estudiante del listado")
        verbose_name_plural = _("listado de estudiantes")
        ordering = ["contract", "grade", "section", sort_key("student_name").asc(), "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(student_name=""), name="contracts_roster_student_not_empty"),
            models.CheckConstraint(condition=~Q(grade=""), name="contracts_roster_grade_not_empty"),
        ]
        indexes = [models.Index(fields=["contract", "grade", "section"], name="contracts_roster_grade_idx")]

    def __str__(self) -> str:
        section = f" {self.section}" if self.section else ""
        return f"{self.student_name} ({self.grade}{section})"


@audited()
class ContractOrder(TimeStampedModel):
    """An order made for the contract: «crear pedidos del listado» makes one per student of the roster.

    An order belongs to one contract at most; a student gets one order per contract this way. The
    contract, the student and the package are protected while the order exists.
    """

    contract = models.ForeignKey(
        Contract, verbose_name=_("contrato"), on_delete=models.PROTECT, related_name="contract_orders"
    )
    order = models.OneToOneField(
        "orders.Order", verbose_name=_("pedido"), on_delete=models.CASCADE, related_name="contract_link"
    )
    student = models.ForeignKey(
        RosterStudent,
        verbose_name=_("estudiante"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contract_orders",
    )
    package = models.ForeignKey(
        ContractPackage,
        verbose_name=_("paquete"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contract_orders",
    )

    class Meta:
        verbose_name = _("pedido del contrato")
        verbose_name_plural = _("pedidos del contrato")
        ordering = ["contract", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "student"],
                condition=Q(student__isnull=False),
                name="contracts_order_one_per_student",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.order_id}"
