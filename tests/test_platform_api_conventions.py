"""API conventions every module relies on: two mounts, one error shape, 409s, JSON even for 404/500, CORS."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.test import Client, RequestFactory
from django_tenants.utils import schema_context
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from conftest import PUBLIC_HOST, host_of
from fotostudio import handlers
from fotostudio.api import exceptions as api_exceptions
from fotostudio.api.checks import check_views_declare_permissions
from fotostudio.api.exceptions import api_exception_handler, serializer_field_names
from fotostudio.core.errors import ApplicationError, CommonError, ConflictError
from fotostudio.users import services as user_services
from fotostudio.users.models import User
from tenants.choices import BusinessType

ORIGIN = "http://localhost:5173"


@pytest.fixture
def admin_api(tenant_a, make_user, api_client):
    return api_client(tenant_a, make_user(tenant_a, "Administrador"))


def test_both_mounts_serve_the_same_api(admin_api):
    versioned = admin_api.get("/api/v1/users/").json()
    plain = admin_api.get("/api/users/").json()
    assert versioned["count"] == plain["count"]
    assert [user["id"] for user in versioned["results"]] == [user["id"] for user in plain["results"]]


def test_ids_are_uuids_and_datetimes_iso_8601_with_offset(admin_api):
    user = admin_api.get("/api/v1/users/").json()["results"][0]
    assert uuid.UUID(user["id"]).version == 4
    assert user["fecha_alta"][10] == "T"
    assert user["fecha_alta"][-6] in "+-" and user["fecha_alta"][-3] == ":"


def test_unknown_api_route_is_a_json_404(admin_api):
    response = admin_api.get("/api/v1/no-existe/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "No encontrado.", "code": "not_found"}


def test_unknown_admin_route_stays_an_html_404(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, "Administrador"))
    response = browser.get("/no-existe/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_body_over_the_upload_limit_is_a_json_400(tenant_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = APIClient(HTTP_HOST=host_of(tenant_a)).post(
        "/api/v1/auth/token/", {"username": "x" * 300, "password": "y"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Petición no válida.", "code": "bad_request"}


def test_a_host_name_no_site_serves_is_a_json_400_on_the_api_and_html_elsewhere(test_tenants, db):
    api = APIClient(HTTP_HOST="mal_nombre.testserver").get("/api/v1/users/")
    assert api.status_code == 400
    assert api.json()["code"] == "bad_request"
    admin = Client(HTTP_HOST="mal_nombre.testserver").get("/admin/")
    assert admin.status_code == 400
    assert admin["Content-Type"].startswith("text/html")


def test_wrong_method_is_405_in_the_common_shape(admin_api):
    response = admin_api.delete("/api/v1/auth/profile/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response.json()) == {"detail", "code"}


def test_malformed_json_is_400_in_the_common_shape(tenant_a):
    response = APIClient(HTTP_HOST=host_of(tenant_a)).post(
        "/api/v1/auth/token/", "{malo", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_unique_constraint_reached_by_a_race_is_409_not_500(admin_api, tenant_a, make_user, monkeypatch):
    make_user(tenant_a, username="carrera", email="carrera@alfa.test")
    # the service's own check passes (the other request had not committed yet) and the database says no
    monkeypatch.setattr(user_services, "_check_unique", lambda **kwargs: None)
    response = admin_api.post(
        "/api/v1/users/",
        {"username": "carrera", "email": "otra@alfa.test", "password": "Clave-Segura-2026"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "Ya existe un registro con esos datos.", "code": CommonError.DUPLICATE}
    assert admin_api.get("/api/v1/users/").status_code == 200  # the connection is still usable


def _integrity_error(sql: str, params: list) -> IntegrityError:
    """A real error from PostgreSQL (foreign keys checked now rather than at commit)."""
    try:
        with pytest.raises(IntegrityError) as caught, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(sql, params)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return caught.value


def test_exception_handler_maps_database_and_django_errors(tenant_a):
    with schema_context("alpha"):
        group = Group.objects.first()
        duplicate = _integrity_error("INSERT INTO auth_group (name) VALUES (%s)", [group.name])
        in_use = _integrity_error(
            "INSERT INTO users_user_groups (user_id, group_id) VALUES (%s, %s)", [str(uuid.uuid4()), group.pk]
        )
    context = {"request": RequestFactory().get("/api/v1/")}
    assert api_exception_handler(duplicate, context).data["code"] == CommonError.DUPLICATE
    protected = api_exception_handler(in_use, context)
    assert (protected.status_code, protected.data["code"]) == (409, CommonError.PROTECTED)

    invalid = api_exception_handler(DjangoValidationError({"campo": ["Mal."]}), context)
    assert invalid.status_code == 400
    assert invalid.data == {"detail": "campo: Mal.", "code": "invalid", "errors": {"campo": ["Mal."]}}
    assert api_exception_handler(Http404(), context).data == {"detail": "No encontrado.", "code": "not_found"}
    assert api_exception_handler(PermissionDenied(), context).status_code == 403
    assert api_exception_handler(RuntimeError("boom"), context) is None  # a real bug stays a 500


def test_application_errors_keep_their_code_status_field_errors_and_extras():
    context = {"request": RequestFactory().get("/api/v1/")}
    error = ApplicationError(
        "Sin stock.", code="sin_stock", status=422, errors={"cantidad": ["Máximo 3."]}, extra={"disponible": 3}
    )
    response = api_exception_handler(error, context)
    assert response.status_code == 422
    assert response.data == {
        "detail": "Sin stock.",
        "code": "sin_stock",
        "disponible": 3,
        "errors": {"cantidad": ["Máximo 3."]},
    }
    conflict = api_exception_handler(ConflictError("Duplicado.", code=CommonError.DUPLICATE), context)
    assert (conflict.status_code, conflict.data) == (409, {"detail": "Duplicado.", "code": "duplicate"})


def test_validation_error_messages_pick_the_first_useful_one():
    context = {"request": RequestFactory().get("/api/v1/")}
    nested = api_exception_handler(
        exceptions.ValidationError({"lineas": [{"cantidad": ["Debe ser positiva."]}]}), context
    )
    assert nested.data["detail"] == "lineas: cantidad: Debe ser positiva (elemento 1)."
    flat = api_exception_handler(exceptions.ValidationError(["Fechas cruzadas."]), context)
    assert flat.data["errors"] == {"non_field_errors": ["Fechas cruzadas."]}
    assert flat.data["detail"] == "Fechas cruzadas."
    empty = api_exception_handler(exceptions.ValidationError({}), context)
    assert empty.data["detail"] == "Datos no válidos."


def test_server_errors_under_the_api_are_json(tenant_a):
    request = RequestFactory().get("/api/v1/users/")
    response = handlers.server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"detail": "Error interno del servidor.", "code": "server_error"}'
    page = handlers.server_error(RequestFactory().get("/admin/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_an_unexpected_exception_in_a_view_answers_json_500(admin_api, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("fotostudio.users.api.views.user_list", explode)
    admin_api.raise_request_exception = False
    response = admin_api.get("/api/v1/users/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


# --- CORS -------------------------------------------------------------------------------------


def test_cors_preflight_allows_the_configured_origins_and_the_tenant_header(tenant_a):
    response = Client(HTTP_HOST=PUBLIC_HOST).options(
        "/api/v1/users/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, x-tenant",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "x-tenant" in response["Access-Control-Allow-Headers"]


def test_cors_refuses_other_origins(tenant_a):
    response = APIClient(HTTP_HOST=host_of(tenant_a)).get("/api/v1/users/", HTTP_ORIGIN="https://malicioso.example")
    assert "Access-Control-Allow-Origin" not in response


def test_cors_follows_settings(tenant_a, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.fotostudio.example"]
    response = APIClient(HTTP_HOST=host_of(tenant_a)).get(
        "/api/v1/users/", HTTP_ORIGIN="https://app.fotostudio.example"
    )
    assert response["Access-Control-Allow-Origin"] == "https://app.fotostudio.example"
    assert "Access-Control-Allow-Origin" not in APIClient(HTTP_HOST=host_of(tenant_a)).get(
        "/api/v1/users/", HTTP_ORIGIN=ORIGIN
    )


def test_the_frontend_can_read_tenant_errors_too(tenant_b):
    connection.set_schema_to_public()
    inactive = type(tenant_b).objects.get(pk=tenant_b.pk)
    inactive.is_active = False
    inactive.save()
    response = APIClient(HTTP_HOST=host_of(tenant_b)).get("/api/v1/users/", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 403
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    unknown = APIClient(HTTP_HOST=PUBLIC_HOST, HTTP_X_TENANT="nadie").get("/api/v1/users/", HTTP_ORIGIN=ORIGIN)
    assert unknown.status_code == 404
    assert unknown["Access-Control-Allow-Origin"] == ORIGIN


def test_users_are_rows_of_the_tenants_schema_only(tenant_a, tenant_b, make_user):
    make_user(tenant_a, username="solo_alfa")
    with schema_context("beta"):
        assert not User.objects.filter(username="solo_alfa").exists()


# --- permissions and module routing for views modules will write -------------------------------


class _MetricsView(APIView):
    """A workflow-style view without a queryset that declares what it needs."""

    required_permissions = ["users.view_user"]

    def get(self, request):
        return Response({"ok": True})


class _PerMethodView(APIView):
    required_permissions = {"GET": ["users.view_user"], "POST": ["users.add_user"]}

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"ok": True})

    def delete(self, request):
        return Response({"ok": True})


class _UndeclaredView(APIView):
    def get(self, request):
        return Response({"ok": True})


def _call(view, tenant, user, method="get"):
    request = getattr(APIRequestFactory(), method)("/api/v1/x/")
    force_authenticate(request, user=user)
    with schema_context(tenant.schema_name):
        return view.as_view()(request)


def test_views_without_a_queryset_need_their_declared_permissions(tenant_a, make_user):
    manager, photographer = make_user(tenant_a, "Gerente"), make_user(tenant_a, "Fotógrafo")
    assert _call(_MetricsView, tenant_a, manager).status_code == 200
    assert _call(_MetricsView, tenant_a, photographer).status_code == 403
    administrator = make_user(tenant_a, "Administrador")
    assert _call(_PerMethodView, tenant_a, manager).status_code == 200
    assert _call(_PerMethodView, tenant_a, manager, "post").status_code == 403
    assert _call(_PerMethodView, tenant_a, administrator, "post").status_code == 200
    assert _call(_PerMethodView, tenant_a, administrator, "delete").status_code == 403  # a method it does not list


def test_a_view_that_declares_nothing_is_refused_and_named_by_the_checks(tenant_a, make_user, replace_module_spec):
    administrator = make_user(tenant_a, "Administrador")
    assert _call(_UndeclaredView, tenant_a, administrator).status_code == 403
    anonymous = APIRequestFactory().get("/api/v1/x/")
    assert _UndeclaredView.as_view()(anonymous).status_code == 401
    replace_module_spec("clients", api_urls="tests.fixtures_urls.undeclared")
    (error,) = check_views_declare_permissions()
    assert error.id == "fotostudio.E101"
    assert "UndeclaredView" in error.msg and "/api/v1/abierto/" in error.msg


def test_two_verticals_can_own_the_same_path(replace_module_spec, tenant_a, tenant_agro, make_user, api_client):
    replace_module_spec("clients", api_urls="tests.fixtures_urls.studio")
    replace_module_spec(
        "audit",
        always_enabled=False,
        business_types=frozenset({BusinessType.AGRO_TRACEABILITY}),
        api_urls="tests.fixtures_urls.agro",
    )
    studio = api_client(tenant_a, make_user(tenant_a, "Administrador"))
    agro = api_client(tenant_agro, make_user(tenant_agro, "Administrador"))
    for prefix in ("/api/v1/", "/api/"):
        assert studio.get(f"{prefix}reportes/").json() == {"vertical": "estudio"}
        assert agro.get(f"{prefix}reportes/").json() == {"vertical": "agro"}


def test_a_tenant_has_no_route_to_a_module_it_lacks(tenant_agro, make_user, api_client):
    agro = api_client(tenant_agro, make_user(tenant_agro, "Administrador"))
    response = agro.get("/api/v1/clients/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No encontrado.", "code": "not_found"}


def test_error_code_falls_back_to_the_exception_default():
    assert api_exceptions.error_code(exceptions.APIException({"campo": "x"})) == "error"
    assert api_exceptions.error_code(exceptions.NotFound()) == "not_found"


class _ClientLikeSerializer(serializers.Serializer):
    nombre = serializers.CharField(source="name")
    documento = serializers.CharField(source="document")
    creado_en = serializers.DateTimeField(source="created_at", read_only=True)


class _ClientLikeView:
    def get_serializer_class(self):
        return _ClientLikeSerializer


def test_service_field_errors_are_renamed_to_the_views_json_keys():
    assert serializer_field_names(_ClientLikeSerializer) == {"name": "nombre", "document": "documento"}
    error = ApplicationError("No válido.", errors={"document": ["Repetido."], "created_at": ["x"], "other": ["y"]})

    response = api_exception_handler(error, {"view": _ClientLikeView()})

    assert response.data["errors"] == {"documento": ["Repetido."], "created_at": ["x"], "other": ["y"]}
    assert api_exception_handler(error, {"view": APIView()}).data["errors"]["document"] == ["Repetido."]
