"""Bad input is a 400 that says what is wrong, never a 500 or a silent guess."""

import pytest
from rest_framework.test import APIClient

from conftest import host_of
from fotostudio.api.parsers import MAX_DEPTH, nesting_exceeds


def nested(depth: int) -> str:
    """A JSON body of ``depth`` objects inside one another: ``{"a": {"a": … {} …}}``."""
    return '{"a": ' * (depth - 1) + "{}" + "}" * (depth - 1)


@pytest.fixture
def admin_api(tenant_a, make_user, api_client):
    return api_client(tenant_a, make_user(tenant_a, "Administrador"))


def test_json_nested_a_thousand_levels_is_a_400_at_the_token_endpoint(tenant_a):
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    for body in ("[" * 1000 + "]" * 1000, nested(1000), nested(100_000)):
        response = client.post("/api/v1/auth/token/", body, content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {
            "detail": "El JSON anida más de 32 niveles de objetos o listas.",
            "code": "parse_error",
        }


def test_json_nested_too_deep_is_a_400_on_authenticated_endpoints(admin_api):
    for method, path in (("post", "/api/v1/users/"), ("patch", "/api/v1/auth/profile/"), ("post", "/api/v1/clients/")):
        response = getattr(admin_api, method)(path, nested(MAX_DEPTH + 1), content_type="application/json")
        assert response.status_code == 400, path
        assert response.json()["code"] == "parse_error", path


def test_json_up_to_the_limit_is_read_and_validated_as_usual(admin_api):
    response = admin_api.post("/api/v1/users/", nested(MAX_DEPTH), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"  # parsed; the fields are what is wrong
    assert "username" in response.json()["errors"]


def test_nesting_is_measured_in_containers():
    assert not nesting_exceeds("texto", 0)
    assert not nesting_exceeds({"a": [1, 2]}, 2)
    assert nesting_exceeds({"a": [1, 2]}, 1)
    assert nesting_exceeds([[], {"b": {"c": [[]]}}], 4)
    assert not nesting_exceeds([[], {"b": {"c": [[]]}}], 5)
