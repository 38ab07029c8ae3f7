"""The tenant endpoints: the platform's list and detail, and each tenant's ``current``."""

import uuid

from rest_framework.test import APIClient

from conftest import PUBLIC_HOST


def test_platform_staff_list_tenants_on_the_public_host(tenant_a, tenant_b, tenant_agro, make_user, api_client):
    staff = make_user(None, is_superuser=True)
    response = api_client(None, staff).get("/api/v1/tenants/")
    assert response.status_code == 200
    body = response.json()
    slugs = [tenant["slug"] for tenant in body["results"]]
    assert {"alpha", "beta", "campo"} <= set(slugs)
    assert "public" not in slugs
    alpha = next(tenant for tenant in body["results"] if tenant["slug"] == "alpha")
    assert set(alpha) == {
        "id",
        "nombre",
        "slug",
        "tipo_negocio",
        "plan",
        "es_activo",
        "zona_horaria",
        "idioma",
        "logo",
        "dominios",
        "modulos",
        "creado_en",
    }
    assert alpha["nombre"] == "Estudio Alfa"
    assert alpha["logo"] is None
    assert alpha["dominios"] == ["alpha.testserver"]
    assert {"users", "audit"} <= set(alpha["modulos"])
    uuid.UUID(alpha["id"])


def test_tenant_list_filters_and_searches(tenant_a, tenant_agro, make_user, api_client):
    client = api_client(None, make_user(None, is_superuser=True))
    agro = client.get("/api/v1/tenants/?tipo_negocio=agro_traceability").json()["results"]
    assert [tenant["slug"] for tenant in agro] == ["campo", "finca"]
    found = client.get("/api/v1/tenants/?search=alpha.testserver").json()["results"]
    assert [tenant["slug"] for tenant in found] == ["alpha"]


def test_tenant_list_runs_a_fixed_number_of_queries(test_tenants, make_user, api_client, django_assert_max_num_queries):
    client = api_client(None, make_user(None, is_superuser=True))
    client.get("/api/v1/tenants/")
    # user, count, tenants, their domains (+ search_path)
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/tenants/?page_size=100").status_code == 200


def test_platform_staff_read_one_tenant(tenant_a, make_user, api_client):
    client = api_client(None, make_user(None, is_superuser=True))
    response = client.get(f"/api/tenants/{tenant_a.pk}/")
    assert response.status_code == 200
    assert response.json()["slug"] == "alpha"
    assert client.get(f"/api/v1/tenants/{uuid.uuid4()}/").status_code == 404


def test_tenant_list_needs_a_signed_in_staff_member(test_tenants, make_user, api_client):
    assert api_client(None).get("/api/v1/tenants/").status_code == 401
    not_staff = make_user(None, is_staff=False)
    response = api_client(None, not_staff).get("/api/v1/tenants/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_tenant_list_does_not_exist_on_a_tenant_host(tenant_a, make_user, api_client):
    admin = make_user(tenant_a, "Administrador", is_superuser=True)
    response = api_client(tenant_a, admin).get("/api/v1/tenants/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_current_tenant_for_any_signed_in_user(tenant_agro, make_user, api_client):
    user = make_user(tenant_agro, "Solo lectura")
    response = api_client(tenant_agro, user).get("/api/tenants/current/")
    assert response.status_code == 200
    body = response.json()
    assert (body["slug"], body["nombre"], body["tipo_negocio"]) == ("campo", "Agro Campo", "agro_traceability")
    assert body["creado_en"][-6] in "+-"  # ISO 8601 with offset


def test_current_tenant_needs_a_token(tenant_a, api_client):
    response = api_client(tenant_a).get("/api/v1/tenants/current/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_current_tenant_does_not_exist_on_the_public_host(test_tenants, make_user, api_client):
    staff = make_user(None, is_superuser=True)
    assert api_client(None, staff).get("/api/v1/tenants/current/").status_code == 404
    assert APIClient(HTTP_HOST=PUBLIC_HOST).get("/api/v1/tenants/current/").status_code == 401
