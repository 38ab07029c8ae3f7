"""The agenda in the admin: list, form (with the clash refusal), calendar, resources, dashboard and demo data."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.users.models import User
from fotostudio.users.roles import Role
from modules.agenda.demo import seed_demo_agenda
from modules.agenda.models import Appointment, AppointmentStatus, Resource

CHANGELIST = "/admin/agenda/appointment/"
CALENDAR = f"{CHANGELIST}calendar/"
RESOURCES = "/admin/agenda/resource/"


def _form(**fields) -> dict:
    return {
        "appointment_type": "sesion_fotos",
        "title": "Sesión en el estudio",
        "client": "",
        "status": "PROGRAMADA",
        "starts_at_0": "2026-12-05",
        "starts_at_1": "10:00",
        "ends_at_0": "2026-12-05",
        "ends_at_1": "11:00",
        "place": "",
        "resource": "",
        "team": [],
        "notes": "",
        **fields,
    }


def _local(tenant, year, month, day, hour, minute=0):
    with schema_context(tenant.schema_name):
        return datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def test_the_list_shows_an_empty_state_then_the_appointments(admin_client_for, tenant_a, admin_a, appointment_in):
    browser = admin_client_for(tenant_a, admin_a)
    empty = browser.get(CHANGELIST).content.decode()
    assert 'data-testid="agenda-empty"' in empty and "Todavía no hay citas" in empty
    appointment_in(tenant_a, title="Boda Cevallos")
    page = browser.get(CHANGELIST).content.decode()
    assert "Boda Cevallos" in page and "Calendario del mes" in page


def test_the_form_books_an_appointment_with_staff_and_resource(
    admin_client_for, tenant_a, admin_a, photographer_a, resource_in
):
    room = resource_in(tenant_a)
    browser = admin_client_for(tenant_a, admin_a)
    added = browser.post(
        f"{CHANGELIST}add/", _form(resource=str(room.pk), team=[str(photographer_a.pk)], place="Estudio")
    )
    assert added.status_code == 302, added.context["adminform"].form.errors
    with schema_context(tenant_a.schema_name):
        appointment = Appointment.objects.get()
        assert list(appointment.staff.all()) == [photographer_a]
        assert appointment.bookings.count() == 2
        assert timezone.localtime(appointment.starts_at).hour == 10
        assert appointment.created_by == admin_a


def test_the_form_refuses_a_clash_and_names_the_other_appointment(admin_client_for, tenant_a, admin_a, resource_in):
    room = resource_in(tenant_a, name="Estudio principal")
    browser = admin_client_for(tenant_a, admin_a)
    browser.post(f"{CHANGELIST}add/", _form(title="Boda Cevallos", resource=str(room.pk)))
    refused = browser.post(
        f"{CHANGELIST}add/", _form(title="Sesión Pérez", resource=str(room.pk), starts_at_1="10:30", ends_at_1="11:30")
    )
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors["resource"]
    assert "Boda Cevallos" in " ".join(errors) and "Estudio principal" in " ".join(errors)
    with schema_context(tenant_a.schema_name):
        assert list(Appointment.objects.values_list("title", flat=True)) == ["Boda Cevallos"]


def test_a_manager_books_over_it_from_the_form_and_others_do_not_see_the_option(
    admin_client_for, tenant_a, manager_a, sales_a, resource_in
):
    room = resource_in(tenant_a)
    boss = admin_client_for(tenant_a, manager_a)
    boss.post(f"{CHANGELIST}add/", _form(resource=str(room.pk)))
    assert "overbooked" in boss.get(f"{CHANGELIST}add/").context["adminform"].form.fields
    forced = boss.post(f"{CHANGELIST}add/", _form(title="Encima", resource=str(room.pk), overbooked="on"))
    assert forced.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Appointment.objects.get(title="Encima").overbooked_by == manager_a
    sales = admin_client_for(tenant_a, sales_a)
    assert "overbooked" not in sales.get(f"{CHANGELIST}add/").context["adminform"].form.fields


def test_the_form_refuses_a_photographer_booked_twice_on_the_team_field(
    admin_client_for, tenant_a, admin_a, photographer_a
):
    browser = admin_client_for(tenant_a, admin_a)
    browser.post(f"{CHANGELIST}add/", _form(title="Primera", team=[str(photographer_a.pk)]))
    refused = browser.post(f"{CHANGELIST}add/", _form(title="Segunda", team=[str(photographer_a.pk)]))
    assert "Ana Fotógrafa ya tiene la cita «Primera»" in " ".join(refused.context["adminform"].form.errors["team"])
    with schema_context(tenant_a.schema_name):
        first = Appointment.objects.get()
    shown = browser.get(f"{CHANGELIST}{first.pk}/change/").context["adminform"].form
    assert shown.initial["team"] == [photographer_a.pk]


def test_the_change_form_moves_and_cancels(admin_client_for, tenant_a, admin_a, photographer_a):
    browser = admin_client_for(tenant_a, admin_a)
    browser.post(f"{CHANGELIST}add/", _form(team=[str(photographer_a.pk)]))
    with schema_context(tenant_a.schema_name):
        appointment = Appointment.objects.get()
    changed = browser.post(
        f"{CHANGELIST}{appointment.pk}/change/", _form(team=[str(photographer_a.pk)], status="CANCELADA")
    )
    assert changed.status_code == 302
    with schema_context(tenant_a.schema_name):
        appointment.refresh_from_db()
        assert appointment.status == AppointmentStatus.CANCELLED and not appointment.bookings.exists()
    page = browser.get(f"{CHANGELIST}{appointment.pk}/change/").content.decode()
    assert f"{CALENDAR}?vista=semana&amp;fecha=2026-12-05" in page


def test_the_month_calendar_links_each_appointment_to_its_page(admin_client_for, tenant_a, admin_a, appointment_in):
    night = appointment_in(
        tenant_a,
        title="Sesión nocturna",
        starts_at=_local(tenant_a, 2026, 12, 5, 22),
        ends_at=_local(tenant_a, 2026, 12, 6, 1),
    )
    appointment_in(
        tenant_a,
        title="Entrega Pérez",
        starts_at=_local(tenant_a, 2026, 12, 20, 9),
        ends_at=_local(tenant_a, 2026, 12, 20, 10),
    )
    response = admin_client_for(tenant_a, admin_a).get(CALENDAR, {"vista": "mes", "fecha": "2026-12-15"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Diciembre de 2026" in page
    assert page.count(f'href="{CHANGELIST}{night.pk}/change/"') == 2  # on the 5th and, after midnight, the 6th
    assert "Entrega Pérez" in page and 'data-day="2026-11-30"' in page  # the grid starts on Monday
    assert "calendar-empty" not in page


def test_the_week_calendar_shows_one_week_and_says_when_it_is_empty(
    admin_client_for, tenant_a, admin_a, appointment_in
):
    appointment_in(
        tenant_a,
        title="Reunión álbum",
        starts_at=_local(tenant_a, 2026, 12, 9, 15),
        ends_at=_local(tenant_a, 2026, 12, 9, 16),
    )
    browser = admin_client_for(tenant_a, admin_a)
    week = browser.get(CALENDAR, {"vista": "semana", "fecha": "2026-12-10"}).content.decode()
    assert "Reunión álbum" in week and "15:00–16:00" in week
    assert 'data-day="2026-12-07"' in week and 'data-day="2026-12-14"' not in week
    empty = browser.get(CALENDAR, {"vista": "semana", "fecha": "2026-12-20"}).content.decode()
    assert "No hay citas esta semana." in empty
    assert browser.get(CALENDAR, {"fecha": "no-es-fecha"}).status_code == 200  # today's month instead


def test_the_calendar_shows_one_persons_or_one_resources_appointments(
    admin_client_for, tenant_a, admin_a, photographer_a, resource_in, appointment_in
):
    room = resource_in(tenant_a, name="Estudio azul")
    at = _local(tenant_a, 2026, 12, 9, 15)
    mine = appointment_in(tenant_a, title="De Ana", starts_at=at, ends_at=at + timedelta(hours=1))
    with schema_context(tenant_a.schema_name):
        mine.staff.add(photographer_a)
    appointment_in(tenant_a, title="En la sala", starts_at=at, ends_at=at + timedelta(hours=1), resource=room)
    browser = admin_client_for(tenant_a, admin_a)
    hers = browser.get(CALENDAR, {"vista": "semana", "fecha": "2026-12-09", "personal": str(photographer_a.pk)})
    page = hers.content.decode()
    assert "De Ana" in page and "En la sala" not in page
    assert f"personal={photographer_a.pk}" in page  # the navigation keeps the filter
    rooms = browser.get(CALENDAR, {"vista": "semana", "fecha": "2026-12-09", "recurso": str(room.pk)}).content.decode()
    assert "En la sala" in rooms and "De Ana" not in rooms
    ignored = browser.get(CALENDAR, {"vista": "semana", "fecha": "2026-12-09", "personal": "nadie"}).content.decode()
    assert "De Ana" in ignored and "En la sala" in ignored


def test_the_calendar_needs_the_view_permission(admin_client_for, tenant_a, make_user):
    photographer = admin_client_for(tenant_a, make_user(tenant_a, Role.PHOTOGRAPHER))
    assert photographer.get(CALENDAR).status_code == 200
    agro = make_user(tenant_a, None)  # no role at all
    assert admin_client_for(tenant_a, agro).get(CALENDAR).status_code in (302, 403)


def test_the_calendar_runs_a_fixed_number_of_queries(
    admin_client_for, tenant_a, admin_a, appointment_in, django_assert_max_num_queries
):
    browser = admin_client_for(tenant_a, admin_a)
    browser.get(CALENDAR, {"fecha": "2026-12-01"})
    for day in range(1, 29):
        appointment_in(
            tenant_a,
            title=f"Cita {day}",
            starts_at=_local(tenant_a, 2026, 12, day, 9),
            ends_at=_local(tenant_a, 2026, 12, day, 10),
        )
    with django_assert_max_num_queries(9):  # session, user, permissions, appointments, their staff, the filters' lists
        response = browser.get(CALENDAR, {"fecha": "2026-12-01"})
    assert response.content.decode().count('data-testid="calendar-entry"') == 28


def test_resources_are_managed_in_the_admin(admin_client_for, tenant_a, admin_a, appointment_in):
    browser = admin_client_for(tenant_a, admin_a)
    assert browser.post(f"{RESOURCES}add/", {"name": "Estudio 3", "kind": "sala", "is_active": "on"}).status_code == 302
    duplicate = browser.post(f"{RESOURCES}add/", {"name": "estudio 3", "kind": "sala", "is_active": "on"})
    assert "Estudio 3" in " ".join(duplicate.context["adminform"].form.errors["name"])
    with schema_context(tenant_a.schema_name):
        room = Resource.objects.get()
    appointment_in(tenant_a, resource=room)
    browser.post(f"{RESOURCES}{room.pk}/delete/", {"post": "yes"})
    with schema_context(tenant_a.schema_name):
        assert Resource.objects.filter(pk=room.pk).exists()  # reserved by an appointment: kept


def test_the_dashboard_lists_todays_and_tomorrows_appointments(admin_client_for, tenant_a, admin_a, appointment_in):
    with schema_context(tenant_a.schema_name):
        today = timezone.localdate()
        zone = timezone.get_current_timezone()
    at = lambda day, hour: datetime.combine(day, datetime.min.time(), tzinfo=zone) + timedelta(hours=hour)  # noqa: E731
    appointment_in(tenant_a, title="Hoy a las ocho", starts_at=at(today, 8), ends_at=at(today, 9))
    appointment_in(tenant_a, title="Mañana temprano", starts_at=at(today, 24 + 7), ends_at=at(today, 24 + 8))
    appointment_in(tenant_a, title="Pasado mañana", starts_at=at(today, 48 + 8), ends_at=at(today, 48 + 9))
    appointment_in(
        tenant_a,
        title="Cancelada hoy",
        starts_at=at(today, 10),
        ends_at=at(today, 11),
        status=AppointmentStatus.CANCELLED,
    )
    page = admin_client_for(tenant_a, admin_a).get("/admin/").content.decode()
    assert "Citas de hoy y mañana" in page
    assert "Hoy a las ocho" in page and "Mañana temprano" in page
    assert "Pasado mañana" not in page and "Cancelada hoy" not in page


def test_the_demo_agenda_is_a_believable_month_and_idempotent(tenant_a):
    with schema_context(tenant_a.schema_name):
        created = seed_demo_agenda(tenant=tenant_a, password="Clave-de-demo-2026!")
        assert created >= 30
        photographer = User.objects.get(username="fotografo")  # made for the agenda if the users seeder had not yet
        assert Appointment.objects.filter(staff=photographer).count() >= 5
        assert Resource.objects.count() == 4
        starts = list(Appointment.objects.values_list("starts_at", flat=True))
        today = timezone.localdate()
        assert min(starts).date() <= today - timedelta(days=10) and max(starts).date() >= today + timedelta(days=10)
        assert seed_demo_agenda(tenant=tenant_a, password="Clave-de-demo-2026!") == 0
        assert Appointment.objects.count() == created


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.PRODUCTION])
def test_readers_see_the_list_but_cannot_add(role, admin_client_for, tenant_a, make_user):
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    assert browser.get(CHANGELIST).status_code == 200
    assert browser.get(f"{CHANGELIST}add/").status_code == 403


def test_the_changelist_runs_a_fixed_number_of_queries(
    admin_client_for, tenant_a, admin_a, photographer_a, resource_in, appointment_in, django_assert_max_num_queries
):
    browser = admin_client_for(tenant_a, admin_a)
    browser.get(CHANGELIST)
    room = resource_in(tenant_a)
    for number in range(25):
        appointment = appointment_in(tenant_a, title=f"Cita {number}", resource=room)
        with schema_context(tenant_a.schema_name):
            appointment.staff.add(photographer_a, admin_a)
    with django_assert_max_num_queries(10):  # session, user, permissions, filters' choices, count, page, staff
        page = browser.get(CHANGELIST).content.decode()
    assert page.count("Ana Fotógrafa") >= 25


def test_the_list_downloads_as_a_spreadsheet(admin_client_for, tenant_a, admin_a, appointment_in, resource_in):
    appointment_in(tenant_a, title="Exportada", resource=resource_in(tenant_a, name="Estudio 9"))
    response = admin_client_for(tenant_a, admin_a).post(f"{CHANGELIST}export/", {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="citas-')


def test_the_dashboard_section_runs_a_fixed_number_of_queries(
    rf, tenant_a, admin_a, photographer_a, appointment_in, django_assert_max_num_queries
):
    from modules.agenda.dashboard import agenda_section

    with schema_context(tenant_a.schema_name):
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    for hour in range(20):
        appointment = appointment_in(
            tenant_a, starts_at=start + timedelta(hours=hour), ends_at=start + timedelta(hours=hour, minutes=30)
        )
        with schema_context(tenant_a.schema_name):
            appointment.staff.add(photographer_a)
    request = rf.get("/admin/")
    request.user = admin_a
    with schema_context(tenant_a.schema_name):
        agenda_section(request)  # the user's permissions are read once and cached on the user
        with django_assert_max_num_queries(2):  # the appointments, their staff
            section = agenda_section(request)
    assert section["cards"][0]["value"] == 20 and len(section["tables"][0]["rows"]) == 20


def test_a_ready_order_books_its_delivery_from_its_page(admin_client_for, tenant_a, admin_a):
    from modules.orders.models import OrderStatus
    from modules.orders.tests.factories import OrderFactory, OrderLineFactory

    with schema_context(tenant_a.schema_name):
        order = OrderFactory(status=OrderStatus.READY)
        OrderLineFactory(order=order)
        pending = OrderFactory()
    browser = admin_client_for(tenant_a, admin_a)
    action = f"/admin/orders/order/{order.pk}/agendar-entrega/"
    assert action in browser.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    redirect = browser.get(action)
    assert redirect.status_code == 302 and redirect["Location"] == f"{CHANGELIST}add/?pedido={order.pk}"
    initial = browser.get(redirect["Location"]).context["adminform"].form.initial
    assert (initial["appointment_type"], initial["title"]) == ("entrega", f"Entrega del pedido {order.number}")
    assert initial["client"] == order.client_id
    booked = browser.post(
        redirect["Location"], _form(appointment_type="entrega", title=initial["title"], client=str(order.client_id))
    )
    assert booked.status_code == 302, booked.context["adminform"].form.errors
    with schema_context(tenant_a.schema_name):
        delivery = Appointment.objects.get()
        assert (delivery.appointment_type, delivery.link_id, delivery.client_id) == (
            "entrega",
            order.pk,
            order.client_id,
        )
    refused = browser.get(f"/admin/orders/order/{pending.pk}/agendar-entrega/", follow=True)
    assert "Solo se agenda la entrega de un pedido listo para retirar." in refused.content.decode()


def test_a_strange_order_id_books_an_appointment_about_nothing(admin_client_for, tenant_a, admin_a):
    browser = admin_client_for(tenant_a, admin_a)
    page = browser.get(f"{CHANGELIST}add/?pedido=no-es-un-id")
    assert page.status_code == 200 and "title" not in page.context["adminform"].form.initial
    assert browser.post(f"{CHANGELIST}add/?pedido=no-es-un-id", _form()).status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Appointment.objects.get().link_id is None


def test_sales_without_the_agenda_may_not_book_a_delivery(admin_client_for, tenant_a, make_user):
    from modules.orders.models import OrderStatus
    from modules.orders.tests.factories import OrderFactory

    with schema_context(tenant_a.schema_name):
        order = OrderFactory(status=OrderStatus.READY)
    accounting = admin_client_for(tenant_a, make_user(tenant_a, Role.ACCOUNTING))
    assert accounting.get(f"/admin/orders/order/{order.pk}/agendar-entrega/").status_code == 403
