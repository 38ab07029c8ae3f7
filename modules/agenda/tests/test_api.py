"""The appointments API: booking, double booking, the calendar, errors, isolation and roles."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role, roles_for
from modules.agenda.models import Appointment, AppointmentStatus, Booking
from tenants.choices import BusinessType

LIST = "/api/v1/appointments/"
CALENDAR = f"{LIST}calendar/"


def detail(appointment_id) -> str:
    return f"{LIST}{appointment_id}/"


def booking(**fields) -> dict:
    return {
        "tipo": "sesion_fotos",
        "titulo": "Sesión familiar",
        "inicio": "2026-12-05T10:00:00-05:00",
        "fin": "2026-12-05T11:00:00-05:00",
        **fields,
    }


# --- Booking and reading ------------------------------------------------------------------------------


def test_an_appointment_is_booked_and_read_back_with_times_in_the_businesss_zone(
    api_client, tenant_a, admin_a, photographer_a, resource_in, client_in
):
    room = resource_in(tenant_a, name="Estudio principal")
    customer = client_in(tenant_a, name="Ana Pérez")
    api = api_client(tenant_a, admin_a)
    sent = booking(
        titulo="  Sesión   familiar Pérez ",
        inicio="2026-12-05T15:00:00Z",
        fin="2026-12-05T16:30:00Z",
        cliente=str(customer.pk),
        personal=[str(photographer_a.pk)],
        recurso=str(room.pk),
        lugar="Estudio",
    )
    created = api.post(LIST, sent, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["titulo"] == "Sesión familiar Pérez"
    assert (body["inicio"], body["fin"]) == ("2026-12-05T10:00:00-05:00", "2026-12-05T11:30:00-05:00")
    assert (body["estado"], body["cliente_nombre"], body["recurso_nombre"]) == ("PROGRAMADA", "Ana Pérez", room.name)
    assert body["personal"] == [str(photographer_a.pk)]
    assert body["personal_detalle"][0]["nombre_completo"] == "Ana Fotógrafa"
    assert body["creado_por"]["username"] == admin_a.username
    assert (body["reservada_sobre_otra"], body["reservada_sobre_otra_por"]) == (False, None)
    assert body["pedido"] is None and body["contrato"] is None and "cliente" in body
    assert api.get(detail(body["id"])).json() == body
    with schema_context(tenant_a.schema_name):
        assert Booking.objects.filter(appointment_id=body["id"]).count() == 2  # the photographer and the room


def test_times_are_kept_to_the_minute(api_client, tenant_a, admin_a):
    body = api_client(tenant_a, admin_a).post(
        LIST, booking(inicio="2026-12-05T09:00:42.5-05:00", fin="2026-12-05T10:00:59-05:00"), format="json"
    )
    assert (body.json()["inicio"], body.json()["fin"]) == ("2026-12-05T09:00:00-05:00", "2026-12-05T10:00:00-05:00")


def test_a_time_without_offset_is_the_businesss_local_time(api_client, tenant_a, admin_a):
    body = api_client(tenant_a, admin_a).post(
        LIST, booking(inicio="2026-12-05T09:00:00", fin="2026-12-05T10:00:00"), format="json"
    )
    assert body.json()["inicio"] == "2026-12-05T09:00:00-05:00"


def test_an_update_changes_the_fields_sent_and_moves_the_bookings(api_client, tenant_a, admin_a, photographer_a):
    api = api_client(tenant_a, admin_a)
    body = api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json").json()
    moved = api.patch(
        detail(body["id"]),
        {"inicio": "2026-12-06T10:00:00-05:00", "fin": "2026-12-06T12:00:00-05:00", "estado": "CONFIRMADA"},
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["estado"], moved.json()["personal"]) == ("CONFIRMADA", [str(photographer_a.pk)])
    with schema_context(tenant_a.schema_name):
        (row,) = Booking.objects.filter(appointment_id=body["id"])
        assert (row.staff_id, row.starts_at.isoformat()) == (photographer_a.pk, "2026-12-06T15:00:00+00:00")
    put = api.put(detail(body["id"]), booking(titulo="Otra", personal=[]), format="json")
    assert put.status_code == 200 and put.json()["personal"] == []
    with schema_context(tenant_a.schema_name):
        assert not Booking.objects.filter(appointment_id=body["id"]).exists()


def test_deleting_an_appointment_frees_its_staff(api_client, tenant_a, admin_a, photographer_a):
    api = api_client(tenant_a, admin_a)
    first = api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json").json()
    assert api.delete(detail(first["id"])).status_code == 204
    assert api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json").status_code == 201
    assert api.get(detail(first["id"])).status_code == 404


def test_every_change_is_in_the_audit_trail(api_client, tenant_a, admin_a):
    api = api_client(tenant_a, admin_a)
    body = api.post(LIST, booking(), format="json").json()
    api.patch(detail(body["id"]), {"estado": "CANCELADA"}, format="json")
    trail = api.get("/api/v1/audit/model/agenda.appointment/").json()["results"]
    # Only this appointment's events: committed race tests leave theirs in the day's trail.
    assert [event["accion"] for event in trail if event["registro_id"] == body["id"]] == ["actualizar", "crear"]


def test_who_assigned_and_removed_whom_is_in_the_audit_trail(api_client, tenant_a, admin_a, photographer_a):
    api = api_client(tenant_a, admin_a)
    body = api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json").json()
    api.patch(detail(body["id"]), {"personal": []}, format="json")
    trail = api.get("/api/v1/audit/model/agenda.appointmentstaff/").json()["results"]
    assert [(event["accion"], event["usuario"]["username"]) for event in trail[:2]] == [
        ("eliminar", admin_a.username),
        ("crear", admin_a.username),
    ]


# --- No double booking -----------------------------------------------------------------------------------


def test_the_same_photographer_cannot_hold_two_overlapping_appointments(api_client, tenant_a, admin_a, photographer_a):
    api = api_client(tenant_a, admin_a)
    first = api.post(LIST, booking(titulo="Boda Cevallos", personal=[str(photographer_a.pk)]), format="json").json()
    clash = api.post(
        LIST,
        booking(inicio="2026-12-05T10:30:00-05:00", fin="2026-12-05T12:00:00-05:00", personal=[str(photographer_a.pk)]),
        format="json",
    )
    assert clash.status_code == 409
    body = clash.json()
    assert body["code"] == "appointment_double_booked"
    assert "Boda Cevallos" in body["detail"] and "Ana Fotógrafa" in body["detail"]
    assert body["cita_en_conflicto"] == {
        "id": first["id"],
        "titulo": "Boda Cevallos",
        "inicio": "2026-12-05T10:00:00-05:00",
        "fin": "2026-12-05T11:00:00-05:00",
    }
    assert "personal" in body["errors"]
    with schema_context(tenant_a.schema_name):
        assert Appointment.objects.count() == 1  # nothing of the refused one stays


def test_the_same_resource_cannot_be_booked_twice_at_once(api_client, tenant_a, admin_a, resource_in):
    room = resource_in(tenant_a)
    api = api_client(tenant_a, admin_a)
    assert api.post(LIST, booking(recurso=str(room.pk)), format="json").status_code == 201
    clash = api.post(LIST, booking(recurso=str(room.pk)), format="json")
    assert clash.status_code == 409 and "recurso" in clash.json()["errors"]


def test_back_to_back_appointments_and_other_people_do_not_clash(
    api_client, tenant_a, admin_a, photographer_a, make_user
):
    other = make_user(tenant_a, Role.PHOTOGRAPHER)
    api = api_client(tenant_a, admin_a)
    assert api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json").status_code == 201
    after = booking(
        inicio="2026-12-05T11:00:00-05:00", fin="2026-12-05T12:00:00-05:00", personal=[str(photographer_a.pk)]
    )
    assert api.post(LIST, after, format="json").status_code == 201
    assert api.post(LIST, booking(personal=[str(other.pk)]), format="json").status_code == 201


def test_a_cancelled_appointment_frees_its_time_and_cannot_come_back_over_another(
    api_client, tenant_a, admin_a, photographer_a
):
    api = api_client(tenant_a, admin_a)
    first = api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json").json()
    assert api.patch(detail(first["id"]), {"estado": "CANCELADA"}, format="json").status_code == 200
    assert api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json").status_code == 201
    back = api.patch(detail(first["id"]), {"estado": "PROGRAMADA"}, format="json")
    assert back.status_code == 409 and back.json()["code"] == "appointment_double_booked"
    assert api.get(detail(first["id"])).json()["estado"] == "CANCELADA"


def test_moving_an_appointment_onto_another_is_refused(api_client, tenant_a, admin_a, photographer_a):
    api = api_client(tenant_a, admin_a)
    api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json")
    later = api.post(
        LIST,
        booking(inicio="2026-12-05T14:00:00-05:00", fin="2026-12-05T15:00:00-05:00", personal=[str(photographer_a.pk)]),
        format="json",
    ).json()
    moved = api.patch(detail(later["id"]), {"inicio": "2026-12-05T10:30:00-05:00"}, format="json")
    assert moved.status_code == 409
    assert api.get(detail(later["id"])).json()["inicio"] == "2026-12-05T14:00:00-05:00"


def test_the_database_itself_refuses_overlapping_bookings(tenant_a, photographer_a):
    """Not only the service: the exclusion constraint refuses rows written behind its back."""
    from datetime import datetime, timedelta

    from django.db import IntegrityError, transaction

    from modules.agenda.models import holder_key

    with schema_context(tenant_a.schema_name):
        start = datetime(2026, 12, 5, 15, tzinfo=UTC)
        first = Appointment.objects.create(title="A", starts_at=start, ends_at=start + timedelta(hours=1))
        second = Appointment.objects.create(title="B", starts_at=start, ends_at=start + timedelta(hours=1))
        high, low = holder_key(photographer_a.pk)
        common = {"staff": photographer_a, "holder_high": high, "holder_low": low}
        Booking.objects.create(appointment=first, starts_at=start, ends_at=start + timedelta(hours=1), **common)
        with pytest.raises(IntegrityError), transaction.atomic():
            Booking.objects.create(
                appointment=second,
                starts_at=start + timedelta(minutes=59),
                ends_at=start + timedelta(hours=2),
                **common,
            )
        # Touching ends do not overlap ('[)' ranges), and overbooked rows are outside the constraint.
        Booking.objects.create(
            appointment=second, starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=2), **common
        )
        Booking.objects.create(
            appointment=second, starts_at=start, ends_at=start + timedelta(hours=1), overbooked=True, **common
        )


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_a_manager_may_book_over_another_appointment_and_it_is_recorded(
    role, api_client, tenant_a, make_user, photographer_a
):
    boss = make_user(tenant_a, role)
    api = api_client(tenant_a, boss)
    api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json")
    forced = api.post(LIST, booking(personal=[str(photographer_a.pk)], reservada_sobre_otra=True), format="json")
    assert forced.status_code == 201, forced.json()
    assert forced.json()["reservada_sobre_otra"] is True
    assert forced.json()["reservada_sobre_otra_por"]["username"] == boss.username
    # The forced appointment still holds its photographer: a normal booking over it is refused.
    third = api.post(LIST, booking(titulo="Tercera", personal=[str(photographer_a.pk)]), format="json")
    assert third.status_code == 409


def test_other_roles_may_not_book_over_another_appointment(api_client, tenant_a, sales_a, photographer_a):
    api = api_client(tenant_a, sales_a)
    api.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json")
    refused = api.post(LIST, booking(personal=[str(photographer_a.pk)], reservada_sobre_otra=True), format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "appointment_overbook_forbidden"


def test_an_overbooked_appointment_moved_by_someone_else_is_checked_again(
    api_client, tenant_a, manager_a, sales_a, photographer_a
):
    boss, desk = api_client(tenant_a, manager_a), api_client(tenant_a, sales_a)
    desk.post(LIST, booking(personal=[str(photographer_a.pk)]), format="json")
    forced = boss.post(
        LIST, booking(personal=[str(photographer_a.pk)], reservada_sobre_otra=True), format="json"
    ).json()
    noted = desk.patch(detail(forced["id"]), {"notas": "Llamar antes"}, format="json")
    assert noted.status_code == 200 and noted.json()["reservada_sobre_otra"] is True  # not moved: it stays
    onto = desk.patch(detail(forced["id"]), {"fin": "2026-12-05T11:30:00-05:00"}, format="json")
    assert onto.status_code == 409  # still over the other one, and the desk may not overbook
    away = desk.patch(
        detail(forced["id"]), {"inicio": "2026-12-05T15:00:00-05:00", "fin": "2026-12-05T16:00:00-05:00"}, format="json"
    )
    assert away.status_code == 200
    assert (away.json()["reservada_sobre_otra"], away.json()["reservada_sobre_otra_por"]) == (False, None)


# --- Validation: 400s ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"fin": "2026-12-05T09:00:00-05:00"}, "fin"),
        ({"fin": "2026-12-05T10:00:00-05:00"}, "fin"),
        ({"titulo": "   "}, "titulo"),
        ({"tipo": "fiesta"}, "tipo"),
        ({"estado": "PERDIDA"}, "estado"),
        ({"inicio": "mañana"}, "inicio"),
        ({"personal": ["00000000-0000-0000-0000-000000000000"]}, "personal"),
        ({"recurso": "00000000-0000-0000-0000-000000000000"}, "recurso"),
        ({"inicio": "1066-03-21T10:00:00-05:00"}, "inicio"),
        ({"fin": "2126-12-05T11:00:00-05:00"}, "fin"),
        ({"fin": "2026-12-12T10:01:00-05:00"}, "fin"),  # a week is the longest
    ],
)
def test_bad_input_is_a_400_naming_the_field(fields, key, api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(LIST, booking(**fields), format="json")
    assert response.status_code == 400, response.json()
    assert key in response.json()["errors"]


@pytest.mark.parametrize("body", [False, [], "texto", 3])
def test_a_body_that_is_not_an_object_is_a_400(body, api_client, tenant_a, admin_a, appointment_in):
    api = api_client(tenant_a, admin_a)
    assert api.post(LIST, body, format="json").status_code == 400
    assert api.patch(detail(appointment_in(tenant_a).pk), body, format="json").status_code == 400


def test_a_school_shoot_is_with_a_school(api_client, tenant_a, admin_a, client_in, school_in):
    api = api_client(tenant_a, admin_a)
    person = client_in(tenant_a)
    refused = api.post(LIST, booking(tipo="sesion_colegio", cliente=str(person.pk)), format="json")
    assert refused.status_code == 400 and "cliente" in refused.json()["errors"]
    school = school_in(tenant_a)
    assert api.post(LIST, booking(tipo="sesion_colegio", cliente=str(school.pk)), format="json").status_code == 201


def test_an_inactive_resource_or_user_cannot_be_booked(api_client, tenant_a, admin_a, resource_in, make_user):
    api = api_client(tenant_a, admin_a)
    retired = resource_in(tenant_a, is_active=False)
    assert "recurso" in api.post(LIST, booking(recurso=str(retired.pk)), format="json").json()["errors"]
    gone = make_user(tenant_a, Role.PHOTOGRAPHER, is_active=False)
    assert "personal" in api.post(LIST, booking(personal=[str(gone.pk)]), format="json").json()["errors"]


def test_an_appointment_keeps_a_resource_or_person_deactivated_since(
    api_client, tenant_a, admin_a, photographer_a, resource_in
):
    room = resource_in(tenant_a)
    api = api_client(tenant_a, admin_a)
    body = api.post(LIST, booking(recurso=str(room.pk), personal=[str(photographer_a.pk)]), format="json").json()
    with schema_context(tenant_a.schema_name):
        room.is_active = False
        room.save()
        photographer_a.is_active = False
        photographer_a.save()
    noted = api.patch(
        detail(body["id"]), {"notas": "Sigue en pie", "personal": [str(photographer_a.pk)]}, format="json"
    )
    assert noted.status_code == 200, noted.json()


@pytest.mark.parametrize("key", ["pedido", "contrato"])
def test_an_order_or_contract_that_does_not_exist_is_a_400_naming_the_key(key, api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(
        LIST, booking(**{key: "0b7c6f1e-2d0a-4c11-9a57-3f0d7b1e2a10"}), format="json"
    )
    assert response.status_code == 400
    assert key in response.json()["errors"]


def test_another_kind_of_link_is_not_an_appointments(api_client, tenant_a, admin_a, client_in):
    """``cliente`` is the appointment's own client (a foreign key), not a link: it is read as such."""
    person = client_in(tenant_a)
    body = api_client(tenant_a, admin_a).post(LIST, booking(cliente=str(person.pk)), format="json").json()
    assert body["cliente"] == str(person.pk)


