"""The logs' API: the audit trail (``/audit/…``), the access log and the activity log. Read-only, for
Administrador and Gerente; every bad parameter is a 400 that says what is allowed."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.audit.models import AccessChannel, AccessLog, AccessResult, ActivityAction, ActivityLog, AuditEvent
from fotostudio.audit.tests.factories import AccessLogFactory
from fotostudio.users.models import User
from fotostudio.users.roles import Role, roles_for
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory, valid_cedula
from tenants.choices import BusinessType

TRAIL = "/api/v1/audit/"
ACCESS = "/api/v1/administracion/logs-acceso/"
ACTIVITY = "/api/v1/administracion/logs-actividad/"
LISTS = [
    TRAIL,
    f"{TRAIL}user/{uuid.uuid4()}/",
    f"{TRAIL}action/crear/",
    f"{TRAIL}model/clients.client/",
    f"{TRAIL}date-range/?desde=2026-01-01&hasta=2026-12-31",
    ACCESS,
    ACTIVITY,
]
READERS = {Role.ADMINISTRATOR, Role.MANAGER}


@pytest.fixture
def since(db):
    """Rows committed by other tests (race tests commit) stay in the append-only trail: count from here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0].date().isoformat()


@pytest.fixture
def admin(make_user, tenant_a):
    return make_user(tenant_a, Role.ADMINISTRATOR, username="jefa")


@pytest.fixture
def api(api_client, tenant_a, admin):
    return api_client(tenant_a, admin)


def client_through_the_api(api, **fields) -> dict:
    body = {"tipo": "particular", "documento": valid_cedula(31), "nombre": "Rosa", **fields}
    response = api.post("/api/v1/clients/", body, format="json", HTTP_X_REQUEST_ID="crear-rosa")
    assert response.status_code == 201, response.json()
    return response.json()


# --- Lists --------------------------------------------------------------------------------------------


def test_the_trail_lists_who_did_what_to_which_record_newest_first(api, admin):
    rosa = client_through_the_api(api)
    api.patch(f"/api/v1/clients/{rosa['id']}/", {"ciudad": "cuenca"}, format="json")
    api.delete(f"/api/v1/clients/{rosa['id']}/")
    results = api.get(TRAIL, {"registro_id": rosa["id"]}).json()["results"]
    assert [row["accion"] for row in results] == ["eliminar", "actualizar", "crear"]
    first = results[-1]
    assert first == {
        "id": first["id"],
        "fecha": first["fecha"],
        "accion": "crear",
        "accion_nombre": "Creación",
        "modelo": "clients.client",
        "modelo_nombre": "Clientes",
        "registro_id": rosa["id"],
        "usuario": {"id": str(admin.pk), "username": "jefa"},
        "ip": "127.0.0.1",
        "id_peticion": "crear-rosa",
        "ruta": "/api/v1/clients/",
        "canal": "api",
    }
    assert "cambios" not in first and "datos" not in first  # the list never computes what changed


def test_by_user_action_and_model(api, admin, make_user, api_client, tenant_a):
    other = make_user(tenant_a, Role.MANAGER)
    client_through_the_api(api)
    client_through_the_api(api_client(tenant_a, other), documento=valid_cedula(32), nombre="Otro")
    by_admin = api.get(f"{TRAIL}user/{admin.pk}/").json()["results"]
    assert {(row["usuario"]["username"], row["modelo"]) for row in by_admin} == {("jefa", "clients.client")}
    created = api.get(f"{TRAIL}action/crear/").json()["results"]
    assert {row["accion"] for row in created} == {"crear"}
    users = api.get(f"{TRAIL}model/users.user/").json()["results"]
    assert {row["modelo"] for row in users} == {"users.user"}
    assert {str(admin.pk), str(other.pk)} <= {row["registro_id"] for row in users}
    # the filters of the list work on every route
    both = api.get(f"{TRAIL}model/clients.client/", {"usuario": str(other.pk)}).json()["results"]
    assert [row["usuario"]["id"] for row in both] == [str(other.pk)]


def test_the_events_of_a_deleted_user_are_kept_and_found_by_their_id(api, make_user, tenant_a, admin):
    gone = make_user(tenant_a, Role.SALES, username="se_fue")
    gone_id = gone.pk
    with schema_context("alpha"):
        from fotostudio.users.services import user_delete

        user_delete(user=gone, acting_user=admin)
    results = api.get(f"{TRAIL}model/users.user/", {"registro_id": str(gone_id)}).json()["results"]
    assert [row["accion"] for row in results] == ["eliminar", "crear"]


