"""Maintenance mode: writes answer 503 for everyone but the administrators; reads and sessions keep working."""

import pytest
import yaml
from django_tenants.utils import schema_context

from conftest import TEST_PASSWORD
from fotostudio.configuration import catalogue
from fotostudio.configuration.selectors import setting_value
from fotostudio.configuration.services import settings_update
from fotostudio.core.documents import make_cedula
from fotostudio.core.management.commands.openapi import PUBLISHED_DIR
from fotostudio.users.roles import Role, roles_for
from tenants.choices import BusinessType

REFUSAL = "El sistema está en mantenimiento: por ahora solo se puede consultar. Vuelva a intentarlo más tarde."
SYSTEM = "/api/v1/administracion/configuracion/"


@pytest.fixture
def maintenance_on(tenant_a):
    def switch(message: str = ""):
        with schema_context(tenant_a.schema_name):
            settings_update(values={catalogue.MAINTENANCE: True, catalogue.MAINTENANCE_MESSAGE: message})

    switch()
    return switch


def client_body(number: int) -> dict:
    return {"nombre": "Ana Pérez", "documento": make_cedula(province=17, serial=900_000 + number)}


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_every_role_but_the_administrator_gets_503_on_a_write(role, api_client, tenant_a, make_user, maintenance_on):
    user = make_user(tenant_a, role)
    response = api_client(tenant_a, user).post("/api/clients/", client_body(1), format="json")
    if role == Role.ADMINISTRATOR:
        assert response.status_code == 201, response.json()
    else:
        assert response.status_code == 503
        assert response.json() == {"detail": REFUSAL, "code": "maintenance"}


@pytest.mark.parametrize("role", roles_for(BusinessType.AGRO_TRACEABILITY))
def test_in_an_agro_business_too_only_the_administrator_writes(role, api_client, tenant_agro, make_user):
    with schema_context(tenant_agro.schema_name):
        settings_update(values={catalogue.MAINTENANCE: True})
    user = make_user(tenant_agro, role)
    response = api_client(tenant_agro, user).patch("/api/auth/profile/", {"nombre_completo": "Nuevo"}, format="json")
    if role == Role.ADMINISTRATOR:
        assert response.status_code == 200
    else:
        assert response.status_code == 503
        assert response.json() == {"detail": REFUSAL, "code": "maintenance"}


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_every_role_keeps_reading(role, api_client, tenant_a, make_user, maintenance_on):
    client = api_client(tenant_a, make_user(tenant_a, role))
    assert client.get("/api/clients/").status_code == 200
    assert client.get(SYSTEM).json()["modo_mantenimiento"] is True


def test_every_kind_of_write_is_stopped(api_client, tenant_a, manager_a, maintenance_on):
    client = api_client(tenant_a, manager_a)
    for response in (
        client.put(f"/api/users/{manager_a.pk}/", {}, format="json"),
        client.patch("/api/auth/profile/", {"nombre_completo": "Otro"}, format="json"),
        client.delete(f"/api/users/{manager_a.pk}/"),
        client.put(SYSTEM, {"modo_mantenimiento": False}, format="json"),
    ):
        assert response.status_code == 503
        assert response.json()["code"] == "maintenance"


def test_the_maintenance_message_is_part_of_the_refusal(api_client, tenant_a, sales_a, maintenance_on):
    maintenance_on("Volvemos a las 10:00.")
    response = api_client(tenant_a, sales_a).post("/api/clients/", client_body(2), format="json")
    assert response.json()["detail"] == f"{REFUSAL} Volvemos a las 10:00."


def test_signing_in_and_out_still_work(api_client, tenant_a, sales_a, maintenance_on):
    client = api_client(tenant_a)
    tokens = client.post("/api/auth/token/", {"username": sales_a.username, "password": TEST_PASSWORD}, format="json")
    assert tokens.status_code == 200
    refreshed = client.post("/api/v1/auth/refresh/", {"refresh": tokens.json()["refresh"]}, format="json")
    assert refreshed.status_code == 200


def test_the_administrator_switches_it_off_and_everyone_writes_again(
    api_client, tenant_a, admin_a, sales_a, maintenance_on
):
    assert api_client(tenant_a, admin_a).put(SYSTEM, {"modo_mantenimiento": False}, format="json").status_code == 200
    response = api_client(tenant_a, sales_a).post("/api/clients/", client_body(3), format="json")
    assert response.status_code == 201


def test_a_write_without_a_valid_token_is_still_401(api_client, tenant_a, maintenance_on):
    client = api_client(tenant_a)
    assert client.post("/api/clients/", client_body(4), format="json").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer no-es-un-token")
    response = client.post("/api/clients/", client_body(4), format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_another_business_is_not_in_maintenance(api_client, tenant_b, make_user, maintenance_on):
    sales_b = make_user(tenant_b, Role.SALES)
    assert api_client(tenant_b, sales_b).post("/api/clients/", client_body(5), format="json").status_code == 201


# --- The admin -------------------------------------------------------------------------------------------------


def test_the_admin_shows_a_banner_to_everyone(admin_client_for, tenant_a, admin_a, manager_a, maintenance_on):
    maintenance_on("Volvemos a las 10:00.")
    for user, says in ((admin_a, "Desactivarlo"), (manager_a, "no guardar cambios hasta que termine")):
        page = admin_client_for(tenant_a, user).get("/admin/").content.decode()
        assert 'data-testid="maintenance-banner"' in page
        assert "Modo mantenimiento activo." in page and says in page and "Volvemos a las 10:00." in page


def test_the_admin_has_no_banner_when_maintenance_is_off(admin_client_for, tenant_a, admin_a):
    assert 'data-testid="maintenance-banner"' not in admin_client_for(tenant_a, admin_a).get("/admin/").content.decode()


def test_a_manager_cannot_save_in_the_admin_during_maintenance(admin_client_for, tenant_a, manager_a, maintenance_on):
    response = admin_client_for(tenant_a, manager_a).post("/admin/clients/client/add/", {"nombre": "x"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Sistema en mantenimiento" in page and REFUSAL in page


def test_an_administrator_still_saves_in_the_admin_and_switches_it_off(
    admin_client_for, tenant_a, admin_a, maintenance_on
):
    browser = admin_client_for(tenant_a, admin_a)
    response = browser.post(
        "/admin/configuration/setting/group/mantenimiento/",
        {"mantenimiento__activo": "", "mantenimiento__mensaje": ""},
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert setting_value(catalogue.MAINTENANCE) is False


def test_signing_out_of_the_admin_still_works(admin_client_for, tenant_a, manager_a, maintenance_on):
    assert admin_client_for(tenant_a, manager_a).post("/admin/logout/").status_code == 200


# --- The published documents -----------------------------------------------------------------------------------


def test_the_published_document_says_writes_may_answer_503():
    studio = yaml.safe_load((PUBLISHED_DIR / "photo_studio.yaml").read_text())
    paths = studio["paths"]
    assert paths["/api/v1/clients/"]["post"]["responses"]["503"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "503" in paths["/api/v1/administracion/configuracion/"]["put"]["responses"]
    assert "503" in paths["/api/v1/config/{id}/"]["delete"]["responses"]
    assert "503" not in paths["/api/v1/clients/"]["get"]["responses"]
    assert "503" not in paths["/api/v1/auth/token/"]["post"]["responses"]
    assert "## Modo mantenimiento" in studio["info"]["description"]
    platform = yaml.safe_load((PUBLISHED_DIR / "platform.yaml").read_text())
    assert all(
        "503" not in operation["responses"] for item in platform["paths"].values() for operation in item.values()
    )
