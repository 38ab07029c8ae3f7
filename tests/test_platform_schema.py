"""OpenAPI: generates without warnings or errors, lists the endpoints once, documents errors; docs work offline."""

import io
import re

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from conftest import host_of

FOUNDATION_PATHS = {
    "/api/v1/auth/token/",
    "/api/v1/auth/login/",
    "/api/v1/auth/logout/",
    "/api/v1/auth/refresh/",
    "/api/v1/auth/token/refresh/",
    "/api/v1/auth/profile/",
    "/api/v1/auth/change-password/",
    "/api/v1/tenants/",
    "/api/v1/tenants/{id}/",
    "/api/v1/tenants/current/",
    "/api/v1/users/",
    "/api/v1/users/{id}/",
    "/api/v1/usuarios/permisos/",
}


@pytest.fixture(scope="module")
def schema() -> dict:
    out = io.StringIO()
    # --fail-on-warn turns any generator warning or error into a failure; --validate checks the OpenAPI spec
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_schema_generates_without_warnings_and_lists_the_endpoints(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "FotoStudio API"
    paths = set(schema["paths"])
    assert paths >= FOUNDATION_PATHS
    assert all(path.startswith("/api/v1/") for path in paths)  # /api/ mirrors it and is not listed twice


def test_every_operation_documents_the_common_errors(schema):
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "code"}
    users = schema["paths"]["/api/v1/users/"]
    assert {"401", "403"} <= set(users["get"]["responses"])
    assert {"400", "401", "403", "409"} <= set(users["post"]["responses"])
    assert "404" in schema["paths"]["/api/v1/users/{id}/"]["get"]["responses"]
    assert "409" in schema["paths"]["/api/v1/users/{id}/"]["delete"]["responses"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert {"200", "400", "401", "429"} <= set(token["responses"])
    assert token["responses"]["401"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_token_response_and_jwt_security_are_described(schema):
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert "security" not in token  # signing in needs no token
    body = token["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][body]["properties"]) == {"access", "refresh", "usuario"}
    assert schema["components"]["securitySchemes"]["jwtAuth"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/users/"]["get"]["security"] == [{"jwtAuth": []}]


def test_schema_is_served_without_signing_in(tenant_a):
    response = APIClient(HTTP_HOST=host_of(tenant_a)).get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/v1/users/" in response.json()["paths"]
    assert APIClient(HTTP_HOST="testserver").get("/api/schema/").status_code == 200


@pytest.mark.parametrize(
    ("path", "asset"),
    [
        ("/api/docs/", "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
        ("/api/redoc/", "/api/redoc/redoc.standalone.js?v="),
    ],
)
def test_swagger_ui_and_redoc_are_served_offline(path, asset, tenant_a):
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    page = client.get(path).content.decode()
    assert asset in page
    assert "https://" not in page and "http://" not in page  # fonts, scripts, logos: all from this server
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all("src=" in attributes or "application/json" in attributes for attributes, _ in scripts)
    start = client.get(path, {"script": ""}) if path == "/api/docs/" else client.get("/static/api/redoc-init.js")
    assert "/api/schema/" in start.content.decode() + page


def test_redocs_bundle_is_served_without_its_remote_logo(tenant_a):
    response = APIClient(HTTP_HOST=host_of(tenant_a)).get("/api/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "max-age=604800" in response["Cache-Control"]
    bundle = response.content.decode()
    assert "cdn.redoc.ly" not in bundle
    assert 'src:"data:,"' in bundle  # the logo's image, failing at once and hidden by ReDoc


def test_pagination_parameters_document_their_range(schema):
    parameters = {parameter["name"]: parameter for parameter in schema["paths"]["/api/v1/users/"]["get"]["parameters"]}
    page_size, page = parameters["page_size"], parameters["page"]
    assert page_size["schema"] == {"type": "integer", "minimum": 1}
    assert "de 1 a 100" in page_size["description"] and "se reduce a 100" in page_size["description"]
    assert page["schema"] == {"type": "integer", "minimum": 1}
    assert "404" in page["description"]
