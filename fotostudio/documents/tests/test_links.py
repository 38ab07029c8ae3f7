"""The registry of record links (``fotostudio.core.links``) as the documents service uses it."""

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import ProtectedError
from django_tenants.utils import schema_context

from fotostudio.core import links
from fotostudio.core.errors import ApplicationError
from fotostudio.core.links import LinkRef
from fotostudio.documents.models import Document, Photo
from fotostudio.documents.services import document_create, photo_create
from fotostudio.documents.tests.conftest import upload
from fotostudio.documents.tests.samples import PDF, png
from fotostudio.users.models import User
from fotostudio.users.roles import Role
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory

PHOTOS = "/api/v1/documentos/fotos/"
DOCUMENTS = "/api/v1/documentos/documentos/"


def create_document(link, acting_user=None):
    return document_create(
        data={"document_type": "OTRO", "name": "Acta"}, upload=upload(PDF), link=link, acting_user=acting_user
    )


def refused(call) -> ApplicationError:
    with pytest.raises(ApplicationError) as error:
        call()
    return error.value


# --- Registration -----------------------------------------------------------------------------------------


def test_clients_register_themselves_as_cliente():
    kind = links.link_kind("cliente")
    assert (kind.model, kind.module, kind.label) == (Client, "clients", "cliente")
    assert links.link_kind_for_model(Client) is kind


def test_a_key_or_a_model_cannot_be_registered_twice_differently():
    with pytest.raises(ImproperlyConfigured, match="already registered for clients.Client"):
        links.register_link("cliente", "users.User")
    with pytest.raises(ImproperlyConfigured, match="already registered as 'cliente'"):
        links.register_link("customer", "clients.Client")
    assert links.register_link("cliente", "clients.Client") is not None  # the same pair again: nothing changes


def test_only_records_with_a_uuid_key_can_be_linked():
    with pytest.raises(ImproperlyConfigured, match="UUID primary key"):
        links.register_link("rol", "auth.Group")


def test_the_kinds_follow_the_business_and_the_published_document(tenant_a, tenant_agro):
    studio = [kind.key for kind in links.link_kinds() if kind.serves("photo_studio")]  # cliente, producto…
    assert "cliente" in studio
    assert [kind.key for kind in links.available_kinds(tenant_a)] == studio
    assert links.available_kinds(tenant_agro) == []
    with schema_context(tenant_a.schema_name):  # a bare schema: the tenant is looked up
        assert [kind.key for kind in links.available_kinds()] == studio
    with links.documenting("agro_traceability"):
        assert links.available_kinds(tenant_a) == []
    with links.documenting("photo_studio"):
        assert [kind.key for kind in links.available_kinds(tenant_agro)] == studio
    with links.documenting(None):
        assert links.available_kinds(tenant_a) == []


# --- Resolution on write ----------------------------------------------------------------------------------


def test_an_unknown_key_is_refused_naming_it(tenant_a):
    with schema_context(tenant_a.schema_name):
        error = refused(lambda: create_document(LinkRef("planeta", uuid.uuid4())))
    assert (error.code, list(error.errors)) == ("link_unavailable", ["planeta"])
    assert "«planeta» no está disponible" in str(error.message)


def test_a_record_of_another_business_is_not_found(tenant_a, tenant_b):
    with schema_context(tenant_b.schema_name):
        theirs = ClientFactory()
    with schema_context(tenant_a.schema_name):
        error = refused(lambda: create_document(LinkRef("cliente", theirs.pk)))
        assert not Document.objects.exists()
    assert (error.code, list(error.errors)) == ("link_not_found", ["cliente"])
    assert str(theirs.pk) in str(error.message)


def test_a_kind_whose_module_the_business_lacks_is_unavailable(tenant_agro):
    with schema_context(tenant_agro.schema_name):
        error = refused(lambda: create_document(LinkRef("cliente", uuid.uuid4())))
    assert (error.code, list(error.errors)) == ("link_unavailable", ["cliente"])


