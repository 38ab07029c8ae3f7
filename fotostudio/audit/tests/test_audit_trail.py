"""The audit trail's recording: every write of an audited model, however it is made, in its own business.

Writes here are real SQL against the test database: the triggers (not Python) record them, so
bulk paths and raw SQL are covered exactly as in production.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core import checks
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from conftest import TEST_PASSWORD
from fotostudio.audit.checks import check_audited_models
from fotostudio.audit.models import AuditEvent
from fotostudio.audit.schema import VIEW
from fotostudio.users.models import User
from fotostudio.users.roles import Role
from fotostudio.users.services import user_change_password, user_update
from modules.clients.models import Client
from modules.clients.services import clients_import
from modules.clients.tests.factories import ClientFactory, valid_cedula
from modules.clients.tests.test_admin import form_data
from modules.clients.tests.test_import import csv_bytes, private_rows, upload
from tenants.models import Tenant

ClientEvent = Client.pgh_event_model
UserEvent = User.pgh_event_model

CLIENT_COLUMNS = (
    "id, created_at, updated_at, client_type, document_type, document, name, email, phone, address, city, notes, "
    "is_active, institution_code, contact_name, contact_role, levels"
)


def client_values(document: str, name: str) -> str:
    return (
        f"gen_random_uuid(), now(), now(), 'particular', 'cedula', '{document}', '{name}', '', '', '', 'Quito', '', "
        "true, '', '', '', '{}'"
    )


def since_test_began() -> datetime.datetime:
    """When the test's transaction began. Rows of committed tests (the race tests commit) stay in the trail,
    which is append-only: a test reads what was recorded since it started."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


def events(tenant, **filters) -> list[tuple[str, str]]:
    with schema_context(tenant.schema_name):
        recorded = ClientEvent.objects.filter(pgh_created_at__gte=since_test_began(), **filters)
        return list(recorded.order_by("pgh_created_at").values_list("pgh_label", "name"))


def trail(tenant, **filters) -> list[AuditEvent]:
    with schema_context(tenant.schema_name):
        return list(AuditEvent.objects.filter(created_at__gte=since_test_began(), **filters).order_by("created_at"))


# --- Every way of writing is recorded -----------------------------------------------------------------


def test_save_create_update_and_delete_are_recorded(tenant_a):
    with schema_context("alpha"):
        client = ClientFactory(name="Ana")
        client.name = "Ana María"
        client.save()
        pk = client.pk
        client.delete()
    assert events(tenant_a, pgh_obj_id=pk) == [
        ("crear", "Ana"),
        ("actualizar", "Ana María"),
        ("eliminar", "Ana María"),
    ]


def test_bulk_create_queryset_update_and_queryset_delete_are_recorded_row_by_row(tenant_a):
    with schema_context("alpha"):
        Client.objects.bulk_create([ClientFactory.build(city="Quito") for _ in range(5)])
        assert Client.objects.filter(city="Quito").update(city="Loja") == 5
        assert Client.objects.filter(city="Loja").delete()[0] == 5
    labels = [label for label, _name in events(tenant_a)]
    assert (labels.count("crear"), labels.count("actualizar"), labels.count("eliminar")) == (5, 5, 5)
    with schema_context("alpha"):
        assert set(ClientEvent.objects.filter(pgh_label="actualizar").values_list("city", flat=True)) == {"Loja"}


def test_the_import_service_records_every_row(tenant_a):
    with schema_context("alpha"):
        from fotostudio.spreadsheets.imports import parse_table
        from fotostudio.spreadsheets.tabular import read_table
        from modules.clients.resources import ClientResource

        table = read_table(upload("clientes.csv", csv_bytes(private_rows(25))))
        assert clients_import(rows=parse_table(table, ClientResource)).created == 25
    assert [label for label, _name in events(tenant_a)] == ["crear"] * 25


def test_raw_insert_select_update_and_copy_are_recorded(tenant_a):
    with schema_context("alpha"), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO clients_client ({CLIENT_COLUMNS}) "
            "SELECT gen_random_uuid(), now(), now(), 'particular', 'pasaporte', 'P' || g, 'Masivo', '', '', '', "
            "'Quito', '', true, '', '', '', '{}' FROM generate_series(1, 3) AS g"
        )
        cursor.execute("UPDATE clients_client SET notes = 'a mano' WHERE name = 'Masivo'")
        with cursor.cursor.copy(f"COPY clients_client ({CLIENT_COLUMNS}) FROM STDIN") as copy:
            now = timezone.now()
            copy.write_row(
                [uuid.uuid4(), now, now, "particular", "cedula", valid_cedula(7), "Copiado", "", "", "", "", "", True]
                + ["", "", "", []]
            )
    assert sorted(events(tenant_a)) == sorted(
        [("crear", "Masivo")] * 3 + [("actualizar", "Masivo")] * 3 + [("crear", "Copiado")]
    )


