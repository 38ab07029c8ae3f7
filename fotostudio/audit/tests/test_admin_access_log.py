from django.test import Client
from django_tenants.utils import schema_context

from conftest import TEST_PASSWORD, host_of
from fotostudio.audit.models import AccessChannel, AccessLog, AccessResult


def _rows(tenant):
    with schema_context(tenant.schema_name):
        return list(AccessLog.objects.order_by("created_at").values_list("result", "channel", "username"))


def test_admin_sign_in_and_sign_out_are_logged_with_the_admin_channel(tenant_a, make_user):
    make_user(tenant_a, role="Administrador", username="adminlog")
    browser = Client(HTTP_HOST=host_of(tenant_a))
    response = browser.post("/admin/login/", {"username": "adminlog", "password": TEST_PASSWORD})
    assert response.status_code == 302
    browser.post("/admin/logout/")
    assert _rows(tenant_a) == [
        (AccessResult.LOGIN, AccessChannel.ADMIN, "adminlog"),
        (AccessResult.LOGOUT, AccessChannel.ADMIN, "adminlog"),
    ]


def test_failed_admin_sign_in_is_logged_with_the_attempted_username(tenant_a):
    browser = Client(HTTP_HOST=host_of(tenant_a))
    response = browser.post("/admin/login/", {"username": "nadie", "password": "incorrecta"})
    assert response.status_code == 200
    assert _rows(tenant_a) == [(AccessResult.LOGIN_FAILED, AccessChannel.ADMIN, "nadie")]


def test_api_login_is_logged_once_and_force_login_not_at_all(tenant_a, make_user, api_client, admin_client_for):
    user = make_user(tenant_a, role="Administrador", username="apilog")
    api_client(tenant_a).post("/api/v1/auth/token/", {"username": "apilog", "password": "mala"}, format="json")
    api_client(tenant_a).post("/api/v1/auth/token/", {"username": "apilog", "password": TEST_PASSWORD}, format="json")
    admin_client_for(tenant_a, user)
    assert _rows(tenant_a) == [
        (AccessResult.LOGIN_FAILED, AccessChannel.API, "apilog"),
        (AccessResult.LOGIN, AccessChannel.API, "apilog"),
    ]
