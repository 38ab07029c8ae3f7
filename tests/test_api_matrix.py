"""Generated proof for every endpoint of every vertical: tenant isolation, roles, authentication, shapes.

The operations are read from each vertical's URL configuration (what its businesses can reach) and the
rows they need are made with each module's registered factories (``tests/factories.py``): an endpoint a
module adds later is covered by adding its factories, without writing a test here. An operation the
matrix cannot exercise (no factory for its model) fails, so none escapes silently.

For each operation, with two businesses A and B of the vertical:

- isolation: B's administrator gets 404 for A's row on every detail operation and never sees it in a list;
  A's token is refused (401) on B's host; an ``X-Tenant`` naming another business is refused (400);
- roles: every role of the vertical gets 403 exactly when the registry's role table does not grant the
  permission the operation needs (and never 401/403 when it does);
- authentication: without a token, 401 everywhere but the public operations;
- shape: every error is JSON ``{detail, code}``; every list pages as ``{count, next, previous, results}``
  and never returns more than 100 rows.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import host_of
from fotostudio.api.checks import uses_role_permissions
from fotostudio.api.endpoints import Endpoint, api_endpoints, endpoint_model
from fotostudio.users.models import User
from fotostudio.users.roles import Role, roles_for
from fotostudio.users.services import role_permission_codenames
from fotostudio.users.tokens import tokens_for_user
from tenants.choices import BusinessType
from tests import factories

factories.load_all()

#: The two businesses of each vertical the matrix uses (conftest's session tenants).
TENANTS = {BusinessType.PHOTO_STUDIO: ("alpha", "beta"), BusinessType.AGRO_TRACEABILITY: ("campo", "finca")}
#: Reachable without a token, by design, and what they answer to a request with no body: the sign-in
#: operations refuse it for what it is (400), the API's index answers (200).
PUBLIC = {
    ("POST", "/api/v1/auth/token/"): 400,
    ("POST", "/api/v1/auth/login/"): 400,
    ("POST", "/api/v1/auth/refresh/"): 400,
    ("POST", "/api/v1/auth/token/refresh/"): 400,
    ("GET", "/api/v1/"): 200,
}
#: Served on the platform's host only: a business's host answers 404 to everyone.
PLATFORM_ONLY = re.compile(r"^/api/v1/tenants/(\{pk\}/)?$")
#: What each HTTP method needs on a model, as docs/roles.md states it (independent of the permission class).
ACTION_OF_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}
#: Operations on the signed-in user's own session or profile: they are about "me", not about a row.
OWN_SESSION = re.compile(r"^/api/v1/auth/")


def _operations() -> list[tuple[str, Endpoint]]:
    return [(business_type, endpoint) for business_type in TENANTS for endpoint in api_endpoints(business_type)]


OPERATIONS = _operations()


def _id(operation) -> str:
    business_type, endpoint = operation
    return f"{business_type}:{endpoint.method} {endpoint.path}"


def _client(tenant_slug: str, user=None, **headers) -> APIClient:
    client = APIClient(HTTP_HOST=f"{tenant_slug}.testserver", **headers)
    if user is not None:
        with schema_context(tenant_slug):
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for_user(user)['access']}")
    return client


def _example(schema: dict) -> str:
    """A value the document accepts: an enum's first value, a UUID, a date, or any text."""
    if schema.get("enum"):
        return str(schema["enum"][0])
    return {"uuid": str(uuid.uuid4()), "date": "2026-01-31"}.get(schema.get("format"), "x")


def _path_values() -> dict[str, dict[str, str]]:
    """``{path: {parameter: value}}`` for path parameters other than the row's id (``/audit/action/{action}/``),
    from the published documents (``make openapi``): a valid value of each, so the operation is exercised."""
    found: dict[str, dict[str, str]] = {}
    for business_type in TENANTS:
        document = yaml.safe_load(
            (Path(settings.BASE_DIR) / "static_docs" / "openapi" / f"{business_type}.yaml").read_text()
        )
        for path, operations in document["paths"].items():
            for operation in operations.values():
                for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                    if parameter["in"] == "path" and parameter["name"] != "id":
                        found.setdefault(path, {})[parameter["name"]] = _example(parameter.get("schema", {}))
    return found


