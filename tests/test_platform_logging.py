"""Every log line carries the tenant and the request id (``fotostudio.core.observability``)."""

import logging

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from conftest import host_of
from fotostudio.core.observability import RequestContextFilter, request_id_var, tenant_var
from fotostudio.users import services as user_services


@pytest.fixture
def records(caplog):
    """Log records as the console handler sees them (with the project's filter)."""
    caplog.handler.addFilter(RequestContextFilter())
    caplog.set_level(logging.WARNING)
    return caplog


def test_the_request_id_is_taken_from_the_caller_or_made_and_echoed(tenant_a):
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    given = client.get("/api/v1/tenants/current/", HTTP_X_REQUEST_ID="front-123.abc")
    assert given["X-Request-ID"] == "front-123.abc"
    made = client.get("/api/v1/tenants/current/")
    assert len(made["X-Request-ID"]) == 32
    unsafe = client.get("/api/v1/tenants/current/", HTTP_X_REQUEST_ID="no valid\nid")
    assert unsafe["X-Request-ID"] != "no valid\nid"
    assert len(unsafe["X-Request-ID"]) == 32


def test_lines_logged_inside_a_request_carry_tenant_and_request_id(
    tenant_a, make_user, api_client, monkeypatch, records
):
    make_user(tenant_a, username="duplicado")
    monkeypatch.setattr(user_services, "_check_unique", lambda **kwargs: None)
    client = api_client(tenant_a, make_user(tenant_a, "Administrador"))
    response = client.post(
        "/api/v1/users/",
        {"username": "duplicado", "email": "otro@alfa.test", "password": "Clave-Segura-2026"},
        format="json",
        HTTP_X_REQUEST_ID="req-409",
    )
    assert response.status_code == 409
    record = next(r for r in records.records if r.name == "fotostudio.api.exceptions")
    assert (record.tenant, record.request_id) == ("alpha", "req-409")


def test_djangos_response_log_lines_carry_them_too(tenant_a, records):
    APIClient(HTTP_HOST=host_of(tenant_a)).get("/api/v1/no-existe/", HTTP_X_REQUEST_ID="req-404")
    record = next(r for r in records.records if r.name == "django.request")
    assert record.getMessage() == "Not Found: /api/v1/no-existe/"
    assert (record.tenant, record.request_id) == ("alpha", "req-404")


def test_lines_outside_requests_say_so():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "fuera", None, None)
    assert RequestContextFilter().filter(record) is True
    assert (record.tenant, record.request_id) == ("-", "-")


def test_context_variables_win_over_the_request_attached_to_a_record():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "dentro", None, None)
    record.request = RequestFactory().get("/")  # no tenant, no request id yet
    tokens = request_id_var.set("ctx-id"), tenant_var.set("beta")
    try:
        RequestContextFilter().filter(record)
    finally:
        request_id_var.reset(tokens[0])
        tenant_var.reset(tokens[1])
    assert (record.tenant, record.request_id) == ("beta", "ctx-id")
    bare = logging.LogRecord("x", logging.INFO, __file__, 1, "sin contexto", None, None)
    bare.request = RequestFactory().get("/")
    RequestContextFilter().filter(bare)
    assert (bare.tenant, bare.request_id) == ("-", "-")


def test_the_console_format_prints_both(settings):
    assert "[tenant=%(tenant)s request=%(request_id)s]" in settings.LOGGING["formatters"]["context"]["format"]
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_context"]
