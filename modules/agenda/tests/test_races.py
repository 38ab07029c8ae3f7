"""Races with real concurrent transactions (threads with their own connections, started together)."""

import pytest
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import first_admin, host_of
from fotostudio.users.tokens import tokens_for_user
from modules.agenda.models import Appointment, Resource
from modules.agenda.tests.factories import ResourceFactory

LIST = "/api/v1/appointments/"


def _client(tenant, token):
    api = APIClient(HTTP_HOST=host_of(tenant))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


@pytest.mark.parametrize("count", [2, 6])
def test_simultaneous_overlapping_bookings_of_one_photographer_make_one_appointment(count, concurrently, tenant_a):
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
    concurrently.cleanup(tenant_a, lambda: Appointment.objects.filter(title__startswith="Carrera").delete())

    def book(index: int):
        # Every attempt overlaps every other one (different starts, the same photographer).
        start = f"2026-12-10T10:{index:02d}:00-05:00"
        return _client(tenant_a, token).post(
            LIST,
            {
                "titulo": f"Carrera {index}",
                "inicio": start,
                "fin": "2026-12-10T11:30:00-05:00",
                "personal": [str(admin.pk)],
            },
            format="json",
        )

    responses = concurrently.run(count, book, tenant=tenant_a)
    statuses = sorted(getattr(response, "status_code", repr(response)) for response in responses)
    assert statuses == [201] + [409] * (count - 1), statuses
    (winner,) = [response.json() for response in responses if response.status_code == 201]
    for loser in (response.json() for response in responses if response.status_code == 409):
        assert loser["code"] == "appointment_double_booked"
        assert loser["cita_en_conflicto"]["id"] == winner["id"]
    with schema_context(tenant_a.schema_name):
        assert Appointment.objects.filter(title__startswith="Carrera").count() == 1


def test_two_simultaneous_bookings_of_one_room_make_one_appointment(concurrently, tenant_a):
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
    room = concurrently.once(lambda: ResourceFactory(name="Sala de carreras"), tenant=tenant_a)
    concurrently.cleanup(tenant_a, lambda: Resource.objects.filter(name="Sala de carreras").delete())
    concurrently.cleanup(tenant_a, lambda: Appointment.objects.filter(title__startswith="Sala").delete())

    def book(index: int):
        return _client(tenant_a, token).post(
            LIST,
            {
                "titulo": f"Sala {index}",
                "inicio": "2026-12-11T09:00:00-05:00",
                "fin": "2026-12-11T10:00:00-05:00",
                "recurso": str(room.pk),
            },
            format="json",
        )

    statuses = sorted(response.status_code for response in concurrently.run(2, book, tenant=tenant_a))
    assert statuses == [201, 409]
