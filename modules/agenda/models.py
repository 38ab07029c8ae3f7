"""The studio's agenda: appointments (sessions, deliveries, meetings, school shoots) and the resources they use.

No double booking is a rule of the database, not only of Python: every staff member and every
resource an appointment holds is a :class:`Booking` row, and an exclusion constraint refuses two
rows of the same holder whose time ranges overlap. The embedded PostgreSQL has no ``btree_gist``
extension, so the holder (a UUID) is stored as two whole numbers and compared as one-point
``int8range`` values: ranges have GiST operator classes of their own (see docs/modules/agenda.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.links import RecordLinkModel
from fotostudio.core.models import TimeStampedModel, search_column, sort_key

#: The years the agenda holds (appointments, the calendar's days).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class AppointmentType(models.TextChoices):
    """Stored values are the API's values (``tipo``)."""

    PHOTO_SESSION = "sesion_fotos", _("Sesión de fotos")
    DELIVERY = "entrega", _("Entrega")
    MEETING = "reunion", _("Reunión")
    SCHOOL_SHOOT = "sesion_colegio", _("Sesión en colegio")


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "PROGRAMADA", _("Programada")
    CONFIRMED = "CONFIRMADA", _("Confirmada")
    COMPLETED = "COMPLETADA", _("Completada")
    CANCELLED = "CANCELADA", _("Cancelada")
    NO_SHOW = "NO_ASISTIO", _("No asistió")


class ResourceKind(models.TextChoices):
    ROOM = "sala", _("Sala de estudio")
    EQUIPMENT = "equipo", _("Equipo")
    OTHER = "otro", _("Otro")


@audited()
class Resource(TimeStampedModel):
    """A studio room or a piece of equipment an appointment reserves (a list the business manages)."""

    name = models.CharField(_("nombre"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=10, choices=ResourceKind.choices, default=ResourceKind.ROOM)
    description = models.TextField(_("descripción"), blank=True)
    is_active = models.BooleanField(_("activo"), default=True, help_text=_("Solo los activos se pueden reservar."))

    class Meta:
        verbose_name = _("recurso")
        verbose_name_plural = _("recursos")
        ordering = [sort_key("name").asc(), "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="agenda_resource_name_unique",
                violation_error_message=_("Ya existe un recurso con este nombre."),
            ),
            models.CheckConstraint(condition=~Q(name=""), name="agenda_resource_name_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=ResourceKind.values), name="agenda_resource_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class Appointment(RecordLinkModel, TimeStampedModel):
    """A session, a delivery, a meeting or a school shoot; about an order or a contract through the link."""

    appointment_type = models.CharField(
        _("tipo"), max_length=20, choices=AppointmentType.choices, default=AppointmentType.PHOTO_SESSION
    )
    title = models.CharField(_("título"), max_length=200)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("cliente o colegio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    starts_at = models.DateTimeField(_("inicio"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal asignado"),
        blank=True,
        related_name="appointments",
        through="AppointmentStaff",
    )
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("recurso"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.SCHEDULED
    )
    notes = models.TextField(_("notas"), blank=True)
    overbooked = models.BooleanField(
        _("reservada sobre otra cita"),
        default=False,
        help_text=_(
            "Reservarla aunque se cruce con otra cita del mismo personal o recurso (solo gerente o administrador)."
        ),
    )
    overbooked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reservada sobre otra cita por"),
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
    search_text = search_column("title", "place", "notes")

    class Meta:
        verbose_name = _("cita")
        verbose_name_plural = _("citas")
        ordering = ["starts_at", "id"]
        permissions = [("export_appointment", _("Puede exportar citas"))]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="agenda_appointment_order_idx"),
            *RecordLinkModel.Meta.indexes,
        ]
        constraints = [
            *RecordLinkModel.Meta.constraints,
            models.CheckConstraint(condition=~Q(title=""), name="agenda_appointment_title_not_empty"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="agenda_appointment_ends_after_start"),
            models.CheckConstraint(
                condition=Q(appointment_type__in=AppointmentType.values), name="agenda_appointment_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AppointmentStatus.values), name="agenda_appointment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def holds_bookings(self) -> bool:
        """A cancelled appointment frees its staff and resource."""
        return self.status != AppointmentStatus.CANCELLED


@audited()
class AppointmentStaff(TimeStampedModel):
    """A staff member assigned to an appointment: its own row, so the audit trail says who assigned whom, when."""

    appointment = models.ForeignKey(Appointment, verbose_name=_("cita"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("usuario"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("personal de una cita")
        verbose_name_plural = _("personal de las citas")
        constraints = [
            models.UniqueConstraint(fields=["appointment", "user"], name="agenda_appointment_staff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id}: {self.user_id}"


def holder_key(holder_id: uuid.UUID) -> tuple[int, int]:
    """A UUID as two signed 64-bit whole numbers (its high and low halves): what the constraint compares."""
    value = holder_id.int

    def signed(half: int) -> int:
        return half - (1 << 64) if half >= (1 << 63) else half

    return signed(value >> 64), signed(value & ((1 << 64) - 1))


class Int8Range(Func):
    function = "int8range"
    output_field = models.Field()  # only used inside the constraint


class TstzRange(Func):
    function = "tstzrange"
    output_field = models.Field()


class Booking(models.Model):
    """One staff member or resource held by a non-cancelled appointment, over its time (kept by the services).

    ``EXCLUDE USING gist (int8range(holder_high, holder_high, '[]') WITH &&, int8range(holder_low, holder_low,
    '[]') WITH &&, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (NOT overbooked)``: the same holder cannot
    have two overlapping rows. Appointments a manager booked over others keep their rows (so later bookings
    still see them) outside the constraint.
    """

    id = models.BigAutoField(primary_key=True)
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="bookings")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="bookings")
    holder_high = models.BigIntegerField()
    holder_low = models.BigIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    overbooked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("reserva")
        verbose_name_plural = _("reservas")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False, resource__isnull=True) | Q(staff__isnull=True, resource__isnull=False),
                name="agenda_booking_one_holder",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="agenda_booking_ends_after_start"),
            ExclusionConstraint(
                name="agenda_booking_no_overlap",
                index_type="GIST",
                expressions=[
                    (Int8Range("holder_high", "holder_high", Value("[]")), RangeOperators.OVERLAPS),
                    (Int8Range("holder_low", "holder_low", Value("[]")), RangeOperators.OVERLAPS),
                    (TstzRange("starts_at", "ends_at", Value("[)")), RangeOperators.OVERLAPS),
                ],
                condition=Q(overbooked=False),
                violation_error_message=_("El personal o el recurso ya tiene otra cita a esa hora."),
            ),
        ]
        indexes = [models.Index(fields=["staff", "starts_at"], name="agenda_booking_staff_idx")]

    def __str__(self) -> str:
        return f"{self.appointment_id}: {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"
