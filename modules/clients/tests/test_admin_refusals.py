"""Every admin entry point of clients, driven into a service refusal: the user reads why, nothing changes.

The service is the one place with the rules; the admin must show its refusal inside the
page (a form error or a message), never a server error.
"""

import pytest
from django.contrib.messages import get_messages
from django_tenants.utils import schema_context

from modules.clients.models import Client
from modules.clients.services import register_delete_blocker, unregister_delete_blocker
from modules.clients.tests.factories import valid_cedula
from modules.clients.tests.test_admin import ADD, CHANGELIST, change_url, form_data


@pytest.fixture
def blocked_deletes():
    """While it is active, any client with «Ocupado» in its name cannot be deleted (as orders will do)."""

    def blocker(client):
        return ["tiene 2 pedidos"] if "Ocupado" in client.name else []

    register_delete_blocker(blocker)
    yield
    unregister_delete_blocker(blocker)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_add_a_checksum_the_service_refuses_shows_on_the_field(admin_client_for, tenant_a, admin_a):
    response = admin_client_for(tenant_a, admin_a).post(ADD, form_data(document="1710034064"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "dígito verificador" in " ".join(form.errors["document"])
    assert form["name"].value() == "Ana Lucía Pérez"  # what the user typed is kept
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()


def test_add_a_phone_is_compacted_by_the_service_not_refused_by_the_form(admin_client_for, tenant_a, admin_a):
    response = admin_client_for(tenant_a, admin_a).post(ADD, form_data(phone="(02) 245-6789"))
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Client.objects.get().phone == "022456789"


def test_change_that_the_service_refuses_shows_on_the_form_and_changes_nothing(
    admin_client_for, tenant_a, admin_a, client_in
):
    client = client_in(tenant_a, name="Ana Pérez", email="ana@example.com")
    data = form_data(document=client.document, name="Otro Nombre", email="mal@@example")
    response = admin_client_for(tenant_a, admin_a).post(change_url(client), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    with schema_context(tenant_a.schema_name):
        client.refresh_from_db()
    assert (client.name, client.email) == ("Ana Pérez", "ana@example.com")


def test_change_to_a_taken_document_is_a_conflict_on_the_field(admin_client_for, tenant_a, admin_a, client_in):
    client_in(tenant_a, name="Dueña del Documento", document=valid_cedula(50))
    other = client_in(tenant_a, name="Otra")
    response = admin_client_for(tenant_a, admin_a).post(
        change_url(other), form_data(document=valid_cedula(50), name="Otra")
    )
    assert response.status_code == 200
    assert "Dueña del Documento" in " ".join(response.context["adminform"].form.errors["document"])


def test_delete_that_the_service_would_refuse_says_why_on_the_confirmation_page(
    admin_client_for, tenant_a, admin_a, client_in, blocked_deletes
):
    client = client_in(tenant_a, name="Colegio Ocupado")
    browser = admin_client_for(tenant_a, admin_a)
    response = browser.post(f"/admin/clients/client/{client.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the confirmation page again, saying why it cannot be deleted
    assert "tiene 2 pedidos" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert Client.objects.filter(pk=client.pk).exists()


def test_bulk_delete_with_one_refusal_deletes_none(admin_client_for, tenant_a, admin_a, client_in, blocked_deletes):
    free, busy = client_in(tenant_a, name="Libre"), client_in(tenant_a, name="Colegio Ocupado")
    response = admin_client_for(tenant_a, admin_a).post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [free.pk, busy.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "tiene 2 pedidos" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert Client.objects.count() == 2  # all or nothing


def test_an_action_that_the_service_refuses_is_a_message_and_changes_nothing(
    admin_client_for, tenant_a, admin_a, client_in
):
    client = client_in(tenant_a, is_active=False)
    with schema_context(tenant_a.schema_name):
        Client.objects.filter(pk=client.pk).update(email="escrito@@a-mano")  # data the service would not accept
    response = admin_client_for(tenant_a, admin_a).post(
        CHANGELIST, {"action": "activate_clients", "_selected_action": [client.pk]}, follow=True
    )
    assert response.status_code == 200
    assert any("correo" in message.lower() for message in messages_of(response))
    with schema_context(tenant_a.schema_name):
        assert Client.objects.get(pk=client.pk).is_active is False