def test_the_date_range_covers_whole_days_in_the_business_time_zone(api, tenant_a):
    with schema_context("alpha"):
        ClientFactory(name="Hoy")
    today = timezone.localdate()
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    in_range = api.get(f"{TRAIL}date-range/", {"desde": today.isoformat(), "hasta": today.isoformat()}).json()
    assert any(row["modelo"] == "clients.client" for row in in_range["results"])
    after = api.get(f"{TRAIL}date-range/", {"desde": tomorrow}).json()
    assert after["count"] == 0
    assert api.get(f"{TRAIL}date-range/").status_code == 200  # an open range is the whole trail


def test_exports_are_in_the_activity_list_and_the_trail(api, admin_client_for, tenant_a, admin, since):
    with schema_context("alpha"):
        ClientFactory()
    exported = admin_client_for(tenant_a, admin).post("/admin/clients/client/export/?ciudad=Quito", {"format": "0"})
    assert exported.status_code == 200
    activity = api.get(ACTIVITY, {"accion": "exportar", "desde": since}).json()["results"]
    assert [(row["accion"], row["modelo"], row["usuario"]["username"]) for row in activity] == [
        ("exportar", "clients.client", "jefa")
    ]
    detail = api.get(f"{TRAIL}{activity[0]['id']}/").json()
    assert detail["exportacion"] == {"filas": 1, "formato": "xlsx", "filtros": {"ciudad": "Quito"}}
    assert detail["cambios"] == [] and detail["registro_id"] is None


def test_the_access_log_lists_sign_ins_failures_and_throttling(api, api_client, tenant_a, admin, since):
    api_client(tenant_a).post("/api/v1/auth/token/", {"username": "jefa", "password": "mala"}, REMOTE_ADDR="192.0.2.1")
    with schema_context("alpha"):
        AccessLogFactory(result=AccessResult.THROTTLED, username="jefa")
        AccessLogFactory(result=AccessResult.LOGIN, user=admin, username="jefa", channel=AccessChannel.ADMIN)
    rows = api.get(ACCESS, {"desde": since, "ordering": "fecha"}).json()["results"]
    assert [(row["resultado"], row["usuario_intentado"]) for row in rows] == [
        ("login_failed", "jefa"),
        ("throttled", "jefa"),
        ("login", "jefa"),
    ]
    assert rows[0]["ip"] == "192.0.2.1" and rows[0]["usuario"] is None
    assert rows[2]["usuario"] == {"id": str(admin.pk), "username": "jefa"} and rows[2]["canal"] == "admin"
    failed = api.get(ACCESS, {"resultado": "login_failed", "desde": since}).json()["results"]
    assert [row["resultado"] for row in failed] == ["login_failed"]
    from_there = api.get(ACCESS, {"ip": "192.0.2.1", "desde": since}).json()["results"]
    assert [row["resultado"] for row in from_there] == ["login_failed"]
    one = api.get(f"{ACCESS}{rows[1]['id']}/")
    assert one.status_code == 200 and one.json()["resultado_nombre"] == "Bloqueado por exceso de intentos"


# --- Detail: what changed -----------------------------------------------------------------------------


def test_the_detail_says_what_changed_before_and_after(api):
    rosa = client_through_the_api(api, email="rosa@example.com")
    api.patch(f"/api/v1/clients/{rosa['id']}/", {"ciudad": "cuenca", "email": ""}, format="json")
    api.delete(f"/api/v1/clients/{rosa['id']}/")
    created, updated, deleted = reversed(api.get(TRAIL, {"registro_id": rosa["id"]}).json()["results"])
    change = api.get(f"{TRAIL}{updated['id']}/").json()
    assert change["cambios"] == [
        {"campo": "email", "etiqueta": "Correo electrónico", "antes": "rosa@example.com", "despues": ""},
        {"campo": "ciudad", "etiqueta": "Ciudad", "antes": "", "despues": "Cuenca"},
    ]
    assert change["antes_disponible"] is True and change["datos"]["ciudad"] == "Cuenca"
    assert change["exportacion"] is None
    creation = api.get(f"{TRAIL}{created['id']}/").json()["cambios"]
    assert {"campo": "nombre", "etiqueta": "Nombre", "antes": None, "despues": "Rosa"} in creation
    assert all(row["antes"] is None for row in creation)
    deletion = api.get(f"{TRAIL}{deleted['id']}/").json()["cambios"]
    assert {"campo": "nombre", "etiqueta": "Nombre", "antes": "Rosa", "despues": None} in deletion


