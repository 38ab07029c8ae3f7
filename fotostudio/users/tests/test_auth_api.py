"""Authentication endpoints: token/login, refresh, logout, profile, change-password, and token binding."""

import json
import uuid

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import TEST_PASSWORD, host_of
from fotostudio.audit.models import AccessChannel, AccessLog, AccessResult
from fotostudio.users.models import User
from fotostudio.users.services import user_update
from fotostudio.users.tokens import tokens_for_user


def _login(tenant, username, password=TEST_PASSWORD, path="/api/v1/auth/token/"):
    return APIClient(HTTP_HOST=host_of(tenant)).post(path, {"username": username, "password": password}, format="json")


def _bearer(tenant, access) -> APIClient:
    client = APIClient(HTTP_HOST=host_of(tenant))
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def _logs(tenant):
    with schema_context(tenant.schema_name):
        return list(AccessLog.objects.order_by("created_at").values_list("result", "username", "channel"))


# --- token / login --------------------------------------------------------------------


def test_token_endpoint_returns_access_refresh_and_the_user(tenant_a, make_user):
    user = make_user(tenant_a, "Ventas", username="vera", email="Vera@Alfa.test", full_name="Vera Ruiz")
    response = _login(tenant_a, "vera")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh", "usuario"}
    assert body["usuario"] == {
        "id": str(user.pk),
        "email": "vera@alfa.test",
        "nombre_completo": "Vera Ruiz",
        "roles": ["Ventas"],
    }
    assert _bearer(tenant_a, body["access"]).get("/api/v1/auth/profile/").json()["username"] == "vera"


@pytest.mark.parametrize("path", ["/api/v1/auth/login/", "/api/auth/login/", "/api/auth/token/"])
def test_the_login_paths_behave_the_same(path, tenant_a, make_user):
    make_user(tenant_a, "Gerente", username="gema")
    response = _login(tenant_a, "gema", path=path)
    assert response.status_code == 200
    assert response.json()["usuario"]["roles"] == ["Gerente"]


def test_login_accepts_the_email_in_any_case(tenant_a, make_user):
    make_user(tenant_a, username="correo", email="correo@alfa.test")
    assert _login(tenant_a, "CORREO@alfa.test").status_code == 200
    assert _login(tenant_a, "Correo").status_code == 200


def test_wrong_password_is_401_invalid_credentials(tenant_a, make_user):
    make_user(tenant_a, username="mala")
    response = _login(tenant_a, "mala", "no-es-esta")
    assert response.status_code == 401
    assert response.json() == {"detail": "Credenciales inválidas.", "code": "invalid_credentials"}
    assert _login(tenant_a, "nadie-existe").status_code == 401


def test_missing_fields_are_400_with_errors_by_field(tenant_a):
    response = APIClient(HTTP_HOST=host_of(tenant_a)).post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"username", "password"}
    assert body["detail"]


