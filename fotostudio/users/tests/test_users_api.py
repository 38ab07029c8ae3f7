"""Users CRUD for administrators, the permissions list, and per-role access."""

import json
import uuid

import pytest
import yaml
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from conftest import TEST_PASSWORD
from fotostudio.core.management.commands.openapi import render_document
from fotostudio.users.models import Role, User
from fotostudio.users.roles import roles_for
from tenants.choices import BusinessType

STUDIO_ROLES = [role.value for role in roles_for(BusinessType.PHOTO_STUDIO)]


def _new_user(**overrides):
    return {
        "username": "nuevo",
        "email": "Nuevo@Alfa.test",
        "nombre_completo": "Nora Nuevo",
        "telefono": "0990000000",
        "password": TEST_PASSWORD,
        "roles": ["Ventas", "Fotógrafo"],
        **overrides,
    }


@pytest.fixture
def admin_api(tenant_a, make_user, api_client):
    return api_client(tenant_a, make_user(tenant_a, "Administrador", username="jefa"))


def test_administrator_creates_reads_updates_and_deletes_a_user(admin_api, tenant_a):
    created = admin_api.post("/api/v1/users/", _new_user(), format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["email"] == "nuevo@alfa.test"
    assert sorted(body["roles"]) == ["Fotógrafo", "Ventas"]
    assert body["es_activo"] is True
    assert "password" not in body
    user_id = body["id"]
    uuid.UUID(user_id)
    with schema_context("alpha"):
        assert User.objects.get(pk=user_id).check_password(TEST_PASSWORD)

    detail = admin_api.get(f"/api/users/{user_id}/")
    assert detail.status_code == 200
    assert detail.json()["nombre_completo"] == "Nora Nuevo"

    patched = admin_api.patch(f"/api/v1/users/{user_id}/", {"roles": ["Gerente"], "es_activo": False}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["roles"], patched.json()["es_activo"]) == (["Gerente"], False)

    replaced = admin_api.put(
        f"/api/v1/users/{user_id}/",
        {
            "username": "nuevo2",
            "email": "n2@alfa.test",
            "nombre_completo": "N",
            "roles": [],
            "password": "Nueva-Clave-99",
        },
        format="json",
    )
    assert replaced.status_code == 200
    assert (replaced.json()["username"], replaced.json()["roles"]) == ("nuevo2", [])
    with schema_context("alpha"):
        assert User.objects.get(pk=user_id).check_password("Nueva-Clave-99")

    assert admin_api.delete(f"/api/v1/users/{user_id}/").status_code == 204
    assert admin_api.get(f"/api/v1/users/{user_id}/").status_code == 404


def test_creating_a_user_needs_a_password_valid_fields_and_known_roles(admin_api):
    no_password = admin_api.post("/api/v1/users/", _new_user(password=""), format="json")
    assert no_password.status_code == 400
    assert "password" in no_password.json()["errors"]
    weak = admin_api.post("/api/v1/users/", _new_user(password="123"), format="json")
    assert weak.status_code == 400
    assert weak.json()["code"] == "user_invalid_password"
    bad = admin_api.post("/api/v1/users/", _new_user(email="no-es-correo", roles=["Jefe"]), format="json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"email", "roles"}
    bad_username = admin_api.post("/api/v1/users/", _new_user(username="con espacios"), format="json")
    assert bad_username.status_code == 400
    assert "username" in bad_username.json()["errors"]


def test_duplicate_username_or_email_is_409(admin_api, tenant_a, make_user):
    make_user(tenant_a, username="repetido", email="repetido@alfa.test")
    same_username = admin_api.post("/api/v1/users/", _new_user(username="REPETIDO"), format="json")
    assert same_username.status_code == 409
    assert same_username.json()["code"] == "user_duplicate_username"
    assert same_username.json()["errors"] == {"username": ["Ya está en uso."]}
    same_email = admin_api.post("/api/v1/users/", _new_user(email="Repetido@alfa.test"), format="json")
    assert same_email.status_code == 409
    assert same_email.json()["code"] == "user_duplicate_email"


def test_the_same_username_may_exist_in_two_tenants(admin_api, tenant_b, make_user):
    make_user(tenant_b, username="nuevo", email="nuevo@alfa.test")
    assert admin_api.post("/api/v1/users/", _new_user(), format="json").status_code == 201


def test_an_administrator_cannot_delete_themself(admin_api):
    me = admin_api.get("/api/v1/auth/profile/").json()["id"]
    response = admin_api.delete(f"/api/v1/users/{me}/")
    assert response.status_code == 409
    assert response.json()["code"] == "user_self_delete"


def test_users_of_another_tenant_are_not_found(admin_api, tenant_b, make_user):
    stranger = make_user(tenant_b, username="ajeno")
    assert admin_api.get(f"/api/v1/users/{stranger.pk}/").status_code == 404
    usernames = [user["username"] for user in admin_api.get("/api/v1/users/?page_size=100").json()["results"]]
    assert "ajeno" not in usernames


def test_users_list_filters_searches_and_orders(admin_api, tenant_a, make_user):
    make_user(tenant_a, "Ventas", username="ana_ventas", full_name="Ana")
    make_user(tenant_a, "Ventas", username="beto_ventas", is_active=False)
    make_user(tenant_a, "Contabilidad", username="carla")
    sales = admin_api.get("/api/v1/users/?rol=Ventas").json()["results"]
    assert [user["username"] for user in sales] == ["ana_ventas", "beto_ventas"]
    active_sales = admin_api.get("/api/v1/users/?rol=Ventas&es_activo=true").json()["results"]
    assert [user["username"] for user in active_sales] == ["ana_ventas"]
    found = admin_api.get("/api/v1/users/?search=carla").json()["results"]
    assert [user["username"] for user in found] == ["carla"]
    ordered = admin_api.get("/api/v1/users/?ordering=-username").json()["results"]
    assert [user["username"] for user in ordered] == sorted((u["username"] for u in ordered), reverse=True)


def test_users_list_paginates_with_default_10_and_at_most_100(admin_api, tenant_a, make_user):
    for number in range(11):
        make_user(tenant_a, username=f"pag{number:02d}")
    first = admin_api.get("/api/v1/users/").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 13  # tenant admin, jefa and the eleven
    assert len(first["results"]) == 10
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = admin_api.get(first["next"]).json()
    assert len(second["results"]) == 3
    assert second["next"] is None
    assert len(admin_api.get("/api/v1/users/?page_size=5").json()["results"]) == 5
    assert admin_api.get("/api/v1/users/?page_size=1000").json()["next"] is None  # capped at 100, all fit
    assert admin_api.get("/api/v1/users/?page_size=0").status_code == 400  # out of range: said, not guessed
    out_of_range = admin_api.get("/api/v1/users/?page=99")
    assert out_of_range.status_code == 404
    assert out_of_range.json()["code"] == "not_found"


def test_page_size_is_capped_at_100(admin_api, tenant_a):
    with schema_context("alpha"):
        User.objects.bulk_create(
            [User(username=f"masivo{number}", email=f"masivo{number}@alfa.test") for number in range(105)]
        )
    body = admin_api.get("/api/v1/users/?page_size=500").json()
    assert len(body["results"]) == 100
    assert body["next"] is not None


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_users_list_runs_a_fixed_number_of_queries(admin_api, tenant_a, django_assert_max_num_queries):
    with schema_context("alpha"):
        users = User.objects.bulk_create([User(username=f"q{n}", email=f"q{n}@alfa.test") for n in range(30)])
        sales = Group.objects.get(name="Ventas")
        for user in users:
            user.groups.add(sales)
    admin_api.get("/api/v1/users/")  # tenant resolution cached
    # search_path, token user, user's and role's permissions, count, page, roles of the page
    with django_assert_max_num_queries(7):
        body = admin_api.get("/api/v1/users/?page_size=100").json()
    assert len(body["results"]) == 32
    assert _queries(admin_api, "/api/v1/users/?page_size=2") == _queries(admin_api, "/api/v1/users/?page_size=100")


# --- per-role access ------------------------------------------------------------------------

READERS = {Role.ADMINISTRATOR, Role.MANAGER}
WRITERS = {Role.ADMINISTRATOR}


@pytest.mark.parametrize("role", [*STUDIO_ROLES, None])
def test_users_endpoint_access_follows_the_roles_model_permissions(role, tenant_a, make_user, api_client):
    client = api_client(tenant_a, make_user(tenant_a, role))
    target = make_user(tenant_a, username="objetivo")
    can_read, can_write = role in READERS, role in WRITERS
    assert client.get("/api/v1/users/").status_code == (200 if can_read else 403)
    assert client.get(f"/api/v1/users/{target.pk}/").status_code == (200 if can_read else 403)
    created = client.post("/api/v1/users/", _new_user(), format="json")
    assert created.status_code == (201 if can_write else 403)
    patched = client.patch(f"/api/v1/users/{target.pk}/", {"telefono": "0991234567"}, format="json")
    assert patched.status_code == (200 if can_write else 403)
    assert client.delete(f"/api/v1/users/{target.pk}/").status_code == (204 if can_write else 403)
    if not can_write:
        assert created.json() == {
            "detail": "Usted no tiene permiso para realizar esta acción.",
            "code": "permission_denied",
        }


def test_users_endpoint_needs_a_token(tenant_a, api_client):
    response = api_client(tenant_a).get("/api/v1/users/")
    assert response.status_code == 401


def test_platform_staff_manage_platform_users_on_the_public_host(test_tenants, make_user, api_client):
    staff = make_user(None, is_superuser=True, username="soporte")
    usernames = [user["username"] for user in api_client(None, staff).get("/api/v1/users/").json()["results"]]
    assert "soporte" in usernames
    assert "admin" not in usernames  # tenants' administrators live in their schemas


# --- permissions ----------------------------------------------------------------------------


def test_permissions_list_shape_for_any_signed_in_user(tenant_a, make_user, api_client):
    client = api_client(tenant_a, make_user(tenant_a, "Solo lectura"))
    response = client.get("/api/v1/usuarios/permisos/?page_size=100")
    assert response.status_code == 200
    results, page = [], response.json()
    while True:  # every module's permissions: more than one page
        results += page["results"]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert set(results[0]) == {"id", "nombre", "descripcion", "codigo"}
    codes = {permission["codigo"] for permission in results}
    assert {"users.view_user", "users.add_user", "audit.view_accesslog", "users.change_rolegroup"} <= codes
    assert not any(code.startswith(("sessions.", "contenttypes.", "admin.")) for code in codes)
    assert not any(code.endswith("_permission") for code in codes)
    view_user = next(permission for permission in results if permission["codigo"] == "users.view_user")
    assert "usuarios" in view_user["descripcion"]
    assert api_client(tenant_a).get("/api/v1/usuarios/permisos/").status_code == 401


def test_permissions_list_runs_a_fixed_number_of_queries(
    tenant_a, make_user, api_client, django_assert_max_num_queries
):
    client = api_client(tenant_a, make_user(tenant_a, "Ventas"))
    client.get("/api/v1/usuarios/permisos/")
    # search_path, token user, count, page (content types come from Django's cache)
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/usuarios/permisos/?page_size=100").status_code == 200
    assert _queries(client, "/api/v1/usuarios/permisos/?page_size=2") == _queries(
        client, "/api/v1/usuarios/permisos/?page_size=100"
    )


def test_creating_a_user_without_the_password_key_is_400(admin_api):
    data = _new_user()
    del data["password"]
    response = admin_api.post("/api/v1/users/", data, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["password"] == ["La contraseña es obligatoria al crear un usuario."]


def test_an_unknown_filter_value_is_400_with_the_field(admin_api):
    response = admin_api.get("/api/v1/users/?rol=Jefe")
    assert response.status_code == 400
    assert "rol" in response.json()["errors"]


def test_put_keeps_what_it_leaves_out_and_changes_what_it_sends(admin_api, tenant_a, make_user):
    user = make_user(tenant_a, "Ventas", full_name="Vera Ventas", phone="0991112222", is_active=False)
    url = f"/api/v1/users/{user.pk}/"
    kept = admin_api.put(url, {"username": user.username, "email": user.email}, format="json")
    assert kept.status_code == 200
    body = kept.json()
    assert (body["es_activo"], body["roles"]) == (False, ["Ventas"])  # not reactivated, roles not cleared
    assert (body["nombre_completo"], body["telefono"]) == ("Vera Ventas", "0991112222")
    with schema_context(tenant_a.schema_name):
        user.refresh_from_db()
        assert user.is_active is False
        assert list(user.groups.values_list("name", flat=True)) == ["Ventas"]

    changed = admin_api.put(
        url,
        {"username": user.username, "email": user.email, "es_activo": True, "roles": ["Gerente"], "telefono": ""},
        format="json",
    )
    assert changed.status_code == 200
    assert (changed.json()["es_activo"], changed.json()["roles"], changed.json()["telefono"]) == (True, ["Gerente"], "")
    cleared = admin_api.put(url, {"username": user.username, "email": user.email, "roles": []}, format="json")
    assert (cleared.json()["es_activo"], cleared.json()["roles"]) == (True, [])


def test_put_still_requires_the_required_fields(admin_api, tenant_a, make_user):
    user = make_user(tenant_a, "Ventas")
    response = admin_api.put(f"/api/v1/users/{user.pk}/", {"es_activo": True}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "email"}


def test_post_defaults_to_an_active_user_without_roles(admin_api):
    payload = _new_user()
    del payload["roles"]
    created = admin_api.post("/api/v1/users/", payload, format="json")
    assert created.status_code == 201
    assert (created.json()["es_activo"], created.json()["roles"]) == (True, [])


def test_the_last_administrator_cannot_be_demoted_deactivated_or_deleted_through_the_api(
    tenant_a, make_user, api_client
):
    """``jefa`` (admin_api) is alone once the tenant's first administrator is deactivated."""
    me = make_user(tenant_a, "Administrador", username="sola")
    client = api_client(tenant_a, me)
    with schema_context("alpha"):
        first = User.objects.get(username="admin")
    assert client.patch(f"/api/v1/users/{first.pk}/", {"es_activo": False}, format="json").status_code == 200
    url = f"/api/v1/users/{me.pk}/"
    for change in ({"roles": ["Gerente"]}, {"es_activo": False}):
        response = client.patch(url, change, format="json")
        assert response.status_code == 409
        body = response.json()
        assert body["code"] == "user_last_administrator"
        assert "único Administrador activo" in body["detail"]
    other = api_client(tenant_a, make_user(tenant_a, "Administrador", username="otra_admin"))
    # with a second one, deleting the first is fine; the second one is then the last
    assert other.delete(url).status_code == 204
    with schema_context("alpha"):
        second = User.objects.get(username="otra_admin")
    assert (
        other.put(
            f"/api/v1/users/{second.pk}/", {"username": "otra_admin", "email": second.email, "roles": []}, format="json"
        ).json()["code"]
        == "user_last_administrator"
    )


def test_users_phones_are_compacted_and_control_characters_refused(admin_api, tenant_a, make_user):
    created = admin_api.post("/api/v1/users/", _new_user(telefono=" (02) 245-6789 "), format="json")
    assert created.status_code == 201
    assert created.json()["telefono"] == "022456789"
    url = f"/api/v1/users/{created.json()['id']}/"
    for phone in ("099\x07234567", "099\x00234567", "+593 99\x85123 4567", "099\t12\n34567\x1f", "12"):
        body = json.dumps({"telefono": phone})  # control characters travel escaped, as a client sends them
        response = admin_api.patch(url, body, content_type="application/json")
        assert response.status_code == 400, repr(phone)
        assert list(response.json()["errors"]) == ["telefono"], repr(phone)
    body = json.dumps(_new_user(username="otro", email="o@alfa.test", telefono="099\x01"))
    refused = admin_api.post("/api/v1/users/", body, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["telefono"]
    assert admin_api.get(url).json()["telefono"] == "022456789"


@pytest.mark.parametrize("document", ["photo_studio", "agro_traceability", "platform"])
def test_ultimo_acceso_is_a_nullable_read_only_date_time_in_the_openapi_documents(document, db):
    """A user who never signed in has no last sign-in: the frontend must expect ``null``."""
    schema = yaml.safe_load(render_document(document))
    for component in ("User", "Profile"):
        field = schema["components"]["schemas"][component]["properties"]["ultimo_acceso"]
        assert (field["type"], field["format"], field["nullable"], field["readOnly"]) == (
            "string",
            "date-time",
            True,
            True,
        ), (document, component)
    for component in ("UserRequest", "PatchedProfileRequest"):
        assert "ultimo_acceso" not in schema["components"]["schemas"][component]["properties"]


def test_a_user_who_never_signed_in_has_a_null_ultimo_acceso(admin_api, tenant_a, make_user):
    user = make_user(tenant_a, username="nunca")
    assert admin_api.get(f"/api/v1/users/{user.pk}/").json()["ultimo_acceso"] is None
