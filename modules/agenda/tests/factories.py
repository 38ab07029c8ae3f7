"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

from datetime import timedelta

import factory
from django.utils import timezone

from modules.agenda.models import Appointment, AppointmentStaff, AppointmentType, Booking, Resource, ResourceKind
from tests.factories import register_factory, registered


@registered
class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    name = factory.Sequence(lambda n: f"Sala {n}")
    kind = ResourceKind.ROOM


@registered
class AppointmentFactory(factory.django.DjangoModelFactory):
    """An appointment with nobody and nothing booked (each one an hour, a day after the previous one)."""

    class Meta:
        model = Appointment

    appointment_type = AppointmentType.PHOTO_SESSION
    title = factory.Sequence(lambda n: f"Cita {n}")
    starts_at = factory.Sequence(lambda n: timezone.now().replace(microsecond=0) + timedelta(days=n + 1))
    ends_at = factory.LazyAttribute(lambda row: row.starts_at + timedelta(hours=1))


def make_booking() -> Booking:
    """A resource booked by an appointment, through the service (booking rows are the service's)."""
    from modules.agenda.services import appointment_create

    resource = ResourceFactory()
    start = timezone.now().replace(microsecond=0) + timedelta(days=400)
    appointment = appointment_create(
        data={"title": "Reserva", "starts_at": start, "ends_at": start + timedelta(hours=1), "resource": resource}
    )
    return appointment.bookings.get()


register_factory(Booking, make_booking)


def make_assignment() -> AppointmentStaff:
    """A staff member assigned to an appointment (the first administrator, on a new appointment)."""
    from django.contrib.auth import get_user_model

    appointment = AppointmentFactory()
    user = get_user_model().objects.order_by("date_joined").first()
    return AppointmentStaff.objects.create(appointment=appointment, user=user)


register_factory(AppointmentStaff, make_assignment)