PATH_VALUES = _path_values()


def _call(client: APIClient, endpoint: Endpoint, pk=None, **params):
    path = endpoint.path.replace("{pk}", str(pk or uuid.uuid4()))
    for name, value in PATH_VALUES.get(endpoint.path, {}).items():
        path = path.replace(f"{{{name}}}", value)
    method = endpoint.method.lower()
    if method in {"get", "delete", "head", "options"}:
        return getattr(client, method)(path, params)
    return getattr(client, method)(path, {}, format="json")


def _assert_error_shape(response) -> None:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body.get("detail"), str) and isinstance(body.get("code"), str), body


def _row_for(endpoint: Endpoint, tenant, user):
    """A row of the operation's model in ``tenant`` (``None`` when the path names no row)."""
    if "{pk}" not in endpoint.path:
        return None
    with schema_context(tenant.schema_name):
        model = endpoint_model(endpoint, user)
        assert model is not None, f"{endpoint.view_class.__name__} names a row but has no queryset"
        return factories.create(model)


def _expected_permissions(endpoint: Endpoint, user) -> list[tuple[str, str]] | None:
    """``(app_label, codename)`` pairs the operation needs; ``None`` when any signed-in user may use it."""
    view = endpoint.view_class
    if not uses_role_permissions(view):
        return None
    required = getattr(view, "required_permissions", None)
    if isinstance(required, dict):
        required = required.get(endpoint.method, [])
    if required is None:
        model = endpoint_model(endpoint, user)
        required = [f"{model._meta.app_label}.{ACTION_OF_METHOD[endpoint.method]}_{model._meta.model_name}"]
    return [tuple(permission.split(".", 1)) for permission in required]


@pytest.fixture
def businesses(test_tenants, make_user):
    """``businesses(business_type)`` → (A, B, A's administrator, B's administrator)."""

    def pick(business_type):
        slug_a, slug_b = TENANTS[business_type]
        a, b = test_tenants[slug_a], test_tenants[slug_b]
        return a, b, make_user(a, Role.ADMINISTRATOR), make_user(b, Role.ADMINISTRATOR)

    return pick


def _business_operations():
    return [op for op in OPERATIONS if op[1] not in () and not PLATFORM_ONLY.match(op[1].path)]


# --- Isolation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", [op for op in _business_operations() if "{pk}" in op[1].path], ids=_id)
def test_another_business_rows_are_404_on_every_detail_operation(operation, businesses):
    business_type, endpoint = operation
    a, b, admin_a, admin_b = businesses(business_type)
    row = _row_for(endpoint, a, admin_a)
    response = _call(_client(b.schema_name, admin_b), endpoint, row.pk)
    assert response.status_code == 404, response.content
    _assert_error_shape(response)


@pytest.mark.parametrize(
    "operation",
    [
        op
        for op in _business_operations()
        if op[1].method == "GET"
        and "{pk}" not in op[1].path
        and not OWN_SESSION.match(op[1].path)
        and endpoint_model(op[1]) is not None
    ],
    ids=_id,
)
def test_another_business_rows_never_appear_in_a_list(operation, businesses):
    business_type, endpoint = operation
    a, b, admin_a, admin_b = businesses(business_type)
    with schema_context(a.schema_name):
        row = factories.create(endpoint_model(endpoint, admin_a))
    mine = _call(_client(a.schema_name, admin_a), endpoint, page_size=100)
    theirs = _call(_client(b.schema_name, admin_b), endpoint, page_size=100)
    assert mine.status_code == theirs.status_code == 200
    ids = lambda response: {str(item.get("id")) for item in response.json()["results"]}  # noqa: E731
    assert str(row.pk) not in ids(theirs)


