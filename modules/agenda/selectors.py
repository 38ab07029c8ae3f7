"""Every read of the agenda: the API, the admin, the calendar, the dashboard and the exports use these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError

from .filters import AppointmentFilter
from .models import FIRST_YEAR, LAST_YEAR, Appointment, AppointmentStatus, Resource

#: The longest span the calendar answers at once.
CALENDAR_MAX_DAYS = 92


def _staff_prefetch() -> Prefetch:
    return Prefetch("staff", queryset=get_user_model().objects.order_by("full_name", "username", "id"))


def appointment_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Appointment]:
    """Appointments with their client, resource, author, link and staff (one query for all the staff)."""
    queryset = (
        Appointment.objects.select_related("client", "resource", "created_by", "overbooked_by", "link_type")
        .prefetch_related(_staff_prefetch())
        .order_by("starts_at", "id")
    )
    if filters is None:
        return queryset
    filterset = AppointmentFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs


def appointment_get(*, appointment_id) -> Appointment | None:
    return appointment_list().filter(pk=appointment_id).first()


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of ``first`` to the end of ``last`` in the business's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def calendar_span_error(first: date, last: date) -> ApplicationError | None:
    for key, day in (("desde", first), ("hasta", last)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            message = _("La fecha debe estar entre los años %(first)d y %(last)d.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
            return ApplicationError(message, errors={key: [message]})
    if last < first:
        message = _("«hasta» no puede ser anterior a «desde».")
        return ApplicationError(message, errors={"hasta": [message]})
    if (last - first).days + 1 > CALENDAR_MAX_DAYS:
        message = _("El calendario abarca como mucho %(days)d días.") % {"days": CALENDAR_MAX_DAYS}
        return ApplicationError(message, errors={"hasta": [message]})
    return None


def appointments_between(first: date, last: date, *, queryset: QuerySet[Appointment] | None = None):
    """Appointments that overlap the days ``first``…``last`` (local), in order of start."""
    error = calendar_span_error(first, last)
    if error is not None:
        raise error
    start, end = day_bounds(first, last)
    queryset = appointment_list() if queryset is None else queryset
    return queryset.filter(starts_at__lt=end, ends_at__gt=start)


def upcoming_appointments(*, days: int = 2) -> list[Appointment]:
    """Today's and the next days' appointments that are not cancelled (the dashboard): two queries."""
    today = timezone.localdate()
    start, end = day_bounds(today, today + timedelta(days=days - 1))
    return list(
        appointment_list().filter(starts_at__lt=end, ends_at__gt=start).exclude(status=AppointmentStatus.CANCELLED)
    )


def resource_list() -> QuerySet[Resource]:
    from fotostudio.core.models import natural_order

    return Resource.objects.order_by(*natural_order(Resource, "name", "id"))


def staff_choices():
    """Active users, by name: who can be booked (the calendar's filter)."""
    return get_user_model().objects.filter(is_active=True).order_by("full_name", "username", "id")
