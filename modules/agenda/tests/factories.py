"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

import factory

from modules.agenda.models import Appointment
from tests.factories import registered


@registered
class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    name = factory.Sequence(lambda n: f"cita {n}")