@pytest.fixture
def order_in(db):
    """``order_in(tenant)``: a customer order of the orders module, written directly."""
    from modules.orders.tests.factories import OrderFactory

    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return OrderFactory(**fields)

    return make


def test_an_appointment_is_about_an_order_of_the_business(order_in, api_client, tenant_a, admin_a):
    order = order_in(tenant_a)
    api = api_client(tenant_a, admin_a)
    created = api.post(LIST, booking(tipo="entrega", pedido=str(order.pk)), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["pedido"] == str(order.pk)
    assert api.patch(detail(body["id"]), {"notas": "Sin cambio de vínculo"}, format="json").json()["pedido"] == str(
        order.pk
    )
    assert api.get(LIST).json()["results"][0]["pedido"] == str(order.pk)
    missing = api.post(LIST, booking(pedido="0b7c6f1e-2d0a-4c11-9a57-3f0d7b1e2a10"), format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "link_not_found"
    both = api.post(LIST, booking(pedido=str(order.pk), contrato=str(order.pk)), format="json")
    assert both.status_code == 400 and "contrato" in both.json()["errors"]
    unlinked = api.patch(detail(body["id"]), {"pedido": None}, format="json")
    assert unlinked.status_code == 200 and unlinked.json()["pedido"] is None


def test_a_linked_order_cannot_be_deleted(order_in, tenant_a, admin_a, api_client):
    from django.db.models import ProtectedError

    order = order_in(tenant_a)
    api_client(tenant_a, admin_a).post(LIST, booking(pedido=str(order.pk)), format="json")
    with schema_context(tenant_a.schema_name), pytest.raises(ProtectedError):
        order.delete()


def test_a_client_with_appointments_cannot_be_deleted(api_client, tenant_a, admin_a, client_in):
    person = client_in(tenant_a, name="Con cita")
    api = api_client(tenant_a, admin_a)
    api.post(LIST, booking(cliente=str(person.pk)), format="json")
    refused = api.delete(f"/api/v1/clients/{person.pk}/")
    assert refused.status_code == 409 and refused.json()["code"] == "client_in_use"


# --- The list and its filters -----------------------------------------------------------------------------


def test_the_list_filters_by_staff_status_type_and_days(api_client, tenant_a, admin_a, photographer_a):
    api = api_client(tenant_a, admin_a)
    mine = api.post(LIST, booking(titulo="Mía", personal=[str(photographer_a.pk)]), format="json").json()
    api.post(
        LIST,
        booking(titulo="Entrega", tipo="entrega", inicio="2026-12-07T10:00:00-05:00", fin="2026-12-07T10:30:00-05:00"),
        format="json",
    )

    def titles(**params):
        response = api.get(LIST, params)
        assert response.status_code == 200, response.json()
        return [row["titulo"] for row in response.json()["results"]]

    assert titles() == ["Mía", "Entrega"]
    assert titles(personal=str(photographer_a.pk)) == ["Mía"]
    assert titles(tipo="entrega") == ["Entrega"]
    assert titles(estado="CONFIRMADA") == []
    assert titles(inicio_desde="2026-12-06") == ["Entrega"]
    assert titles(search="mia") == ["Mía"]
    assert titles(ordering="-inicio") == ["Entrega", "Mía"]
    assert api.get(LIST, {"estado": "PERDIDA"}).status_code == 400
    assert api.get(LIST, {"ordering": "starts_at"}).status_code == 400
    assert mine["id"]


def test_the_list_runs_a_fixed_number_of_queries(
    api_client, tenant_a, admin_a, photographer_a, resource_in, client_in, django_assert_max_num_queries
):
    api = api_client(tenant_a, admin_a)
    api.get(LIST)  # warms the tenant resolution cache
    room, person = resource_in(tenant_a), client_in(tenant_a)
    for hour in range(8, 18):
        for day in (5, 6, 7):
            api.post(
                LIST,
                booking(
                    titulo=f"Cita {day}-{hour}",
                    inicio=f"2026-12-{day:02d}T{hour:02d}:00:00-05:00",
                    fin=f"2026-12-{day:02d}T{hour:02d}:30:00-05:00",
                    personal=[str(photographer_a.pk), str(admin_a.pk)],
                    recurso=str(room.pk),
                    cliente=str(person.pk),
                ),
                format="json",
            )
    # schema, user, permissions (2), count, page (with client, resource, authors, link), staff
    with django_assert_max_num_queries(7):
        response = api.get(LIST, {"page_size": 30})
    assert len(response.json()["results"]) == 30
    with django_assert_max_num_queries(7):
        response = api.get(CALENDAR, {"desde": "2026-12-01", "hasta": "2026-12-31", "page_size": 30})
    assert response.json()["count"] == 30


# --- The calendar -----------------------------------------------------------------------------------------


def test_the_calendar_shows_the_appointments_of_a_day_in_local_time(api_client, tenant_a, admin_a):
    api = api_client(tenant_a, admin_a)
    # 22:00 in Guayaquil is already the next day in UTC: it belongs to the 5th.
    api.post(
        LIST,
        booking(titulo="Noche", inicio="2026-12-05T22:00:00-05:00", fin="2026-12-05T23:00:00-05:00"),
        format="json",
    )
    api.post(
        LIST,
        booking(titulo="Mañana", inicio="2026-12-05T08:00:00-05:00", fin="2026-12-05T09:00:00-05:00"),
        format="json",
    )
    api.post(
        LIST,
        booking(titulo="Otro día", inicio="2026-12-06T08:00:00-05:00", fin="2026-12-06T09:00:00-05:00"),
        format="json",
    )
    day = api.get(CALENDAR, {"fecha": "2026-12-05"})
    assert day.status_code == 200
    assert [row["titulo"] for row in day.json()["results"]] == ["Mañana", "Noche"]
    span = api.get(CALENDAR, {"desde": "2026-12-05", "hasta": "2026-12-06"}).json()
    assert [row["titulo"] for row in span["results"]] == ["Mañana", "Noche", "Otro día"]
    assert api.get(CALENDAR, {"fecha": "2026-12-06", "tipo": "entrega"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"fecha": "05/12/2026"}, "fecha"),
        ({"desde": "2026-12-01"}, "hasta"),
        ({"desde": "2026-12-10", "hasta": "2026-12-01"}, "hasta"),
        ({"desde": "2026-01-01", "hasta": "2026-04-03"}, "hasta"),  # 93 days: 92 is the most
        ({"fecha": "9999-12-31"}, "fecha"),
        ({"desde": "0001-01-01", "hasta": "0001-01-02"}, "desde"),
        ({"fecha": "2026-12-01", "desde": "2026-12-01", "hasta": "2026-12-02"}, "fecha"),
    ],
)
def test_the_calendar_refuses_a_missing_bad_or_too_long_span(params, key, api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).get(CALENDAR, params)
    assert response.status_code == 400, response.json()
    assert key in response.json()["errors"]