def test_a_module_switched_off_by_the_plan_switches_its_links_off(tenant_a, replace_module_spec, api_client, make_user):
    with schema_context(tenant_a.schema_name):
        client = ClientFactory()
    replace_module_spec("clients", plans=frozenset({"nunca"}))
    with schema_context(tenant_a.schema_name):
        assert refused(lambda: create_document(LinkRef("cliente", client.pk))).code == "link_unavailable"
    api = api_client(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    response = api.post(
        PHOTOS, {"tipo_foto": "OTRO", "foto": upload(png()), "cliente": str(client.pk)}, format="multipart"
    )
    assert response.status_code == 400 and "cliente" in response.json()["errors"]


def test_an_id_that_is_not_a_uuid_is_refused(tenant_a):
    with schema_context(tenant_a.schema_name):
        error = refused(lambda: create_document(LinkRef("cliente", "42")))
    assert (error.code, error.errors) == ("link_invalid", {"cliente": ["«42» no es un identificador válido."]})


def test_a_user_who_may_not_see_the_record_cannot_link_to_it(tenant_a, make_user):
    nobody = make_user(tenant_a)  # no role: may not see clients
    with schema_context(tenant_a.schema_name):
        client = ClientFactory()
        assert refused(lambda: create_document(LinkRef("cliente", client.pk), acting_user=nobody)).code == (
            "link_not_found"
        )
        seller = User.objects.get(pk=make_user(tenant_a, Role.SALES).pk)
        assert create_document(LinkRef("cliente", client.pk), acting_user=seller).link_id == client.pk


def test_a_photo_without_a_record_is_refused_by_the_service_too(tenant_a):
    with schema_context(tenant_a.schema_name):
        error = refused(lambda: photo_create(data={"photo_type": "OTRO"}, upload=upload(png()), link=None))
    assert error.code == "link_required" and "cliente" in str(error.message)


def test_two_records_at_once_are_a_400(api_client, tenant_a, make_user):
    with schema_context(tenant_a.schema_name):
        first, second = ClientFactory(), ClientFactory()
    api = api_client(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    response = api.post(
        PHOTOS,
        {"tipo_foto": "OTRO", "foto": upload(png()), "cliente": str(first.pk), "lote": str(second.pk)},
        format="multipart",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"lote"}  # not available here, so it is that, not "two records"


# --- A kind registered later works everywhere at once -------------------------------------------------------


@pytest.fixture
def lots_as_users():
    """The agro module is not written yet: users (a module every business has) stand in for its lots."""
    kind = links.register_link("lote", "users.User")
    yield kind
    links.unregister_link("lote")


def test_once_a_module_registers_lote_the_seed_payload_works(lots_as_users, api_client, tenant_agro, make_user):
    administrator = make_user(tenant_agro, Role.ADMINISTRATOR)
    api = api_client(tenant_agro, administrator)
    created = api.post(
        PHOTOS, {"lote": str(administrator.pk), "foto": upload(png()), "tipo_foto": "PRODUCTO"}, format="multipart"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["lote"] == str(administrator.pk)
    listed = api.get(PHOTOS, {"lote": str(administrator.pk)}).json()
    assert [row["id"] for row in listed["results"]] == [created.json()["id"]]
    document = api.post(
        DOCUMENTS,
        {"lote": str(administrator.pk), "archivo": upload(PDF), "tipo_documento": "INSPECCIÓN", "nombre": "Acta"},
        format="multipart",
    )
    assert document.status_code == 201 and document.json()["lote"] == str(administrator.pk)
    missing = api.post(PHOTOS, {"foto": upload(png()), "tipo_foto": "PRODUCTO"}, format="multipart")
    assert missing.json()["errors"] == {"lote": ["Indique a qué registro se refiere: lote."]}


def test_two_available_kinds_at_once_are_a_400_naming_both(lots_as_users, api_client, tenant_a, make_user):
    administrator = make_user(tenant_a, Role.ADMINISTRATOR)
    with schema_context(tenant_a.schema_name):
        client = ClientFactory()
    response = api_client(tenant_a, administrator).post(
        PHOTOS,
        {"foto": upload(png()), "tipo_foto": "OTRO", "cliente": str(client.pk), "lote": str(administrator.pk)},
        format="multipart",
    )
    assert response.json()["errors"] == {
        "cliente": ["Envíe un solo registro: cliente o lote."],
        "lote": ["Envíe un solo registro: cliente o lote."],
    }


# --- A linked record is protected ------------------------------------------------------------------------------


def test_a_client_with_documents_or_photos_cannot_be_deleted(api_client, tenant_a, make_user):
    administrator = make_user(tenant_a, Role.ADMINISTRATOR)
    with schema_context(tenant_a.schema_name):
        client = ClientFactory()
        create_document(LinkRef("cliente", client.pk))
        photo_create(data={"photo_type": "OTRO"}, upload=upload(png()), link=LinkRef("cliente", client.pk))
    response = api_client(tenant_a, administrator).delete(f"/api/v1/clients/{client.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "client_in_use"
    assert sorted(response.json()["motivos"]) == ["tiene 1 documento", "tiene 1 foto"]
    with schema_context(tenant_a.schema_name):
        assert Client.objects.filter(pk=client.pk).exists()
        with pytest.raises(ProtectedError), transaction.atomic():
            Client.objects.filter(pk=client.pk).delete()
        Document.objects.all().delete(), Photo.objects.all().delete()
        client.delete()  # once nothing points at it
        assert not Client.objects.filter(pk=client.pk).exists()


def test_linked_records_are_read_one_query_per_kind(tenant_a, django_assert_num_queries):
    with schema_context(tenant_a.schema_name):
        clients = ClientFactory.create_batch(3)
        for client in clients:
            create_document(LinkRef("cliente", client.pk))
        create_document(None)
        rows = list(Document.objects.select_related("link_type"))
        with django_assert_num_queries(1):
            found = links.linked_records(rows)
    assert sorted(str(record.pk) for record in found.values()) == sorted(str(client.pk) for client in clients)