def test_an_update_that_changes_nothing_but_the_automatic_dates_records_nothing(tenant_a):
    with schema_context("alpha"):
        client = ClientFactory()
        client.save()  # only updated_at moves
        Client.objects.filter(pk=client.pk).update(updated_at=timezone.now())
    assert [label for label, _name in events(tenant_a, pgh_obj_id=client.pk)] == ["crear"]


# --- Context: who, from where, which request ----------------------------------------------------------


def test_an_api_write_records_the_user_of_the_token_the_request_id_and_the_address(tenant_a, make_user, api_client):
    sales = make_user(tenant_a, Role.SALES, username="vendedora")
    response = api_client(tenant_a, sales).post(
        "/api/v1/clients/",
        {"tipo": "particular", "documento": valid_cedula(11), "nombre": "Desde la API"},
        format="json",
        HTTP_X_REQUEST_ID="peticion-api-1",
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 201
    (event,) = trail(tenant_a, model="clients.client")
    assert (event.action, event.object_id, event.user_id, event.username) == (
        "crear",
        response.json()["id"],
        sales.pk,
        "vendedora",
    )
    assert (event.request_id, event.ip_address, event.path, event.channel) == (
        "peticion-api-1",
        "203.0.113.7",
        "/api/v1/clients/",
        "api",
    )


def test_an_admin_form_an_admin_action_and_an_admin_import_record_who_made_them(tenant_a, make_user, admin_client_for):
    manager = make_user(tenant_a, Role.MANAGER, username="gerenta")
    browser = admin_client_for(tenant_a, manager)
    added = browser.post(
        "/admin/clients/client/add/", form_data(document=valid_cedula(21)), HTTP_X_REQUEST_ID="panel-1"
    )
    assert added.status_code == 302
    with schema_context("alpha"):
        client = Client.objects.get(document=valid_cedula(21))
    browser.post(
        "/admin/clients/client/",
        {"action": "deactivate_clients", "_selected_action": [client.pk]},
        HTTP_X_REQUEST_ID="panel-2",
    )
    imported = browser.post(
        "/admin/clients/client/import/",
        {"import_file": upload("lista.csv", csv_bytes(private_rows(3)))},
        HTTP_X_REQUEST_ID="panel-3",
        REMOTE_ADDR="198.51.100.4",
    )
    assert imported.status_code == 302
    lines = [(e.action, e.request_id, e.username, e.channel) for e in trail(tenant_a, model="clients.client")]
    assert lines == [
        ("crear", "panel-1", "gerenta", "admin"),
        ("actualizar", "panel-2", "gerenta", "admin"),
        *[("crear", "panel-3", "gerenta", "admin")] * 3,
    ]
    assert {e.ip_address for e in trail(tenant_a, request_id="panel-3")} == {"198.51.100.4"}


def test_a_write_without_a_request_is_recorded_without_a_user(tenant_a):
    with schema_context("alpha"):
        ClientFactory()
    (event,) = trail(tenant_a, model="clients.client")
    assert (event.user_id, event.username, event.request_id) == (None, "", "")


def test_a_script_can_name_itself_in_the_context(tenant_a):
    import pghistory

    with schema_context("alpha"), pghistory.context(username="tarea nocturna", request_id="cron-42"):
        ClientFactory()
    (event,) = trail(tenant_a, model="clients.client")
    assert (event.username, event.request_id) == ("tarea nocturna", "cron-42")


# --- What is never recorded ---------------------------------------------------------------------------


def test_password_hashes_and_sign_ins_never_reach_the_trail(tenant_a, make_user, api_client):
    user = make_user(tenant_a, Role.SALES)
    columns = {field.name for field in UserEvent._meta.fields}
    assert "password" not in columns and "last_login" not in columns
    api_client(tenant_a).post("/api/v1/auth/token/", {"username": user.username, "password": TEST_PASSWORD})
    with schema_context("alpha"):
        user.refresh_from_db()
        assert user.last_login is not None
        user_change_password(user=user, old_password=TEST_PASSWORD, new_password="Otra-Clave-Segura-2027!")
        user_update(user=user, data={"full_name": "Nombre Nuevo"}, acting_user=user)
        assert list(UserEvent.objects.filter(pgh_obj_id=user.pk).values_list("pgh_label", flat=True)) == [
            "crear",
            "actualizar",
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM users_userevent e WHERE row_to_json(e)::text LIKE %s", [f"%{user.password}%"]
            )
            assert cursor.fetchone()[0] == 0


def test_the_trail_cannot_be_changed_or_deleted_even_in_sql(tenant_a):
    with schema_context("alpha"):
        ClientFactory()
        for statement in ("UPDATE clients_clientevent SET name = 'falso'", "DELETE FROM clients_clientevent"):
            with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(statement)
        assert ClientEvent.objects.filter(pgh_created_at__gte=since_test_began()).count() == 1


# --- One business's trail is its own ------------------------------------------------------------------


def test_a_write_into_one_business_from_a_session_of_another_is_recorded_in_the_first(tenant_a, tenant_b):
    """Fails without the pinning (``fotostudio.audit.schema``): the trigger would resolve its event table
    through the session's search_path, and record alpha's client in beta's trail."""
    with schema_context("beta"), connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0].startswith("beta")
        cursor.execute(
            f'INSERT INTO "alpha".clients_client ({CLIENT_COLUMNS}) VALUES ({client_values("123", "Cruzado")})'
        )
    assert events(tenant_a) == [("crear", "Cruzado")]
    assert events(tenant_b) == []


