"""Races with real concurrent transactions (threads with their own connections, started together)."""

from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import first_admin, host_of
from fotostudio.users.tokens import tokens_for_user
from modules.clients.models import Client
from modules.clients.tests.factories import valid_cedula
from modules.clients.tests.test_counters import assert_exact

DOCUMENT = valid_cedula(777_001)


def test_thirty_simultaneous_creations_of_one_document_make_one_client_and_29_named_conflicts(concurrently, tenant_a):
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
    concurrently.cleanup(tenant_a, lambda: Client.objects.filter(document=DOCUMENT).delete())

    def create(index: int):
        api = APIClient(HTTP_HOST=host_of(tenant_a))
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return api.post("/api/v1/clients/", {"documento": DOCUMENT, "nombre": f"Intento {index}"}, format="json")

    responses = concurrently.run(30, create, tenant=tenant_a)
    statuses = sorted(getattr(response, "status_code", repr(response)) for response in responses)
    assert statuses == [201] + [409] * 29, statuses
    (created,) = [response.json() for response in responses if response.status_code == 201]
    for conflict in (response.json() for response in responses if response.status_code == 409):
        assert conflict["code"] == "client_duplicate_document"
        assert conflict["cliente_existente"] == {"id": created["id"], "nombre": created["nombre"]}
    with schema_context(tenant_a.schema_name):
        assert Client.objects.filter(document=DOCUMENT).count() == 1
        assert_exact()  # the 29 refused creations rolled back: the counters count one client
