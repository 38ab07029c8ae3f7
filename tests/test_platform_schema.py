"""OpenAPI: generates without warnings or errors, lists the endpoints once, documents errors; docs work offline."""

import inspect
import io
import re

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from conftest import host_of
from fotostudio.api.endpoints import api_endpoints
from fotostudio.core.management.commands.openapi import PUBLISHED_DIR
from tests.test_i18n import _compiled_catalogues  # noqa: F401 (autouse: English checks need the .mo files)

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


# --- the published documents: Spanish texts written for the API's readers ----------------------------


def _published() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text()) for path in PUBLISHED_DIR.glob("*.yaml")}


def _operations(document: dict):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def _texts(node) -> list[str]:
    """Every string of a document: titles, summaries, descriptions, examples."""
    if isinstance(node, dict):
        return [text for value in node.values() for text in _texts(value)]
    if isinstance(node, list):
        return [text for value in node for text in _texts(value)]
    return [node] if isinstance(node, str) else []


def _words(text: str) -> str:
    return " ".join(text.split())


def test_every_published_operation_has_its_own_spanish_summary_and_description():
    for name, document in _published().items():
        for operation_id, operation in _operations(document):
            assert operation.get("summary"), f"{name}: {operation_id} has no summary"
            assert len(operation.get("description", "")) > 30, f"{name}: {operation_id} has no description"


def _docstrings() -> set[str]:
    """The docstrings of every API view, its handlers and actions, and its serializer."""
    found = set()
    for endpoint in api_endpoints():
        view = endpoint.view_class
        owners = [view, getattr(view, endpoint.action or endpoint.method.lower(), None)]
        owners.append(getattr(view, "serializer_class", None))
        for owner in owners:
            doc = inspect.getdoc(owner) if owner is not None else None
            if doc:
                found.add(_words(doc.split("\n\n")[0]))
    return found


def test_no_published_document_contains_a_docstring():
    docstrings = _docstrings()
    assert "The signed-in user's own profile; ``avatar`` is uploaded as multipart." in docstrings  # the walk works
    for name, document in _published().items():
        texts = [_words(text) for text in _texts(document)]
        leaked = {doc for doc in docstrings for text in texts if doc in text}
        assert leaked == set(), name


def test_the_document_explains_authentication_errors_and_lists():
    for name, document in _published().items():
        description = document["info"]["description"]
        for expected in (
            "## Cómo autenticarse",
            "`POST /api/v1/auth/token/`",
            "«Authorize»",
            "`Authorization: Bearer <access>`",
            "`POST /api/v1/auth/refresh/`",
            "`X-Tenant: <identificador del negocio>`",
            "## Errores",
            "| 400 | `parse_error` |",
            "| 401 | `token_not_valid` |",
            "| 404 | `tenant_not_found` |",
            "«elemento 2»",
            "de 1 a 100",
        ):
            assert expected in description, (name, expected)


def test_the_served_document_is_the_published_one_in_spanish(tenant_a):
    served = APIClient(HTTP_HOST=host_of(tenant_a)).get("/api/schema/?format=json").json()
    published = _published()["photo_studio"]
    assert served["info"] == published["info"]
    assert served["paths"]["/api/v1/clients/"]["get"]["summary"] == "Listar clientes"


def test_the_served_document_follows_the_lang_parameter(tenant_a):
    """Texts are translated when the document is generated (``?lang=en``), not when the code is imported."""
    english = APIClient(HTTP_HOST=host_of(tenant_a)).get("/api/schema/?format=json&lang=en").json()
    assert english["info"]["title"] == "FotoStudio API · Photo studio and framing"
    city = next(p for p in english["paths"]["/api/v1/clients/"]["get"]["parameters"] if p["name"] == "ciudad")
    assert city["description"] == "City"