def test_a_body_that_is_not_an_object_is_400_not_500(tenant_a):
    response = APIClient(HTTP_HOST=host_of(tenant_a)).post("/api/v1/auth/token/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_inactive_user_cannot_sign_in(tenant_a, make_user):
    make_user(tenant_a, username="inactivo", is_active=False)
    assert _login(tenant_a, "inactivo").status_code == 401


def test_a_stale_authorization_header_does_not_block_signing_in(tenant_a, make_user):
    make_user(tenant_a, username="vuelve")
    client = _bearer(tenant_a, "token.caducado.viejo")
    response = client.post("/api/v1/auth/token/", {"username": "vuelve", "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200


def test_login_and_failed_login_write_access_log_rows(tenant_a, make_user):
    user = make_user(tenant_a, username="auditado")
    _login(tenant_a, "auditado", "mal")
    _login(tenant_a, "auditado")
    assert _logs(tenant_a) == [
        (AccessResult.LOGIN_FAILED, "auditado", AccessChannel.API),
        (AccessResult.LOGIN, "auditado", AccessChannel.API),
    ]
    with schema_context("alpha"):
        log = AccessLog.objects.get(result=AccessResult.LOGIN)
        assert log.user_id == user.pk
        assert log.ip_address == "127.0.0.1"
        user.refresh_from_db()
        assert user.last_login is not None


def test_platform_staff_sign_in_on_the_public_host(test_tenants, make_user):
    make_user(None, username="plataforma", is_superuser=True)
    response = APIClient(HTTP_HOST="testserver").post(
        "/api/v1/auth/token/", {"username": "plataforma", "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200


# --- token binding and revocation ----------------------------------------------------------


def test_a_token_from_one_tenant_is_401_on_another(tenant_a, tenant_b, make_user):
    make_user(tenant_a, "Administrador", username="viajero")
    access = _login(tenant_a, "viajero").json()["access"]
    response = _bearer(tenant_b, access).get("/api/v1/tenants/current/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
    assert response.json()["detail"] == "El token pertenece a otro negocio."
    assert _bearer(tenant_a, access).get("/api/v1/tenants/current/").status_code == 200


def test_a_platform_token_is_401_on_a_tenant(tenant_a, make_user, api_client):
    staff = make_user(None, is_superuser=True)
    client = api_client(None, staff)
    client.defaults["HTTP_HOST"] = host_of(tenant_a)
    assert client.get("/api/v1/auth/profile/").status_code == 401


def test_a_token_with_the_same_user_id_in_another_schema_is_still_refused(tenant_a, tenant_b, make_user):
    user = make_user(tenant_a, username="gemelo")
    with schema_context("beta"):
        User.objects.create(id=user.pk, username="gemelo", email="gemelo@beta.test")
    access = _login(tenant_a, "gemelo").json()["access"]
    assert _bearer(tenant_b, access).get("/api/v1/auth/profile/").status_code == 401


def test_garbage_token_is_401(tenant_a):
    response = _bearer(tenant_a, "no.es.jwt").get("/api/v1/auth/profile/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_a_deactivated_users_tokens_stop_working_at_once(tenant_a, make_user):
    user = make_user(tenant_a, "Administrador", username="despedido")
    tokens = _login(tenant_a, "despedido").json()
    client = _bearer(tenant_a, tokens["access"])
    assert client.get("/api/v1/auth/profile/").status_code == 200
    with schema_context("alpha"):
        user_update(user=user, data={"is_active": False})
    response = client.get("/api/v1/auth/profile/")
    assert response.status_code == 401
    assert response.json() == {"detail": "El usuario está desactivado.", "code": "user_inactive"}
    refresh = APIClient(HTTP_HOST=host_of(tenant_a)).post(
        "/api/v1/auth/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refresh.status_code == 401


# --- refresh ------------------------------------------------------------------------------


def test_refresh_rotates_and_the_old_refresh_token_dies(tenant_a, make_user):
    make_user(tenant_a, username="rota")
    tokens = _login(tenant_a, "rota").json()
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    response = client.post("/api/auth/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 200
    rotated = response.json()
    assert set(rotated) == {"access", "refresh"}
    assert rotated["refresh"] != tokens["refresh"]
    assert _bearer(tenant_a, rotated["access"]).get("/api/v1/auth/profile/").status_code == 200
    reused = client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert reused.status_code == 401
    assert reused.json()["code"] == "token_not_valid"


def test_a_refresh_token_of_a_user_deactivated_behind_the_services_back_is_401(tenant_a, make_user):
    make_user(tenant_a, username="apagado")
    tokens = _login(tenant_a, "apagado").json()
    with schema_context("alpha"):
        User.objects.filter(username="apagado").update(is_active=False)  # no revocation on this path
    response = APIClient(HTTP_HOST=host_of(tenant_a)).post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]})
    assert response.status_code == 401
    assert response.json() == {"detail": "El usuario está desactivado.", "code": "user_inactive"}


def test_refresh_errors(tenant_a, tenant_b, make_user):
    make_user(tenant_a, username="refresco")
    tokens = _login(tenant_a, "refresco").json()
    on_b = APIClient(HTTP_HOST=host_of(tenant_b)).post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]})
    assert on_b.status_code == 401
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    missing = client.post("/api/v1/auth/refresh/", {}, format="json")
    assert missing.status_code == 400
    assert "refresh" in missing.json()["errors"]
    assert client.post("/api/v1/auth/refresh/", {"refresh": "basura"}, format="json").status_code == 401
    assert client.post("/api/v1/auth/refresh/", {"refresh": tokens["access"]}, format="json").status_code == 401


def test_a_deleted_users_tokens_are_401(tenant_a, make_user):
    user = make_user(tenant_a, username="borrado")
    tokens = _login(tenant_a, "borrado").json()
    with schema_context("alpha"):
        user.delete()
    response = APIClient(HTTP_HOST=host_of(tenant_a)).post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]})
    assert response.status_code == 401
    assert response.json()["code"] == "user_not_found"
    access = _bearer(tenant_a, tokens["access"]).get("/api/v1/auth/profile/")
    assert access.status_code == 401
    assert access.json() == {"detail": "El usuario ya no existe.", "code": "user_not_found"}