@pytest.mark.parametrize(
    "operation", [op for op in _business_operations() if (op[1].method, op[1].path) not in PUBLIC], ids=_id
)
def test_a_token_of_another_business_is_refused(operation, businesses):
    """Even where B has a user with the same id (a copy of A restored as B would): the token names its business."""
    business_type, endpoint = operation
    a, b, admin_a, _admin_b = businesses(business_type)
    with schema_context(b.schema_name):
        twin = User.objects.create(
            id=admin_a.id, username=f"gemelo{uuid.uuid4().hex[:6]}", email=f"{uuid.uuid4().hex[:8]}@b.test"
        )
        twin.password = admin_a.password  # the same password hash, so the token's hash claim matches too
        twin.is_superuser = True
        twin.save(update_fields=["password", "is_superuser"])
    stranger = APIClient(HTTP_HOST=host_of(b))
    with schema_context(a.schema_name):
        stranger.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for_user(admin_a)['access']}")
    response = _call(stranger, endpoint)
    assert response.status_code == 401
    _assert_error_shape(response)


@pytest.mark.parametrize("operation", OPERATIONS, ids=_id)
def test_an_x_tenant_header_naming_another_business_is_refused(operation, businesses):
    business_type, endpoint = operation
    a, b, admin_a, _admin_b = businesses(business_type)
    response = _call(_client(a.schema_name, admin_a, HTTP_X_TENANT=b.schema_name), endpoint)
    assert response.status_code == 400
    assert response.json()["code"] == "tenant_mismatch"


# --- Roles and authentication ---------------------------------------------------------------------------------


ROLE_CASES = [
    (business_type, endpoint, role)
    for business_type, endpoint in _business_operations()
    if (endpoint.method, endpoint.path) not in PUBLIC
    for role in roles_for(business_type)
]


@pytest.mark.parametrize(
    ("business_type", "endpoint", "role"),
    ROLE_CASES,
    ids=[f"{bt}:{e.method} {e.path}:{role}" for bt, e, role in ROLE_CASES],
)
def test_each_role_gets_exactly_what_the_role_table_grants(business_type, endpoint, role, businesses, make_user):
    a, _b, admin_a, _admin_b = businesses(business_type)
    user = make_user(a, role)
    row = _row_for(endpoint, a, admin_a)
    needed = _expected_permissions(endpoint, user)
    granted = role_permission_codenames()[role]
    allowed = needed is None or all(permission in granted for permission in needed)
    response = _call(_client(a.schema_name, user), endpoint, getattr(row, "pk", None))
    if allowed:
        assert response.status_code not in (401, 403), (response.status_code, response.content)
    else:
        assert response.status_code == 403, (response.status_code, response.content)
        _assert_error_shape(response)


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if (op[1].method, op[1].path) not in PUBLIC], ids=_id)
def test_without_a_token_every_operation_is_401(operation, test_tenants, db):
    business_type, endpoint = operation
    response = _call(_client(TENANTS[business_type][0]), endpoint)
    assert response.status_code == (404 if PLATFORM_ONLY.match(endpoint.path) else 401)
    _assert_error_shape(response)


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if (op[1].method, op[1].path) in PUBLIC], ids=_id)
def test_the_public_operations_need_no_token_and_still_validate(operation, test_tenants, db):
    business_type, endpoint = operation
    response = _call(_client(TENANTS[business_type][0]), endpoint)
    assert response.status_code == PUBLIC[(endpoint.method, endpoint.path)]
    if response.status_code >= 400:
        _assert_error_shape(response)


# --- Lists ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "operation",
    [
        op
        for op in _business_operations()
        if op[1].method == "GET"
        and "{pk}" not in op[1].path
        and not OWN_SESSION.match(op[1].path)
        and op[1].action != "retrieve"
        and endpoint_model(op[1]) is not None
    ],
    ids=_id,
)
def test_every_list_pages_and_never_returns_more_than_100(operation, businesses):
    business_type, endpoint = operation
    a, _b, admin_a, _admin_b = businesses(business_type)
    response = _call(_client(a.schema_name, admin_a), endpoint, page_size=500)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert len(body["results"]) <= 100
