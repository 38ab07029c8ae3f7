"""Errors: JSON in the common shape under ``/api/`` and the admin's own Spanish pages under ``/admin/``,
whatever ``DEBUG`` says (with it on, Django shows its technical pages instead of calling the handlers)."""

import uuid

import pytest
from django.test import Client
from rest_framework.test import APIClient

from conftest import host_of
from fotostudio.users.roles import Role
from tests.test_i18n import _compiled_catalogues  # noqa: F401 (autouse: English checks need the .mo files)

DEBUG_VALUES = pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
DEBUG_PAGE_MARKS = ("Traceback", "URLconf", "Using the URLconf", "DEBUG = True", "SECRET_KEY", "Page not found")


@pytest.fixture
def failing_api(replace_module_spec):
    """The clients module's routes replaced by views that fail (``tests/fixtures_urls/failing.py``)."""
    replace_module_spec("clients", api_urls="tests.fixtures_urls.failing")


def assert_no_debug_page(content: str):
    for mark in DEBUG_PAGE_MARKS:
        assert mark not in content, mark


# --- the API ------------------------------------------------------------------------------------


@DEBUG_VALUES
def test_an_unknown_api_url_is_json_whatever_debug_says(debug, settings, tenant_a, make_user, api_client):
    settings.DEBUG = debug
    client = api_client(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    for path in ("/api/v1/no-existe/", "/api/no-existe/", "/api/v2/clients/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "No encontrado.", "code": "not_found"}


@DEBUG_VALUES
def test_an_unknown_api_url_on_the_platform_host_is_json(debug, settings, test_tenants, db):
    settings.DEBUG = debug
    response = APIClient().get("/api/v1/no-existe/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No encontrado.", "code": "not_found"}


@DEBUG_VALUES
def test_a_server_error_under_the_api_is_json_whatever_debug_says(debug, settings, tenant_a, failing_api):
    settings.DEBUG = debug
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    client.raise_request_exception = False
    for path in ("/api/v1/falla/", "/api/v1/api-falla/"):
        response = client.get(path)
        assert response.status_code == 500, path
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Error interno del servidor.", "code": "server_error"}
        assert_no_debug_page(response.content.decode())


@DEBUG_VALUES
def test_permission_denied_outside_drf_views_is_json_under_the_api(debug, settings, tenant_a, failing_api):
    settings.DEBUG = debug
    response = APIClient(HTTP_HOST=host_of(tenant_a)).get("/api/v1/prohibido/")
    assert response.status_code == 403
    assert response.json() == {"detail": "No tiene permiso para realizar esta acción.", "code": "permission_denied"}


def test_error_pages_keep_the_responses_headers_and_follow_the_language(settings, tenant_a):
    settings.DEBUG = True
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    response = client.get("/api/v1/no-existe/", HTTP_ORIGIN="http://localhost:5173", HTTP_X_REQUEST_ID="req-42")
    assert response["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert response["X-Request-ID"] == "req-42"
    english = client.get("/api/v1/no-existe/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Not found.", "code": "not_found"}


def test_the_api_docs_pages_are_still_html(settings, tenant_a):
    settings.DEBUG = True
    response = Client(HTTP_HOST=host_of(tenant_a)).get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# --- the admin ----------------------------------------------------------------------------------


@DEBUG_VALUES
def test_a_forbidden_admin_page_is_spanish_inside_the_admin_layout(
    debug, settings, tenant_a, make_user, admin_client_for
):
    settings.DEBUG = debug
    photographer = admin_client_for(tenant_a, make_user(tenant_a, Role.PHOTOGRAPHER))
    response = photographer.get("/admin/users/user/")
    assert response.status_code == 403
    content = response.content.decode()
    assert '<html lang="es"' in content
    assert 'data-testid="error-page" data-status="403"' in content
    assert "No tiene permiso para ver esta página" in content
    assert "pida a un administrador del negocio que revise sus roles" in content
    assert 'href="/admin/"' in content and "Volver al panel de control" in content
    assert 'id="nav-sidebar' in content  # the signed-in user's sidebar
    assert "Clientes y colegios" in content  # a module the photographer may see
    assert tenant_a.name in content  # the business's header
    assert "403 Forbidden" not in content
    assert_no_debug_page(content)


@DEBUG_VALUES
def test_a_missing_admin_page_is_spanish_inside_the_admin_layout(
    debug, settings, tenant_a, make_user, admin_client_for
):
    settings.DEBUG = debug
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    for path in ("/admin/no-existe/", f"/admin/clients/client/{uuid.uuid4()}/history/", "/admin/users/nada/"):
        response = browser.get(path)
        assert response.status_code == 404, path
        content = response.content.decode()
        assert 'data-testid="error-page" data-status="404"' in content, path
        assert "Página no encontrada" in content
        assert "Volver al panel de control" in content
        assert 'id="nav-sidebar' in content
        assert_no_debug_page(content)


def test_the_admin_error_pages_follow_the_chosen_language(tenant_a, make_user, admin_client_for, settings):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.PHOTOGRAPHER))
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = browser.get("/admin/users/user/")
    assert response.status_code == 403
    assert '<html lang="en"' in response.content.decode()


def test_a_stale_admin_form_is_the_admins_403_page_saying_to_reload(tenant_a):
    browser = Client(HTTP_HOST=host_of(tenant_a), enforce_csrf_checks=True)
    response = browser.post("/admin/login/", {"username": "admin", "password": "x"})
    assert response.status_code == 403
    content = response.content.decode()
    assert 'data-status="403"' in content
    assert "Vuelva a cargar la página e inténtelo de nuevo." in content
    assert "Iniciar sesión" in content  # signed out: the way back is the sign-in page
    assert "CSRF verification failed" not in content


def test_pages_outside_the_admin_and_the_api_keep_djangos_pages(tenant_a):
    response = Client(HTTP_HOST=host_of(tenant_a)).get("/no-existe/")
    assert response.status_code == 404
    assert 'data-testid="error-page"' not in response.content.decode()


def test_a_host_no_business_answers_to_gets_djangos_404_not_the_admins(test_tenants, db):
    response = Client(HTTP_HOST="nadie.testserver").get("/admin/")
    assert response.status_code == 404
    assert 'data-testid="error-page"' not in response.content.decode()


def test_a_stale_form_outside_the_admin_keeps_djangos_csrf_page(tenant_a):
    browser = Client(HTTP_HOST=host_of(tenant_a), enforce_csrf_checks=True)
    response = browser.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert 'data-testid="error-page"' not in response.content.decode()
