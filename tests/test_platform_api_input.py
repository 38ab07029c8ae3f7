"""Bad input is a 400 that says what is wrong, never a 500 or a silent guess."""

import pytest
from django.utils import translation
from django_tenants.utils import schema_context
from rest_framework import exceptions, serializers
from rest_framework.test import APIClient

from conftest import host_of
from fotostudio.api.exceptions import api_exception_handler
from fotostudio.api.parsers import MAX_DEPTH, nesting_exceeds
from fotostudio.users.models import User


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


# --- pagination -----------------------------------------------------------------------------------


@pytest.fixture
def many_users(tenant_a):
    """105 more users in the tenant's schema (written at once: only their number matters here)."""
    with schema_context(tenant_a.schema_name):
        User.objects.bulk_create(
            User(username=f"masivo{number}", email=f"masivo{number}@alfa.test") for number in range(105)
        )


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "1e2", "٣"])
def test_a_page_size_that_is_not_a_number_from_1_is_a_400_naming_the_range(admin_api, value):
    response = admin_api.get("/api/v1/users/", {"page_size": value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == {
        "page_size": [f"«{value}» no es un tamaño de página válido: use un número entero de 1 a 100."]
    }


def test_a_page_size_over_100_is_read_as_100(admin_api, many_users):
    for value in ("101", "1000000000000"):
        body = admin_api.get("/api/v1/users/", {"page_size": value}).json()
        assert body["count"] > 105
        assert len(body["results"]) == 100


def test_page_size_within_the_range_and_the_default(admin_api, many_users):
    assert len(admin_api.get("/api/v1/users/", {"page_size": "5"}).json()["results"]) == 5
    assert len(admin_api.get("/api/v1/users/", {"page_size": " 7 "}).json()["results"]) == 7
    assert len(admin_api.get("/api/v1/users/", {"page_size": "100"}).json()["results"]) == 100
    assert len(admin_api.get("/api/v1/users/", {"page_size": ""}).json()["results"]) == 10
    assert len(admin_api.get("/api/v1/users/").json()["results"]) == 10


@pytest.mark.parametrize("value", ["abc", "0", "-2", "last", "2.0"])
def test_a_page_that_is_not_a_number_from_1_is_a_400(admin_api, value):
    response = admin_api.get("/api/v1/users/", {"page": value})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "page": [f"«{value}» no es un número de página válido: use un número entero desde 1."]
    }


def test_a_page_after_the_last_stays_a_404(admin_api):
    count = admin_api.get("/api/v1/users/").json()["count"]
    assert 1 <= count <= 10
    assert admin_api.get("/api/v1/users/", {"page": "1"}).status_code == 200
    response = admin_api.get("/api/v1/users/", {"page": "2"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_long_value_is_shortened_in_the_message(admin_api):
    response = admin_api.get("/api/v1/users/", {"page_size": "x" * 500})
    (message,) = response.json()["errors"]["page_size"]
    assert len(message) < 120


# --- errors on list fields -------------------------------------------------------------------------


def test_an_invalid_item_of_a_list_field_is_a_message_naming_its_position(admin_api):
    response = admin_api.post(
        "/api/v1/users/",
        {"username": "listas", "email": "listas@alfa.test", "password": "Clave-Segura-2026", "roles": ["Gerente", "X"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "roles: «X» no es una opción válida (elemento 2).",
        "code": "invalid",
        "errors": {"roles": ["«X» no es una opción válida (elemento 2)."]},
    }


def test_list_field_errors_are_arrays_of_messages_in_every_module(admin_api):
    response = admin_api.post(
        "/api/v1/clients/",
        {
            "tipo": "colegio",
            "documento": "1790000028001",
            "nombre": "U. E. Listas",
            "niveles": ["bachillerato", "x", "y"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["niveles"] == [
        '"x" no es una elección válida (elemento 2).',
        '"y" no es una elección válida (elemento 3).',
    ]


class _Line(serializers.Serializer):
    cantidad = serializers.IntegerField(min_value=1)


class _Order(serializers.Serializer):
    lineas = _Line(many=True)
    etiquetas = serializers.ListField(child=serializers.CharField(max_length=3))
    notas = serializers.DictField(child=serializers.IntegerField())
    datos = _Line()


def test_nested_errors_become_messages_naming_keys_and_positions():
    order = _Order(
        data={
            "lineas": [{"cantidad": 2}, {"cantidad": 0}, {}],
            "etiquetas": ["ok", "larga"],
            "notas": {"a": 1, "b": "x"},
            "datos": {"cantidad": "y"},
        }
    )
    with translation.override("es"):
        assert not order.is_valid()
        response = api_exception_handler(exceptions.ValidationError(order.errors), {"view": None})
    assert response.data["errors"] == {
        "lineas": [
            "cantidad: Asegúrese de que este valor es mayor o igual a 1 (elemento 2).",
            "cantidad: Este campo es requerido (elemento 3).",
        ],
        "etiquetas": ["Asegúrese de que este campo no tenga más de 3 caracteres (elemento 2)."],
        "notas": ["b: Introduzca un número entero válido."],
        "datos": ["cantidad: Introduzca un número entero válido."],
    }
    assert response.data["detail"] == "lineas: cantidad: Asegúrese de que este valor es mayor o igual a 1 (elemento 2)."
    assert all(isinstance(message, str) for messages in response.data["errors"].values() for message in messages)
