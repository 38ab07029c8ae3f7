"""Which tenant a request belongs to: host name, ``X-Tenant`` on the public API host, and the cache."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PUBLIC_HOST, TEST_PASSWORD, host_of
from tenants import cache as tenant_cache
from tenants.models import Domain, Tenant


def _fresh(tenant) -> Tenant:
    """A copy to change: the session's tenant objects are shared by every test."""
    connection.set_schema_to_public()
    return Tenant.objects.get(pk=tenant.pk)


def _deactivate(tenant):
    tenant = _fresh(tenant)
    tenant.is_active = False
    tenant.save()


def test_the_host_name_selects_the_tenant(tenant_a, tenant_b, make_user, api_client):
    for tenant in (tenant_a, tenant_b):
        user = make_user(tenant, "Administrador")
        response = api_client(tenant, user).get("/api/v1/tenants/current/")
        assert response.status_code == 200
        assert response.json()["slug"] == tenant.schema_name


def test_www_prefix_and_port_are_ignored(tenant_a):
    response = Client(HTTP_HOST=f"www.{host_of(tenant_a)}:8000").get("/admin/login/")
    assert response.status_code == 200
    assert response.context["current_tenant"].schema_name == "alpha"


def test_host_lookup_is_case_insensitive(tenant_a):
    response = Client(HTTP_HOST="ALPHA.TestServer").get("/admin/login/")
    assert response.status_code == 200
    assert response.context["current_tenant"].schema_name == "alpha"


