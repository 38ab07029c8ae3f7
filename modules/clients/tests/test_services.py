import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from fotostudio.core.errors import ApplicationError, ConflictError
from modules.clients.models import Client, ClientType, SchoolLevel
from modules.clients.services import (
    ClientErrorCode,
    client_create,
    client_delete,
    client_update,
    register_delete_blocker,
    unregister_delete_blocker,
)
from modules.clients.tests.factories import ClientFactory, SchoolFactory, valid_cedula, valid_company_ruc


@pytest.fixture
def in_a(tenant_a):
    with schema_context(tenant_a.schema_name):
        yield tenant_a


def test_create_normalises_what_reception_types(in_a, admin_a):
    client = client_create(
        data={
            "name": "  José   Pérez ",
            "document": "171003406-5",
            "email": " Jose.Perez@Example.COM ",
            "phone": "(02) 245-6789",
            "city": "  santo domingo DE LOS tsáchilas",
        },
        acting_user=admin_a,
    )
    client.refresh_from_db()
    assert client.name == "José Pérez"
    assert client.document == "1710034065"
    assert client.document_type == "cedula"  # deduced from the 10 digits
    assert client.email == "jose.perez@example.com"
    assert client.phone == "022456789"
    assert client.city == "Santo Domingo de los Tsáchilas"
    assert client.client_type == ClientType.PRIVATE
    assert client.created_by == admin_a


def test_create_school_keeps_its_own_data(in_a):
    school = client_create(
        data={
            "client_type": ClientType.SCHOOL,
            "name": "Unidad Educativa San Andrés",
            "document": valid_company_ruc(1),
            "institution_code": "17h00123",
            "contact_name": "Rosa Almeida",
            "contact_role": "Rectora",
            "levels": [SchoolLevel.HIGH_SCHOOL, SchoolLevel.INITIAL, SchoolLevel.HIGH_SCHOOL],
            "student_count": 850,
            "school_year_start_month": 9,
        }
    )
    school.refresh_from_db()
    assert school.document_type == "ruc"
    assert school.institution_code == "17H00123"
    assert school.levels == [SchoolLevel.INITIAL, SchoolLevel.HIGH_SCHOOL]  # deduplicated, in school order
    assert (school.student_count, school.school_year_start_month) == (850, 9)


def test_private_client_never_keeps_school_data(in_a):
    client = client_create(
        data={
            "name": "Ana Pérez",
            "document": valid_cedula(1),
            "contact_name": "Alguien",
            "levels": ["inicial"],
            "student_count": 3,
        }
    )
    client.refresh_from_db()
    assert (client.contact_name, client.levels, client.student_count) == ("", [], None)