def test_a_change_to_a_record_older_than_the_trail_says_the_before_is_unknown(api):
    with schema_context("alpha"):
        client = ClientFactory(name="Antiguo")
        # A record from before auditing started has no events: take this one's away (bypassing append-only).
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE clients_clientevent DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM clients_clientevent WHERE pgh_obj_id = %s", [client.pk])
            cursor.execute("ALTER TABLE clients_clientevent ENABLE TRIGGER USER")
    api.patch(f"/api/v1/clients/{client.pk}/", {"nombre": "Antiguo Renombrado"}, format="json")
    (event,) = api.get(TRAIL, {"registro_id": str(client.pk)}).json()["results"]
    detail = api.get(f"{TRAIL}{event['id']}/").json()
    assert (detail["antes_disponible"], detail["cambios"], detail["datos"]["nombre"]) == (
        False,
        [],
        "Antiguo Renombrado",
    )


def test_the_detail_of_a_user_never_shows_a_password(api, make_user, tenant_a):
    user = make_user(tenant_a, Role.SALES)
    (event,) = api.get(f"{TRAIL}model/users.user/", {"registro_id": str(user.pk)}).json()["results"]
    detail = api.get(f"{TRAIL}{event['id']}/").json()
    assert "password" not in detail["datos"] and "last_login" not in detail["datos"]
    assert detail["datos"]["username"] == user.username


# --- Refusals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "code", "says"),
    [
        (f"{TRAIL}action/borrar/", "audit_invalid_action", "crear, actualizar, eliminar, exportar"),
        (f"{TRAIL}model/clients.cliente/", "audit_invalid_model", "clients.client, configuration.setting"),
        (f"{TRAIL}user/12/", "audit_invalid_user", "UUID"),
        (f"{TRAIL}date-range/?desde=31/01/2026", "invalid", "AAAA-MM-DD"),
        (f"{TRAIL}date-range/?desde=2026-02-30", "invalid", "AAAA-MM-DD"),
        (f"{TRAIL}date-range/?desde=2026-02-01&hasta=2026-01-01", "invalid", "anterior"),
        (f"{TRAIL}?accion=borrar", "invalid", "crear, actualizar, eliminar, exportar"),
        (f"{TRAIL}?modelo=clientes", "invalid", "clients.client"),
        (f"{TRAIL}?usuario=jefa", "invalid", "UUID"),
        (f"{TRAIL}?ordering=-date", "invalid", "fecha"),
        (f"{ACCESS}?resultado=ok", "invalid", "login, login_failed"),
        (f"{ACCESS}?hasta=ayer", "invalid", "AAAA-MM-DD"),
        (f"{ACCESS}?ip=change", "invalid", "IPv4"),
        (f"{ACTIVITY}?desde=hoy", "invalid", "AAAA-MM-DD"),
    ],
)
def test_a_bad_parameter_is_a_400_saying_what_is_allowed(api, path, code, says):
    response = api.get(path)
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == code
    assert says in str(body), body


@pytest.mark.parametrize("path", [f"{TRAIL}{uuid.uuid4()}/", f"{ACCESS}{uuid.uuid4()}/"])
def test_an_unknown_id_is_a_404(api, path):
    response = api.get(path)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_another_business_logs_are_404_and_never_listed(api_client, make_user, tenant_a, tenant_b, api):
    with schema_context("beta"):
        theirs_client = ClientFactory()
        theirs_event = AuditEvent.objects.get(object_id=str(theirs_client.pk))
        theirs_access = AccessLogFactory()
    assert api.get(f"{TRAIL}{theirs_event.pk}/").status_code == 404
    assert api.get(f"{ACCESS}{theirs_access.pk}/").status_code == 404
    ids = {
        row["id"] for path in (TRAIL, ACTIVITY, ACCESS) for row in api.get(path, {"page_size": 100}).json()["results"]
    }
    assert str(theirs_event.pk) not in ids and str(theirs_access.pk) not in ids
    assert api.get(TRAIL, {"registro_id": str(theirs_client.pk)}).json()["count"] == 0