def test_x_tenant_header_selects_the_tenant_on_the_public_api_host(tenant_a, make_user):
    make_user(tenant_a, "Administrador", username="porcabecera")
    client = APIClient(HTTP_HOST=PUBLIC_HOST, HTTP_X_TENANT="alpha")
    response = client.post("/api/v1/auth/token/", {"username": "porcabecera", "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert client.get("/api/v1/tenants/current/").json()["slug"] == "alpha"


def test_x_tenant_header_is_ignored_outside_the_api(tenant_a):
    response = Client(HTTP_HOST=PUBLIC_HOST, HTTP_X_TENANT="alpha").get("/admin/login/")
    assert response.status_code == 200
    assert response.context["current_tenant"] is None


def test_unknown_host_is_404_json_on_the_api(test_tenants, db):
    response = APIClient(HTTP_HOST="nadie.testserver").get("/api/v1/tenants/current/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No existe un negocio para esta dirección.", "code": "tenant_not_found"}


def test_unknown_x_tenant_is_404_json(test_tenants, db):
    response = APIClient(HTTP_HOST=PUBLIC_HOST, HTTP_X_TENANT="nadie").post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "tenant_not_found"


def test_unknown_host_is_a_plain_404_in_the_admin(test_tenants, db):
    response = Client(HTTP_HOST="nadie.testserver").get("/admin/login/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_inactive_tenant_answers_403_on_the_api(tenant_b, make_user, api_client):
    user = make_user(tenant_b, "Administrador")
    client = api_client(tenant_b, user)
    _deactivate(tenant_b)
    response = client.get("/api/v1/users/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Este negocio está desactivado.", "code": "tenant_inactive"}
    via_header = APIClient(HTTP_HOST=PUBLIC_HOST, HTTP_X_TENANT="beta").post("/api/v1/auth/token/", {}, format="json")
    assert via_header.status_code == 403


def test_inactive_tenant_shows_nothing_in_the_admin(tenant_b, make_user, admin_client_for):
    user = make_user(tenant_b, "Administrador")
    browser = admin_client_for(tenant_b, user)
    assert browser.get("/admin/").status_code == 200
    _deactivate(tenant_b)
    for path in ("/admin/", "/admin/login/", "/admin/users/user/"):
        response = browser.get(path)
        assert response.status_code == 404
        assert b"Estudio Beta" not in response.content


def test_health_needs_no_tenant(db):
    response = Client(HTTP_HOST="nadie.testserver").get("/health/")
    assert response.status_code == 200


def test_warm_resolution_by_host_runs_no_sql(tenant_a, django_assert_num_queries):
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    client.get("/api/v1/tenants/current/")  # warms the cache
    with django_assert_num_queries(0):
        response = client.get("/api/v1/tenants/current/")
    assert response.status_code == 401  # resolved, then refused for lack of a token


def test_warm_resolution_by_header_runs_no_sql(tenant_a, django_assert_num_queries):
    client = APIClient(HTTP_HOST=PUBLIC_HOST, HTTP_X_TENANT="alpha")
    client.get("/api/v1/tenants/current/")
    with django_assert_num_queries(0):
        response = client.get("/api/v1/tenants/current/")
    assert response.status_code == 401


def test_unknown_hosts_are_cached_too(test_tenants, db, django_assert_num_queries):
    client = APIClient(HTTP_HOST="nadie.testserver")
    client.get("/api/v1/tenants/current/")
    with django_assert_num_queries(0):
        assert client.get("/api/v1/tenants/current/").status_code == 404


def test_warm_admin_login_page_runs_no_sql(tenant_a, django_assert_num_queries):
    client = Client(HTTP_HOST=host_of(tenant_a))
    client.get("/admin/login/")
    with django_assert_num_queries(0):
        assert client.get("/admin/login/").status_code == 200


def test_tenant_changes_are_seen_at_once(tenant_a):
    client = Client(HTTP_HOST=host_of(tenant_a))
    assert b"Estudio Alfa" in client.get("/admin/login/").content
    tenant = _fresh(tenant_a)
    tenant.name = "Estudio Alfa Renovado"
    tenant.save()
    assert b"Estudio Alfa Renovado" in client.get("/admin/login/").content


def test_domain_changes_are_seen_at_once(tenant_a):
    Client(HTTP_HOST="alfa-nuevo.testserver").get("/admin/login/")  # cached as unknown
    Domain.objects.create(domain="alfa-nuevo.testserver", tenant=tenant_a, is_primary=False)
    response = Client(HTTP_HOST="alfa-nuevo.testserver").get("/admin/login/")
    assert response.status_code == 200
    assert response.context["current_tenant"].schema_name == "alpha"
    connection.set_schema_to_public()
    Domain.objects.filter(domain="alfa-nuevo.testserver").get().delete()
    assert Client(HTTP_HOST="alfa-nuevo.testserver").get("/admin/login/").status_code == 404


def test_a_lost_generation_key_never_brings_back_stale_entries(tenant_a):
    assert tenant_cache.tenant_for_host("alpha.testserver").name == "Estudio Alfa"
    tenant = _fresh(tenant_a)
    tenant.name = "Cambiado"
    tenant.save()  # bumps the generation
    assert tenant_cache.tenant_for_host("alpha.testserver").name == "Cambiado"
    tenant.name = "Cambiado otra vez"
    tenant.save()
    stale_generation = tenant_cache._generation()
    cache.delete(tenant_cache._GENERATION_KEY)  # evicted, as a full cache may do
    assert tenant_cache._generation() != stale_generation
    assert tenant_cache.tenant_for_host("alpha.testserver").name == "Cambiado otra vez"


def test_invalidation_creates_a_generation_when_none_exists(test_tenants, db):
    cache.delete(tenant_cache._GENERATION_KEY)
    tenant_cache.invalidate()
    first = cache.get(tenant_cache._GENERATION_KEY)
    tenant_cache.invalidate()
    assert cache.get(tenant_cache._GENERATION_KEY) == first + 1


def test_invalidation_is_repeated_when_the_change_commits(tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _fresh(tenant_a).save()
    assert tenant_cache.invalidate in callbacks


def test_each_tenant_sees_times_in_its_own_timezone(tenant_a, tenant_b, make_user, api_client):
    madrid = _fresh(tenant_b)
    madrid.timezone = "Europe/Madrid"
    madrid.save()
    stamp = {}
    for tenant in (tenant_a, tenant_b):
        user = make_user(tenant, username=f"hora_{tenant.schema_name}")
        stamp[tenant.schema_name] = api_client(tenant, user).get("/api/v1/auth/profile/").json()["fecha_alta"]
    assert stamp["alpha"].endswith("-05:00")  # America/Guayaquil
    assert stamp["beta"][-6:] in {"+01:00", "+02:00"}
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE  # nothing leaks past the request


def test_an_x_tenant_header_naming_another_business_is_refused_on_a_business_host(tenant_a, make_user, api_client):
    api = api_client(tenant_a, make_user(tenant_a, "Administrador"))
    refused = api.get("/api/v1/auth/profile/", HTTP_X_TENANT="beta")
    assert refused.status_code == 400
    assert refused.json()["code"] == "tenant_mismatch"
    assert api.get("/api/v1/auth/profile/", HTTP_X_TENANT="ALPHA").status_code == 200  # its own name is fine
    assert api.get("/api/v1/auth/profile/").status_code == 200