# --- logout -------------------------------------------------------------------------------


def test_logout_blacklists_the_refresh_token_and_is_logged(tenant_a, make_user):
    make_user(tenant_a, username="salida")
    tokens = _login(tenant_a, "salida").json()
    client = _bearer(tenant_a, tokens["access"])
    response = client.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 204
    refresh = APIClient(HTTP_HOST=host_of(tenant_a)).post(
        "/api/v1/auth/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refresh.status_code == 401
    assert _logs(tenant_a)[-1] == (AccessResult.LOGOUT, "salida", AccessChannel.API)
    again = client.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json")
    assert again.status_code == 401


def test_logout_errors(tenant_a, tenant_b, make_user):
    make_user(tenant_a, username="uno")
    make_user(tenant_a, username="dos")
    mine = _login(tenant_a, "uno").json()
    theirs = _login(tenant_a, "dos").json()
    client = _bearer(tenant_a, mine["access"])
    missing = client.post("/api/v1/auth/logout/", {}, format="json")
    assert missing.status_code == 400
    assert "refresh" in missing.json()["errors"]
    other_user = client.post("/api/v1/auth/logout/", {"refresh": theirs["refresh"]}, format="json")
    assert other_user.status_code == 400
    assert "refresh" in other_user.json()["errors"]
    assert client.post("/api/v1/auth/logout/", {"refresh": "basura"}, format="json").status_code == 401
    anonymous = APIClient(HTTP_HOST=host_of(tenant_a)).post("/api/v1/auth/logout/", {"refresh": mine["refresh"]})
    assert anonymous.status_code == 401


# --- profile --------------------------------------------------------------------------------


def test_profile_get_and_put(tenant_a, make_user, api_client):
    user = make_user(tenant_a, "Fotógrafo", username="perfil", full_name="Ana")
    client = api_client(tenant_a, user)
    body = client.get("/api/v1/auth/profile/").json()
    assert set(body) == {
        "id",
        "username",
        "email",
        "nombre_completo",
        "telefono",
        "avatar",
        "roles",
        "fecha_alta",
        "ultimo_acceso",
    }
    assert body["roles"] == ["Fotógrafo"]
    assert body["avatar"] is None
    uuid.UUID(body["id"])
    assert body["fecha_alta"][-6] in "+-"

    response = client.put(
        "/api/auth/profile/",
        {"nombre_completo": " Ana Pérez ", "telefono": "0991234567", "email": "ANA@alfa.test", "username": "x"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["nombre_completo"], body["telefono"], body["email"]) == ("Ana Pérez", "0991234567", "ana@alfa.test")
    assert body["username"] == "perfil"  # read-only
    patched = client.patch("/api/v1/auth/profile/", {"telefono": "(02) 245-6789"}, format="json").json()
    assert (patched["nombre_completo"], patched["telefono"]) == ("Ana Pérez", "022456789")  # compacted as clients'


def test_profile_refuses_a_taken_email_with_409_and_a_bad_one_with_400(tenant_a, make_user, api_client):
    make_user(tenant_a, email="ocupado@alfa.test")
    client = api_client(tenant_a, make_user(tenant_a))
    taken = client.put("/api/v1/auth/profile/", {"email": "Ocupado@alfa.test"}, format="json")
    assert taken.status_code == 409
    assert taken.json()["code"] == "user_duplicate_email"
    bad = client.put("/api/v1/auth/profile/", {"email": "no-es-correo"}, format="json")
    assert bad.status_code == 400
    assert "email" in bad.json()["errors"]


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize(
    "body", [None, {}, {"username": "x", "roles": ["Administrador"]}], ids=["none", "empty", "read-only"]
)
def test_a_profile_update_that_changes_nothing_is_400_saying_what_is_expected(
    method, body, tenant_a, make_user, api_client
):
    client = api_client(tenant_a, make_user(tenant_a))
    response = getattr(client, method)("/api/v1/auth/profile/", body, format="json" if body is not None else None)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail == "Envíe al menos uno de estos campos: email, nombre_completo, telefono, avatar."
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("phone", ["099\x01234567", "099123\x004567", "0991234567\u200b", "099 12", "llámeme"])
def test_a_profile_phone_with_control_characters_or_no_phone_shape_is_400(phone, tenant_a, make_user, api_client):
    user = make_user(tenant_a, phone="0991234567")
    body = json.dumps({"telefono": phone})  # control characters travel escaped, as a client sends them
    response = api_client(tenant_a, user).patch("/api/v1/auth/profile/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["telefono"]
    with schema_context(tenant_a.schema_name):
        user.refresh_from_db()
    assert user.phone == "0991234567"


def test_profile_needs_a_token(tenant_a):
    response = APIClient(HTTP_HOST=host_of(tenant_a)).get("/api/v1/auth/profile/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


# --- change password ------------------------------------------------------------------------


NEW_PASSWORD = "Otra-Clave-Segura-2027"


def test_change_password_revokes_every_earlier_token(tenant_a, make_user):
    make_user(tenant_a, username="cambia")
    first = _login(tenant_a, "cambia").json()
    second = _login(tenant_a, "cambia").json()
    client = _bearer(tenant_a, first["access"])
    response = client.post(
        "/api/v1/auth/change-password/", {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"detail", "access", "refresh"}
    # the tokens issued before stop: access by the password-hash claim, refresh by the blacklist
    assert client.get("/api/v1/auth/profile/").json() == {
        "detail": "La contraseña ha cambiado: inicie sesión de nuevo.",
        "code": "password_changed",
    }
    assert _bearer(tenant_a, second["access"]).get("/api/v1/auth/profile/").status_code == 401
    for old in (first["refresh"], second["refresh"]):
        refresh = APIClient(HTTP_HOST=host_of(tenant_a)).post("/api/v1/auth/refresh/", {"refresh": old}, format="json")
        assert refresh.status_code == 401
    # the new ones work, and so does the new password
    assert _bearer(tenant_a, body["access"]).get("/api/v1/auth/profile/").status_code == 200
    assert _login(tenant_a, "cambia", NEW_PASSWORD).status_code == 200
    assert _login(tenant_a, "cambia").status_code == 401


def test_change_password_checks_the_old_password(tenant_a, make_user, api_client):
    client = api_client(tenant_a, make_user(tenant_a))
    response = client.post(
        "/api/auth/change-password/", {"old_password": "equivocada", "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "user_wrong_password"
    assert "old_password" in response.json()["errors"]


@pytest.mark.parametrize("weak", ["corta", "12345678901", "password123", "usuario_clave"])
def test_change_password_applies_djangos_validators(weak, tenant_a, make_user, api_client):
    user = make_user(tenant_a, username="usuario_clave")
    response = api_client(tenant_a, user).post(
        "/api/v1/auth/change-password/", {"old_password": TEST_PASSWORD, "new_password": weak}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "user_invalid_password"
    assert response.json()["errors"]["new_password"]
    with schema_context("alpha"):
        user.refresh_from_db()
        assert user.check_password(TEST_PASSWORD)


def test_change_password_needs_both_fields_and_a_token(tenant_a, make_user, api_client):
    response = api_client(tenant_a, make_user(tenant_a)).post("/api/v1/auth/change-password/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"old_password", "new_password"}
    assert APIClient(HTTP_HOST=host_of(tenant_a)).post("/api/v1/auth/change-password/", {}).status_code == 401


def test_tokens_carry_the_issuing_schema(tenant_a, make_user):
    user = make_user(tenant_a)
    with schema_context("alpha"):
        tokens = tokens_for_user(user)
    connection.set_schema_to_public()
    from rest_framework_simplejwt.tokens import AccessToken

    assert AccessToken(tokens["access"])["tenant"] == "alpha"


def test_a_token_without_a_user_claim_is_401(tenant_a, make_user):
    from rest_framework_simplejwt.tokens import AccessToken

    token = AccessToken()
    token["tenant"] = "alpha"
    response = _bearer(tenant_a, str(token)).get("/api/v1/auth/profile/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
