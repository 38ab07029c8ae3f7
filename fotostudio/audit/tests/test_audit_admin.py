"""The audit trail in the admin: Auditoría › Actividad, and «Historial» on every audited record's page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from conftest import first_admin
from fotostudio.audit.models import AuditEvent
from fotostudio.users.roles import Role, roles_for
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory, valid_cedula
from modules.clients.tests.test_admin import form_data
from tenants.choices import BusinessType

TRAIL = "/admin/audit/auditevent/"
READERS = {Role.ADMINISTRATOR, Role.MANAGER}


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def history(client: Client) -> str:
    return f"/admin/clients/client/{client.pk}/history/"


def change(client: Client) -> str:
    return f"/admin/clients/client/{client.pk}/change/"


@pytest.fixture
def manager(make_user, tenant_a):
    return make_user(tenant_a, Role.MANAGER, username="gerenta")


@pytest.fixture
def browser(admin_client_for, tenant_a, manager):
    return admin_client_for(tenant_a, manager)


@pytest.fixture
def edited(browser):
    """A client created and then changed in the admin by the manager."""
    assert (
        browser.post("/admin/clients/client/add/", form_data(document=valid_cedula(41), name="Lucía")).status_code
        == 302
    )
    with schema_context("alpha"):
        client = Client.objects.get(document=valid_cedula(41))
    changed = browser.post(change(client), form_data(document=valid_cedula(41), name="Lucía Andrade", city="Loja"))
    assert changed.status_code == 302
    return client


def since_test_began():
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


def shown(response) -> list[AuditEvent]:
    return list(response.context["cl"].result_list)


# --- A record's history -------------------------------------------------------------------------------


def test_a_records_page_links_to_its_history_with_who_when_and_what_changed(browser, edited):
    assert history(edited) in browser.get(change(edited)).content.decode()
    page = browser.get(history(edited))
    assert page.status_code == 200
    entries = re.findall(r'data-testid="history-entry"', page.content.decode())
    assert len(entries) == 2
    content = text(page)
    assert "Historial de «Lucía Andrade" in content
    assert content.index("Modificación") < content.index("Creación")  # newest first
    assert "gerenta" in content and "127.0.0.1" in content
    assert re.search(r"Nombre Lucía Lucía Andrade", content) and re.search(r"Ciudad Quito Loja", content)
    # the author is shown by name, not by id
    assert re.search(r"Creado por — gerenta", content)


def test_the_history_includes_what_the_api_and_bulk_changes_did(browser, edited, api_client, make_user, tenant_a):
    api_client(tenant_a, make_user(tenant_a, Role.SALES, username="vendedor")).patch(
        f"/api/v1/clients/{edited.pk}/", {"notas": "Por teléfono"}, format="json"
    )
    with schema_context("alpha"):
        Client.objects.filter(pk=edited.pk).update(is_active=False)
    content = text(browser.get(history(edited)))
    assert re.search(r"Modificación vendedor .* Notas — Por teléfono", content)
    assert re.search(r"Modificación \(sin usuario: proceso interno\) .* Activo Sí No", content)


def test_lists_choices_and_flags_read_as_people_write_them(browser, tenant_a):
    with schema_context("alpha"):
        from modules.clients.tests.factories import SchoolFactory

        school = SchoolFactory(name="Unidad Educativa Sol", levels=["inicial"], school_year_start_month=9)
        school.levels = ["basica_media", "bachillerato"]
        school.is_active = False
        school.save()
    content = text(browser.get(history(school)))
    assert "Niveles Educación inicial Básica media (5.º a 7.º EGB), Bachillerato (1.º a 3.º BGU)" in content
    assert "Activo Sí No" in content and "Inicio del año lectivo — septiembre" in content
    with schema_context("alpha"):
        event = AuditEvent.objects.get(object_id=str(school.pk), action="actualizar")
    assert "Bachillerato (1.º a 3.º BGU)" in text(browser.get(f"{TRAIL}{event.pk}/change/"))


def test_a_user_has_a_history_too(browser, make_user, tenant_a, admin_client_for):
    administrator = make_user(tenant_a, Role.ADMINISTRATOR)
    colleague = make_user(tenant_a, Role.SALES, username="colega")
    page = admin_client_for(tenant_a, administrator).get(f"/admin/users/user/{colleague.pk}/history/")
    assert page.status_code == 200
    assert "Usuario — colega" in text(page)
    assert "pbkdf2" not in page.content.decode() and "md5$" not in page.content.decode()


@pytest.mark.parametrize("role", sorted(set(roles_for(BusinessType.PHOTO_STUDIO)) - READERS))
def test_who_does_not_read_the_trail_has_no_history_button_and_no_history(
    role, admin_client_for, make_user, tenant_a, edited
):
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    page = browser.get(change(edited))
    assert page.status_code == 200  # every role of a studio sees clients…
    assert history(edited) not in page.content.decode()  # …but not their history
    assert browser.get(history(edited)).status_code == 403


def test_the_history_of_a_record_of_another_business_is_404(browser, tenant_b):
    with schema_context("beta"):
        theirs = ClientFactory()
    assert browser.get(history(theirs)).status_code == 404


# --- The trail ----------------------------------------------------------------------------------------


def test_the_trail_lists_and_filters_by_action_data_user_and_dates(browser, edited, manager, make_user, tenant_a):
    make_user(tenant_a, Role.SALES, username="nuevo")
    today = since_test_began().date().strftime("%d/%m/%Y")
    page = browser.get(TRAIL, {"created_at_from": today})
    assert page.status_code == 200
    rows = shown(page)
    assert [(e.action, e.model) for e in rows][:3] == [
        ("crear", "users.user"),
        ("actualizar", "clients.client"),
        ("crear", "clients.client"),
    ]
    content = text(page)
    assert "Modificación" in content and "Clientes" in content and "gerenta" in content
    # The trail is append-only: the day may hold events other tests committed with real transactions.
    updates = shown(browser.get(TRAIL, {"action__exact": "actualizar", "created_at_from": today}))
    assert updates and {e.action for e in updates} == {"actualizar"}
    assert str(edited.pk) in {e.object_id for e in updates}
    assert {e.model for e in shown(browser.get(TRAIL, {"modelo": "users.user", "created_at_from": today}))} == {
        "users.user"
    }
    assert {e.username for e in shown(browser.get(TRAIL, {"usuario": str(manager.pk)}))} == {"gerenta"}
    assert shown(browser.get(TRAIL, {"usuario": "no-es-un-id"})) == []
    assert shown(browser.get(TRAIL, {"created_at_to": "01/01/2020"})) == []
    assert {e.object_id for e in shown(browser.get(TRAIL, {"q": str(edited.pk)}))} == {str(edited.pk)}


def test_an_events_page_shows_what_changed_and_nothing_can_be_edited(browser, edited):
    with schema_context("alpha"):
        event = AuditEvent.objects.get(object_id=str(edited.pk), action="actualizar")
    page = browser.get(f"{TRAIL}{event.pk}/change/")
    assert page.status_code == 200
    content = text(page)
    assert re.search(r"Campo Antes Después Nombre Lucía Lucía Andrade Ciudad Quito Loja", content)
    assert history(edited) in page.content.decode()  # the record's whole history is one click away
    assert 'name="_save"' not in page.content.decode()


def test_an_export_is_in_the_trail_with_its_rows_and_filters(browser, edited):
    assert browser.post("/admin/clients/client/export/?ciudad=Loja", {"format": "0"}).status_code == 200
    with schema_context("alpha"):
        event = AuditEvent.objects.get(action="exportar", created_at__gte=since_test_began())
    content = text(browser.get(f"{TRAIL}{event.pk}/change/"))
    assert "Exportación" in content and "1 filas · XLSX" in content and "Loja" in content


def test_nobody_adds_changes_or_deletes_in_the_trail_not_even_a_superuser(admin_client_for, tenant_a, edited):
    owner = first_admin(tenant_a)
    browser = admin_client_for(tenant_a, owner)
    with schema_context("alpha"):
        event = AuditEvent.objects.filter(object_id=str(edited.pk)).first()
    assert browser.get(f"{TRAIL}add/").status_code == 403
    assert browser.post(f"{TRAIL}{event.pk}/change/", {"username": "otro"}).status_code == 403
    assert browser.get(f"{TRAIL}{event.pk}/delete/").status_code == 403
    assert browser.post(TRAIL, {"action": "delete_selected", "_selected_action": [event.pk]}).status_code == 200
    listing = browser.get(TRAIL).content.decode()
    assert f"{TRAIL}add/" not in listing
    with schema_context("alpha"):
        assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_only_administrador_and_gerente_open_the_trail(role, admin_client_for, make_user, tenant_a):
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    expected = 200 if role in READERS else 403
    for path in (TRAIL, "/admin/audit/accesslog/", "/admin/audit/activitylog/"):
        assert browser.get(path).status_code == expected, path


def test_the_trail_page_runs_a_fixed_number_of_queries(browser, tenant_a, django_assert_max_num_queries):
    browser.get(TRAIL)
    with schema_context("alpha"):
        for number in range(30):
            client = ClientFactory(name=f"Cliente {number}")
            if number % 3 == 0:
                client.delete()
    with django_assert_max_num_queries(14):
        page = browser.get(TRAIL, {"modelo": "clients.client"})
    assert page.status_code == 200
    content = text(page)
    assert "Cliente 29" in content  # a record by its name…
    assert "(eliminado)" in content  # …and a deleted one by its id
