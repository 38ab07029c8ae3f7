"""``/api/v1/`` and ``/api/`` answer a small JSON index: documentation, schema, authentication, the modules."""

import pytest
from rest_framework.test import APIClient

from conftest import host_of


@pytest.mark.parametrize("path", ["/api/v1/", "/api/"])
def test_the_api_root_answers_an_index_of_the_tenants_api(path, tenant_a):
    response = APIClient(HTTP_HOST=host_of(tenant_a)).get(path)
    assert response.status_code == 200
    index = response.json()
    base = f"http://{host_of(tenant_a)}"
    assert index["negocio"] == tenant_a.name
    assert index["documentacion"] == {
        "swagger_ui": f"{base}/api/docs/",
        "redoc": f"{base}/api/redoc/",
        "esquema_openapi": f"{base}/api/schema/",
    }
    assert index["autenticacion"]["token"] == f"{base}/api/v1/auth/token/"
    assert index["autenticacion"]["renovar"] == f"{base}/api/v1/auth/refresh/"
    assert index["autenticacion"]["cabecera"] == "Authorization: Bearer <access>"
    assert index["plataforma"] == {"negocio_actual": f"{base}/api/v1/tenants/current/"}
    assert index["modulos"]["clients"] == {
        "nombre": "Clientes",
        "recursos": [f"{base}/api/v1/clients/", f"{base}/api/v1/clients/schools/"],
    }
    assert f"{base}/api/v1/users/" in index["modulos"]["users"]["recursos"]


def test_every_link_of_the_index_answers(tenant_a, make_user, api_client):
    client = api_client(tenant_a, make_user(tenant_a, "Administrador"))
    index = client.get("/api/v1/").json()
    links = [
        *index["documentacion"].values(),
        index["autenticacion"]["perfil"],
        *index["plataforma"].values(),
        *(link for module in index["modulos"].values() for link in module["recursos"]),
    ]
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_index_lists_only_the_modules_the_tenant_has(tenant_agro):
    index = APIClient(HTTP_HOST=host_of(tenant_agro)).get("/api/v1/").json()
    assert "clients" not in index["modulos"]
    assert "users" in index["modulos"]


def test_the_platform_hosts_index_lists_the_businesses_and_the_tenant_header(test_tenants, db):
    index = APIClient().get("/api/v1/").json()
    assert index["negocio"] is None
    assert index["plataforma"] == {"negocios": "http://testserver/api/v1/tenants/"}
    assert index["autenticacion"]["negocio"] == "X-Tenant: <identificador del negocio>"
    with_header = APIClient(HTTP_X_TENANT="alpha").get("/api/v1/").json()
    assert with_header["negocio"] == test_tenants["alpha"].name
    assert "clients" in with_header["modulos"]


def test_the_index_needs_no_token_and_ignores_a_stale_one(tenant_a):
    client = APIClient(HTTP_HOST=host_of(tenant_a), HTTP_AUTHORIZATION="Bearer caducado")
    assert client.get("/api/v1/").status_code == 200