@pytest.mark.parametrize("path", [*LISTS, f"{ACCESS}{uuid.uuid4()}/", f"{TRAIL}{uuid.uuid4()}/"])
def test_without_a_token_it_is_401(api_client, tenant_a, path):
    assert api_client(tenant_a).get(path).status_code == 401


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_only_administrador_and_gerente_read_the_logs(role, api_client, make_user, tenant_a):
    with schema_context("alpha"):
        event = AuditEvent.objects.order_by("-created_at").first()
        access = AccessLogFactory()
    api = api_client(tenant_a, make_user(tenant_a, role))
    expected = 200 if role in READERS else 403
    for path in [*LISTS, f"{ACCESS}{access.pk}/", f"{TRAIL}{event.pk}/"]:
        response = api.get(path)
        assert response.status_code == expected, (path, response.status_code)
        if expected == 403:
            assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("role", roles_for(BusinessType.AGRO_TRACEABILITY))
def test_in_an_agro_business_too(role, api_client, make_user, tenant_agro):
    response = api_client(tenant_agro, make_user(tenant_agro, role)).get(ACTIVITY)
    assert response.status_code == (200 if role in READERS else 403)


def test_nobody_writes_the_logs_not_even_a_superuser(api_client, tenant_a):
    from conftest import first_admin

    superuser = first_admin(tenant_a)
    assert superuser.is_superuser
    api = api_client(tenant_a, superuser)
    with schema_context("alpha"):
        event = AuditEvent.objects.order_by("-created_at").first()
        access = AccessLogFactory()
    for path in (TRAIL, ACCESS, ACTIVITY, f"{TRAIL}{event.pk}/", f"{ACCESS}{access.pk}/"):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(api, method)(path, {}, format="json")
            assert response.status_code == 405, (method, path, response.status_code)
    with schema_context("alpha"):
        assert AccessLog.objects.filter(pk=access.pk).exists()
        assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- Fixed cost whatever the size ---------------------------------------------------------------------


@pytest.mark.parametrize("path", LISTS)
def test_every_list_runs_a_fixed_number_of_queries(path, api, tenant_a, django_assert_max_num_queries):
    api.get(TRAIL)  # warms the tenant resolution cache
    with schema_context("alpha"):
        clients = [ClientFactory() for _ in range(20)]
        Client.objects.filter(pk__in=[c.pk for c in clients]).update(city="Loja")
        for number in range(20):
            User.objects.create(username=f"lote{number}", email=f"lote{number}@example.com")
            AccessLogFactory()
            ActivityLog.objects.create(action=ActivityAction.EXPORT, model="clients.client", row_count=number)
    with django_assert_max_num_queries(6):  # schema, user, two for permissions, count, page
        response = api.get(path, {"page_size": 50})
    assert response.status_code == 200


def test_the_detail_reads_what_changed_with_one_query(api, tenant_a, django_assert_max_num_queries):
    rosa = client_through_the_api(api)
    for city in ("quito", "loja", "cuenca"):
        api.patch(f"/api/v1/clients/{rosa['id']}/", {"ciudad": city}, format="json")
    latest = api.get(TRAIL, {"registro_id": rosa["id"]}).json()["results"][0]
    with django_assert_max_num_queries(6):  # schema, user, two for permissions, the event, what it changed
        detail = api.get(f"{TRAIL}{latest['id']}/").json()
    assert [(c["antes"], c["despues"]) for c in detail["cambios"]] == [("Loja", "Cuenca")]


@pytest.mark.parametrize(
    "path",
    [
        "/api/audit/",
        f"/api/audit/user/{uuid.uuid4()}/",
        "/api/audit/action/eliminar/",
        "/api/audit/model/users.user/",
        "/api/audit/date-range/?desde=2026-01-01&hasta=2026-01-31",
        "/api/administracion/logs-acceso/",
        "/api/administracion/logs-actividad/",
    ],
)
def test_the_seed_paths_answer_without_the_version_too(api, path):
    response = api.get(path)
    assert response.status_code == 200 and set(response.json()) == {"count", "next", "previous", "results"}