def test_each_business_sees_only_its_own_trail(tenant_a, tenant_b):
    with schema_context("alpha"):
        ClientFactory(name="De Alfa")
    with schema_context("beta"):
        ClientFactory(name="De Beta")
    assert [(e.model, e.action) for e in trail(tenant_a, model="clients.client")] == [("clients.client", "crear")]
    assert len(trail(tenant_b, model="clients.client")) == 1
    assert events(tenant_a) == [("crear", "De Alfa")] and events(tenant_b) == [("crear", "De Beta")]


def _trigger_functions(schema: str) -> list[tuple[str, list[str] | None]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, p.proconfig FROM pg_proc p WHERE p.pronamespace = %s::regnamespace "
            "AND p.proname LIKE 'pgtrigger\\_%%' ORDER BY 1",
            [schema],
        )
        return cursor.fetchall()


def test_every_schema_has_its_triggers_pinned_to_itself(test_tenants, db):
    for schema in ["public", *test_tenants]:
        functions = _trigger_functions(schema)
        path = "public" if schema == "public" else f"{schema}, public"
        assert functions, schema
        assert {tuple(config or []) for _name, config in functions} == {(f"search_path={path}",)}, schema
    # the platform's users are audited too; the businesses' clients only in the businesses
    assert len(_trigger_functions("alpha")) > len(_trigger_functions("public"))


def test_a_business_created_later_gets_its_triggers_pinned_and_its_trail(test_tenants, db):
    from tenants.services import tenant_create

    tenant_create(
        name="Estudio Nuevo",
        slug="nuevo",
        domain="nuevo.testserver",
        admin_email="admin@nuevo.test",
        admin_password=TEST_PASSWORD,
    )
    assert {tuple(config) for _name, config in _trigger_functions("nuevo")} == {("search_path=nuevo, public",)}
    with schema_context("nuevo"):
        ClientFactory(name="Primero")
        # its first administrator (created with the business), then the client
        people = AuditEvent.objects.filter(model__in=["users.user", "clients.client"]).order_by("created_at")
        assert list(people.values_list("model", "action")) == [("users.user", "crear"), ("clients.client", "crear")]
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [f"nuevo.{VIEW}"])
            assert cursor.fetchone()[0] is not None
    assert Tenant.objects.filter(schema_name="nuevo").exists()


# --- Declaring models ---------------------------------------------------------------------------------


def test_every_model_of_a_module_is_audited_or_says_why_not(replace_module_spec):
    assert check_audited_models() == []
    replace_module_spec("users", not_audited=())
    errors = check_audited_models()
    assert [(error.id, error.obj.__name__) for error in errors] == [("audit.E001", "LoginBucket")]
    assert isinstance(errors[0], checks.Error) and "@audited()" in errors[0].hint
    replace_module_spec("users", not_audited=("LoginBucket", "Nada"))
    assert [error.id for error in check_audited_models()] == ["audit.E002"]


def test_a_migration_with_nothing_to_apply_keeps_the_trail_readable(tenant_a):
    from fotostudio.audit.schema import after_schema_migration, before_schema_migration, has_pending_migrations

    def view_exists() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [f"alpha.{VIEW}"])
            return cursor.fetchone()[0] is not None

    assert not has_pending_migrations("alpha") and has_pending_migrations("no_existe")
    before_schema_migration(None, schema_name="alpha")
    assert view_exists()
    after_schema_migration(None, schema_name="alpha")  # rebuilt the same, pins the same
    assert view_exists()
    assert {tuple(config) for _name, config in _trigger_functions("alpha")} == {("search_path=alpha, public",)}