def test_the_calendar_accepts_exactly_92_days(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).get(CALENDAR, {"desde": "2026-01-01", "hasta": "2026-04-02"})
    assert response.status_code == 200


def test_the_calendar_without_dates_is_today(api_client, tenant_a, admin_a, appointment_in):
    with schema_context(tenant_a.schema_name):
        now = timezone.localtime()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    appointment_in(tenant_a, title="Hoy", starts_at=start, ends_at=start + timedelta(minutes=30))
    appointment_in(
        tenant_a, title="Mañana", starts_at=start + timedelta(days=1), ends_at=start + timedelta(days=1, hours=1)
    )
    body = api_client(tenant_a, admin_a).get(CALENDAR).json()
    assert [row["titulo"] for row in body["results"]] == ["Hoy"]


# --- Authentication, isolation and roles -------------------------------------------------------------------


def test_without_a_token_it_is_401(api_client, tenant_a):
    api = api_client(tenant_a)
    assert api.get(LIST).status_code == 401
    assert api.get(CALENDAR, {"fecha": "2026-12-05"}).status_code == 401
    assert api.post(LIST, booking(), format="json").status_code == 401


def test_another_business_appointments_are_never_seen(
    api_client, tenant_a, tenant_b, admin_a, appointment_in, make_user
):
    theirs = appointment_in(tenant_b, title="Ajena")
    api = api_client(tenant_a, admin_a)
    assert api.get(LIST).json()["count"] == 0
    assert api.get(CALENDAR, {"desde": "2026-01-01", "hasta": "2026-03-31"}).json()["count"] == 0
    assert api.get(detail(theirs.pk)).status_code == 404
    assert api.put(detail(theirs.pk), booking(), format="json").status_code == 404
    assert api.delete(detail(theirs.pk)).status_code == 404
    their_photographer = make_user(tenant_b, Role.PHOTOGRAPHER)
    assert "personal" in api.post(LIST, booking(personal=[str(their_photographer.pk)]), format="json").json()["errors"]


def _allowed(role: Role, action: str) -> bool:
    actions = get_module("agenda").roles.get(role, ())
    return "*" in actions or action in actions


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_access_follows_the_roles(role, api_client, tenant_a, make_user, appointment_in):
    record = appointment_in(tenant_a)
    api = api_client(tenant_a, make_user(tenant_a, role))
    assert api.get(LIST).status_code == (200 if _allowed(role, "view") else 403)
    assert api.get(CALENDAR, {"fecha": "2026-12-05"}).status_code == (200 if _allowed(role, "view") else 403)
    assert api.post(LIST, booking(), format="json").status_code == (201 if _allowed(role, "add") else 403)
    changed = api.patch(detail(record.pk), {"estado": AppointmentStatus.CONFIRMED}, format="json")
    assert changed.status_code == (200 if _allowed(role, "change") else 403)
    assert api.delete(detail(record.pk)).status_code == (204 if _allowed(role, "delete") else 403)
