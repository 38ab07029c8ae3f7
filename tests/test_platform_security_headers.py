"""Content-Security-Policy and Permissions-Policy on every response; no inline script in the admin.

The browser test ``tests/browser/test_security_policy.py`` opens the pages under these
policies and fails on any violation Chromium reports.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from rest_framework.test import APIClient

from conftest import host_of
from fotostudio.core.security import policy_for
from fotostudio.users.roles import Role

API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def directives(policy: str) -> dict[str, str]:
    return dict(item.strip().split(" ", 1) for item in policy.split(";") if item.strip())


@pytest.fixture
def admin_browser(tenant_a, make_user, admin_client_for):
    return admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))


def test_the_apis_json_has_the_strictest_policy(tenant_a, make_user, api_client):
    client = api_client(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    for path in ("/api/v1/users/", "/api/v1/no-existe/", "/api/schema/", "/api/users/"):
        response = client.get(path)
        assert response["Content-Security-Policy"] == API_POLICY, path
        assert "camera=()" in response["Permissions-Policy"]
    unauthenticated = APIClient(HTTP_HOST=host_of(tenant_a)).post("/api/v1/auth/token/", {}, format="json")
    assert unauthenticated["Content-Security-Policy"] == API_POLICY
    unknown_tenant = APIClient(HTTP_HOST="nadie.testserver").get("/api/v1/users/")
    assert unknown_tenant.status_code == 404
    assert unknown_tenant["Content-Security-Policy"] == API_POLICY


def test_the_admin_runs_only_this_servers_scripts(admin_browser, tenant_a):
    responses = [
        admin_browser.get("/admin/"),
        admin_browser.get("/admin/clients/client/"),
        Client(HTTP_HOST=host_of(tenant_a)).get("/admin/login/"),
        Client(HTTP_HOST=host_of(tenant_a)).get("/health/"),
    ]
    for response in responses:
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self' 'unsafe-eval'"  # no inline scripts; Alpine.js evaluates expressions
        assert policy["frame-ancestors"] == "'none'"
        assert policy["object-src"] == "'none'"
        assert policy["form-action"] == "'self'"
        assert "https:" not in response["Content-Security-Policy"]
        assert response["Permissions-Policy"] == django_settings.PERMISSIONS_POLICY


def test_swagger_ui_and_redoc_have_their_own_policy(tenant_a):
    client = Client(HTTP_HOST=host_of(tenant_a))
    for path in ("/api/docs/", "/api/docs/?script", "/api/redoc/", "/api/redoc/redoc.standalone.js"):
        policy = directives(client.get(path)["Content-Security-Policy"])
        assert policy["default-src"] == "'none'", path
        assert policy["script-src"] == "'self'", path  # not even eval
        assert policy["connect-src"] == "'self'", path  # the schema and "Try it out", on this host
        assert policy["worker-src"] == "blob:", path  # ReDoc's search


def test_static_files_carry_the_headers_too(tenant_a, settings):
    settings.WHITENOISE_USE_FINDERS = True  # served by WhiteNoise, before any other middleware, as in production
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client(HTTP_HOST=host_of(tenant_a)).get("/static/api/redoc-init.js")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def test_the_policies_are_settings_a_deployment_can_tighten(tenant_a, settings):
    settings.CONTENT_SECURITY_POLICIES = [("/api/", API_POLICY), ("/admin/", "default-src 'self'")]
    settings.PERMISSIONS_POLICY = "camera=(), geolocation=()"
    client = Client(HTTP_HOST=host_of(tenant_a))
    login = client.get("/admin/login/")
    assert login["Content-Security-Policy"] == "default-src 'self'"
    assert login["Permissions-Policy"] == "camera=(), geolocation=()"
    assert "Content-Security-Policy" not in client.get("/health/")  # no prefix matches
    settings.PERMISSIONS_POLICY = ""
    assert "Permissions-Policy" not in client.get("/admin/login/")


def test_the_first_matching_prefix_chooses_the_policy():
    assert policy_for("/api/docs/") == django_settings.API_DOCS_CONTENT_SECURITY_POLICY
    assert policy_for("/api/redoc/") == django_settings.API_DOCS_CONTENT_SECURITY_POLICY
    assert policy_for("/api/v1/clients/") == API_POLICY
    assert policy_for("/admin/") == policy_for("/static/x.css") == django_settings.ADMIN_CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/clients/client/",
        "/admin/clients/client/add/",
        "/admin/clients/client/import/",
        "/admin/users/user/",
        "/admin/users/user/add/",
        "/admin/no-existe/",
    ],
)
def test_admin_pages_have_no_inline_scripts_or_event_handlers(admin_browser, path):
    page = admin_browser.get(path).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts
    inline = [body.strip()[:80] for attributes, body in scripts if "src=" not in attributes and body.strip()]
    inline = [body for body in inline if not body.startswith("{") and not body.startswith("[")]  # JSON data
    assert inline == []
    assert not re.search(r"\son(click|change|submit|load|input)=", page)
