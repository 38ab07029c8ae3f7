"""Every write on the agenda: appointments, their bookings, and the resources they reserve.

The rules live here and nowhere else:

- an appointment ends after it starts; a school shoot is with a school; the resource must be active
  and the staff active users;
- **no double booking**: the staff and the resource of a non-cancelled appointment are held by
  :class:`~.models.Booking` rows, rewritten here on every change; the same staff member or resource
  cannot hold two overlapping rows. The service looks first (a 409 naming the clashing appointment)
  and the database's exclusion constraint settles races: of two simultaneous requests one waits
  for the other's commit and then fails, and that failure becomes the same named 409;
- a Gerente or Administrador may book over another appointment on purpose (``overbooked``): who did
  it is recorded and the appointment's rows stay outside the constraint (later bookings still see
  them); anybody else asking for it gets a 403;
- what an appointment is about (an order, a contract) is a link (``fotostudio.core.links``), checked
  by :func:`~fotostudio.core.links.link_resolve`; only the keys in :data:`APPOINTMENT_LINK_KEYS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fotostudio.core import links
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.links import LinkRef
from fotostudio.core.services import editable_fields, model_update, only_fields
from fotostudio.users.roles import Role

from .models import FIRST_YEAR, LAST_YEAR, Appointment, AppointmentType, Booking, Resource, holder_key


class AppointmentErrorCode(StrEnum):
    INVALID = "appointment_invalid"
    DOUBLE_BOOKED = "appointment_double_booked"
    OVERBOOK_FORBIDDEN = "appointment_overbook_forbidden"
    LINK_NOT_ALLOWED = "appointment_link_not_allowed"


class ResourceErrorCode(StrEnum):
    INVALID = "resource_invalid"
    DUPLICATE = "resource_duplicate"
    IN_USE = "resource_in_use"


#: What an appointment may be about: an order (``pedido``) or a school contract (``contrato``). Their modules
#: register the keys; until a business has them they are a 400 «not available».
APPOINTMENT_LINK_KEYS = ("pedido", "contrato")
#: The roles that may book over another appointment.
OVERBOOKING_ROLES = (Role.ADMINISTRATOR, Role.MANAGER)

#: Fields a caller may set (``staff``, a many-to-many, is set through ``data`` too).
APPOINTMENT_EDITABLE_FIELDS = editable_fields(Appointment)
RESOURCE_EDITABLE_FIELDS = editable_fields(Resource)
#: An appointment's longest length (a typo must not hold someone for years).
MAX_LENGTH = timedelta(days=7)
#: What decides which bookings an appointment holds.
BOOKING_FIELDS = ("starts_at", "ends_at", "resource_id", "status")
#: ``link`` left out of an update: the appointment keeps what it is about.
UNCHANGED = object()


# --- Validation -------------------------------------------------------------------------------------


def may_overbook(user) -> bool:
    """Gerente, Administrador (and the platform's superusers) may book over another appointment."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[str(role) for role in OVERBOOKING_ROLES]).exists()


def appointment_validation_errors(
    appointment: Appointment, staff: Iterable[Any] | None, *, check_resource: bool = True
) -> dict[str, list[str]]:
    """Normalise ``appointment`` in place and return its errors by model field (empty when valid).

    ``staff``: the users being assigned (they must be active); ``check_resource``: the resource is being
    chosen (it must be active). What an appointment already holds may have been deactivated since."""
    appointment.title = " ".join((appointment.title or "").split())
    for field in ("starts_at", "ends_at"):  # the agenda counts minutes
        value = getattr(appointment, field)
        if isinstance(value, datetime):
            setattr(appointment, field, value.replace(second=0, microsecond=0))
    appointment.place = " ".join((appointment.place or "").split())
    appointment.notes = (appointment.notes or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        appointment.full_clean(
            exclude=["created_by", "overbooked_by", "link_type"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    for field in ("starts_at", "ends_at"):
        value = getattr(appointment, field)
        if isinstance(value, datetime) and not FIRST_YEAR <= value.year <= LAST_YEAR:
            errors.setdefault(field, []).append(
                _("La fecha debe estar entre los años %(first)d y %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
    times_valid = "starts_at" not in errors and "ends_at" not in errors
    if times_valid and appointment.starts_at and appointment.ends_at:
        if appointment.ends_at <= appointment.starts_at:
            errors.setdefault("ends_at", []).append(_("El fin debe ser posterior al inicio."))
        elif appointment.ends_at - appointment.starts_at > MAX_LENGTH:
            errors.setdefault("ends_at", []).append(
                _("Una cita dura como mucho %(days)d días.") % {"days": MAX_LENGTH.days}
            )
    if (
        "client" not in errors
        and appointment.client_id
        and appointment.appointment_type == AppointmentType.SCHOOL_SHOOT
    ):
        if not appointment.client.is_school:
            errors["client"] = [_("Una sesión en colegio es con un colegio, no con un cliente particular.")]
    if check_resource and "resource" not in errors and appointment.resource_id and not appointment.resource.is_active:
        errors["resource"] = [_("«%(name)s» no está activo: no se puede reservar.") % {"name": appointment.resource}]
    inactive = [str(user) for user in staff or () if not user.is_active]
    if inactive:
        errors["staff"] = [_("No están activos: %(names)s.") % {"names": ", ".join(inactive)}]
    return errors


def _raise_if_invalid(appointment: Appointment, staff, *, check_resource: bool = True) -> None:
    errors = appointment_validation_errors(appointment, staff, check_resource=check_resource)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=AppointmentErrorCode.INVALID, errors=errors)


def _resolve_link(link: LinkRef | None, acting_user) -> Any:
    if link is not None and link.key not in APPOINTMENT_LINK_KEYS:
        message = _("Una cita se vincula a un pedido o a un contrato, no a «%(key)s».") % {"key": link.key}
        raise ApplicationError(message, code=AppointmentErrorCode.LINK_NOT_ALLOWED, errors={link.key: [message]})
    return links.link_resolve(link, acting_user=acting_user if getattr(acting_user, "pk", None) else None)


def _check_overbooking(appointment: Appointment, was_overbooked: bool, acting_user, *, moved: bool = False) -> None:
    """Booking over another appointment needs a Gerente or Administrador, who is recorded. An overbooked
    appointment that someone else moves (time, staff, resource, status) loses the permission: it is then
    checked like any other."""
    if not appointment.overbooked:
        appointment.overbooked_by = None
        return
    if was_overbooked and not moved:
        return
    if may_overbook(acting_user):
        appointment.overbooked_by = acting_user if getattr(acting_user, "pk", None) else None
        return
    if was_overbooked:
        appointment.overbooked, appointment.overbooked_by = False, None
        return
    message = _("Solo un gerente o un administrador puede reservar sobre otra cita.")
    raise ApplicationError(
        message, code=AppointmentErrorCode.OVERBOOK_FORBIDDEN, status=403, errors={"overbooked": [message]}
    )


# --- Bookings: no double booking -------------------------------------------------------------------


def _local(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _clash_error(clash: Booking) -> ConflictError:
    other = clash.appointment
    held = clash.staff if clash.staff_id else clash.resource
    message = _(
        "%(holder)s ya tiene la cita «%(title)s» de %(start)s a %(end)s. Elija otra hora, otro personal u otro recurso."
    ) % {"holder": held, "title": other.title, "start": _local(other.starts_at), "end": _local(other.ends_at)}
    field = "staff" if clash.staff_id else "resource"
    return ConflictError(
        message,
        code=AppointmentErrorCode.DOUBLE_BOOKED,
        errors={field: [message]},
        extra={
            "cita_en_conflicto": {
                "id": str(other.pk),
                "titulo": other.title,
                "inicio": timezone.localtime(other.starts_at).isoformat(),
                "fin": timezone.localtime(other.ends_at).isoformat(),
            }
        },
    )


def booking_clash(
    *, appointment: Appointment, staff: Iterable[Any], resource: Resource | None = None
) -> Booking | None:
    """The first booking of another appointment that holds one of ``staff`` or ``resource`` during
    ``appointment``'s time (cancelled appointments hold nothing), or ``None``."""
    staff_ids = [user.pk for user in staff]
    holders = Q(staff_id__in=staff_ids) if staff_ids else Q(pk__in=[])
    if resource is not None:
        holders |= Q(resource_id=resource.pk)
    return (
        Booking.objects.filter(holders, starts_at__lt=appointment.ends_at, ends_at__gt=appointment.starts_at)
        .exclude(appointment_id=appointment.pk)
        .select_related("appointment", "staff", "resource")
        .order_by("starts_at", "id")
        .first()
    )


def _book(appointment: Appointment, staff: list[Any]) -> None:
    """Rewrite ``appointment``'s booking rows; a clash is a 409 naming the appointment it clashes with."""
    Booking.objects.filter(appointment=appointment).delete()
    if not appointment.holds_bookings:
        return
    common = {
        "appointment": appointment,
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "overbooked": appointment.overbooked,
    }
    rows = []
    for user in staff:
        high, low = holder_key(user.pk)
        rows.append(Booking(staff=user, holder_high=high, holder_low=low, **common))
    if appointment.resource_id:
        high, low = holder_key(appointment.resource_id)
        rows.append(Booking(resource=appointment.resource, holder_high=high, holder_low=low, **common))
    if not rows:
        return
    if not appointment.overbooked:
        clash = booking_clash(appointment=appointment, staff=staff, resource=appointment.resource)
        if clash is not None:
            raise _clash_error(clash)
    try:
        with transaction.atomic():
            Booking.objects.bulk_create(rows)
    except IntegrityError:
        # Another request booked the same staff or resource and committed while we waited on the constraint.
        clash = booking_clash(appointment=appointment, staff=staff, resource=appointment.resource)
        if clash is None:
            raise
        raise _clash_error(clash) from None


# --- Appointments ----------------------------------------------------------------------------------


def _split(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[Any] | None]:
    values = dict(data)
    staff = values.pop("staff", None)
    return values, (list(staff) if staff is not None else None)


@transaction.atomic
def appointment_create(*, data: Mapping[str, Any], link: LinkRef | None = None, acting_user=None) -> Appointment:
    """Book an appointment from ``data`` (model fields, ``staff`` a list of users); ``link``: the order or contract."""
    values, staff = _split(data)
    staff = staff or []
    appointment = Appointment(
        **only_fields(values, APPOINTMENT_EDITABLE_FIELDS),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    links.link_set(appointment, _resolve_link(link, acting_user))
    _raise_if_invalid(appointment, staff)
    _check_overbooking(appointment, False, acting_user)
    appointment.save(force_insert=True)
    appointment.staff.set(staff)
    _book(appointment, staff)
    return appointment


@transaction.atomic
def appointment_update(
    *, appointment: Appointment, data: Mapping[str, Any], link: Any = UNCHANGED, acting_user=None
) -> Appointment:
    """Change the fields in ``data`` (``staff`` replaces the whole team); the bookings follow."""
    # One change of an appointment at a time: two edits of the same one cannot interleave their bookings.
    Appointment.objects.select_for_update().filter(pk=appointment.pk).values_list("pk", flat=True).first()
    values, staff = _split(data)
    current_staff = staff if staff is not None else list(appointment.staff.all())
    was_overbooked = appointment.overbooked
    before = {field: getattr(appointment, field) for field in BOOKING_FIELDS}
    team_before = {user.pk for user in appointment.staff.all()} if staff is not None else None

    def clean(row: Appointment) -> None:
        if link is not UNCHANGED:
            links.link_set(row, _resolve_link(link, acting_user))
        joining = [user for user in current_staff if team_before is not None and user.pk not in team_before]
        _raise_if_invalid(row, joining, check_resource=row.resource_id != before["resource_id"])
        moved = any(getattr(row, field) != value for field, value in before.items())
        moved = moved or (team_before is not None and team_before != {user.pk for user in current_staff})
        _check_overbooking(row, was_overbooked, acting_user, moved=moved)

    fields = (*APPOINTMENT_EDITABLE_FIELDS, "link_type", "link_id", "overbooked_by")
    model_update(instance=appointment, fields=fields, data=values, clean=clean)
    if staff is not None:
        appointment.staff.set(staff)
    _book(appointment, current_staff)
    return appointment


@transaction.atomic
def appointment_delete(*, appointment: Appointment, acting_user=None) -> None:
    """Delete an appointment (its bookings go with it). Cancelling keeps it in the history instead."""
    appointment.delete()


# --- Resources -----------------------------------------------------------------------------------------


def _resource_errors(resource: Resource) -> dict[str, list[str]]:
    resource.name = " ".join((resource.name or "").split())
    resource.description = (resource.description or "").strip()
    try:
        resource.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {}


def _check_resource(resource: Resource) -> None:
    errors = _resource_errors(resource)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=ResourceErrorCode.INVALID, errors=errors)
    existing = Resource.objects.filter(name__iexact=resource.name).exclude(pk=resource.pk).first()
    if existing is not None:
        message = _("Ya existe el recurso «%(name)s».") % {"name": existing.name}
        raise ConflictError(message, code=ResourceErrorCode.DUPLICATE, errors={"name": [message]})


@transaction.atomic
def resource_create(*, data: Mapping[str, Any], acting_user=None) -> Resource:
    resource = Resource(**only_fields(data, RESOURCE_EDITABLE_FIELDS))
    _check_resource(resource)
    try:
        with transaction.atomic():
            resource.save(force_insert=True)
    except IntegrityError:
        _check_resource(resource)  # a concurrent request took the name: a named 409
        raise
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, data: Mapping[str, Any], acting_user=None) -> Resource:
    model_update(instance=resource, fields=RESOURCE_EDITABLE_FIELDS, data=data, clean=_check_resource)
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, acting_user=None) -> None:
    """A resource some appointment reserved cannot be deleted (deactivate it instead)."""
    try:
        with transaction.atomic():
            resource.delete()
    except ProtectedError as exc:
        count = len(exc.protected_objects)
        raise ConflictError(
            _("«%(name)s» está reservado en %(count)d citas: desactívelo en lugar de eliminarlo.")
            % {"name": resource.name, "count": count},
            code=ResourceErrorCode.IN_USE,
        ) from exc