def test_database_refuses_school_data_on_a_private_client(in_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientFactory(student_count=10)


@pytest.mark.parametrize(
    ("fields", "error_field", "text"),
    [
        ({"document": "1710034064"}, "document", "dígito verificador"),
        ({"document": "171003406"}, "document_type", "tipo de documento"),
        ({"document": "171003406", "document_type": "cedula"}, "document", "10 dígitos"),
        ({"document_type": "dni"}, "document_type", ""),
        ({"email": "maria@@example"}, "email", ""),
        ({"phone": "12"}, "phone", "dígitos"),
        ({"name": "   "}, "name", ""),
        ({"client_type": "empresa"}, "client_type", ""),
        (
            {"client_type": ClientType.SCHOOL, "document": valid_company_ruc(2), "school_year_start_month": 13},
            "school_year_start_month",
            "",
        ),
    ],
)
def test_create_refuses_invalid_data_field_by_field(in_a, fields, error_field, text):
    data = {"name": "Ana Pérez", "document": valid_cedula(1), **fields}
    with pytest.raises(ApplicationError) as caught:
        client_create(data=data)
    assert caught.value.code == ClientErrorCode.INVALID
    assert caught.value.status_code == 400
    assert error_field in caught.value.errors
    assert text in " ".join(caught.value.errors[error_field])
    assert not Client.objects.exists()


def test_duplicate_document_is_a_conflict_naming_the_existing_client(in_a):
    existing = client_create(data={"name": "María Pérez", "document": "1710034065"})
    with pytest.raises(ConflictError) as caught:
        client_create(data={"name": "Otra Persona", "document": "17-10034065"})
    error = caught.value
    assert error.status_code == 409
    assert error.code == ClientErrorCode.DUPLICATE_DOCUMENT
    assert "María Pérez" in str(error.message) and "1710034065" in str(error.message)
    assert error.extra["cliente_existente"] == {"id": str(existing.pk), "nombre": "María Pérez"}
    assert Client.objects.count() == 1


def test_each_tenant_may_have_the_same_document(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        with schema_context(tenant.schema_name):
            client_create(data={"name": f"Cliente de {tenant.name}", "document": "1710034065"})
    with schema_context(tenant_b.schema_name):
        assert Client.objects.get().name == "Cliente de Estudio Beta"


def test_update_changes_only_what_is_given(in_a, admin_a):
    client = client_create(data={"name": "Ana Pérez", "document": valid_cedula(1), "email": "ana@example.com"})
    updated_at = client.updated_at
    client_update(client=client, data={"phone": "099 999 9999"}, acting_user=admin_a)
    client.refresh_from_db()
    assert (client.phone, client.email, client.name) == ("0999999999", "ana@example.com", "Ana Pérez")
    assert client.updated_at > updated_at


def test_update_without_changes_writes_nothing(in_a):
    client = ClientFactory(phone="0991234567")
    with CaptureQueriesContext(connection) as queries:
        client_update(client=client, data={"phone": "099 123 4567", "name": client.name})
    assert not [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]


def test_a_field_the_service_does_not_take_is_a_programming_error(in_a):
    with pytest.raises(TypeError, match="created_by"):
        client_create(data={"name": "Ana", "document": valid_cedula(1), "created_by": None})


def test_turning_a_school_into_a_private_client_clears_the_school_data(in_a):
    school = SchoolFactory()
    client_update(
        client=school,
        data={"client_type": ClientType.PRIVATE, "document_type": "cedula", "document": valid_cedula(3)},
    )
    school.refresh_from_db()
    assert (school.institution_code, school.levels, school.student_count) == ("", [], None)


def test_update_to_another_clients_document_is_a_conflict(in_a):
    first = ClientFactory(name="Primera")
    second = ClientFactory()
    with pytest.raises(ConflictError) as caught:
        client_update(client=second, data={"document": first.document})
    assert "Primera" in str(caught.value.message)


def test_update_keeping_the_same_document_is_fine(in_a):
    client = ClientFactory()
    client_update(client=client, data={"document": client.document, "name": "Nuevo Nombre"})
    client.refresh_from_db()
    assert client.name == "Nuevo Nombre"


def test_update_with_invalid_data_changes_nothing(in_a):
    client = ClientFactory(email="bien@example.com")
    with pytest.raises(ApplicationError):
        client_update(client=client, data={"email": "mal@", "name": "Otro"})
    client.refresh_from_db()
    assert client.email == "bien@example.com"


def test_delete_removes_a_client_nobody_depends_on(in_a):
    client = ClientFactory()
    client_delete(client=client)
    assert not Client.objects.exists()


def test_delete_is_refused_while_another_module_depends_on_the_client(in_a):
    client = ClientFactory(name="Colegio Con Pedidos")

    def orders_of(candidate):
        return ["tiene 3 pedidos pendientes"] if candidate.pk == client.pk else []

    register_delete_blocker(orders_of)
    register_delete_blocker(orders_of)  # registering twice is harmless
    try:
        with pytest.raises(ConflictError) as caught:
            client_delete(client=client)
        other = ClientFactory()
        client_delete(client=other)  # the blocker only objects to its own clients
    finally:
        unregister_delete_blocker(orders_of)
    error = caught.value
    assert error.code == ClientErrorCode.IN_USE
    assert "Colegio Con Pedidos" in str(error.message) and "tiene 3 pedidos pendientes" in str(error.message)
    assert error.extra["motivos"] == ["tiene 3 pedidos pendientes"]
    assert Client.objects.filter(pk=client.pk).exists()


def test_delete_turns_a_protected_foreign_key_into_a_conflict(in_a, monkeypatch):
    client = ClientFactory()
    dependant = ClientFactory()

    def protected_delete(self, *args, **kwargs):
        raise ProtectedError("protected", {dependant})

    monkeypatch.setattr(Client, "delete", protected_delete)
    with pytest.raises(ConflictError) as caught:
        client_delete(client=client)
    assert caught.value.code == ClientErrorCode.IN_USE
    assert caught.value.extra["motivos"] == ["tiene 1 cliente"]
