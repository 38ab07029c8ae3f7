"""Productos terminados: the API, the admin, isolation between businesses and access by role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from fotostudio.audit.models import ActivityLog
from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role, roles_for
from fotostudio.users.tokens import tokens_for_user
from modules.products.models import Product
from modules.products.tests.factories import ProductFactory
from tenants.choices import BusinessType

LIST = "/api/v1/products/"
CHANGELIST = "/admin/products/product/"


def detail(obj) -> str:
    return f"{LIST}{obj.pk}/"


def detail_of(body: dict) -> str:
    return f"{LIST}{body['id']}/"


@pytest.fixture
def home(tenant_a):
    return tenant_a


@pytest.fixture
def other(tenant_b):
    return tenant_b


@pytest.fixture
def administrator(make_user, home):
    return make_user(home, Role.ADMINISTRATOR)


@pytest.fixture
def record_in(db):
    """``record_in(tenant, **fields)``: a producto written in that tenant's schema."""

    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return ProductFactory(**fields)

    return make


def test_create_read_update_and_delete(api_client, home, administrator):
    api = api_client(home, administrator)
    created = api.post(LIST, {"nombre": "  Primero  ", "notas": "Nota"}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["nombre"], body["es_activo"], body["creado_por"]["username"]) == (
        "Primero",
        True,
        administrator.username,
    )
    assert api.get(LIST).json()["count"] == 1
    changed = api.patch(f"{LIST}{body['id']}/", {"es_activo": False}, format="json")
    assert changed.status_code == 200 and changed.json()["es_activo"] is False
    assert api.delete(f"{LIST}{body['id']}/").status_code == 204
    assert api.get(LIST).json()["count"] == 0


def test_every_change_is_in_the_audit_trail_with_who_made_it(api_client, home, administrator):
    api = api_client(home, administrator)
    record = api.post(LIST, {"nombre": "Auditado"}, format="json").json()
    api.patch(detail_of(record), {"notas": "Cambiada"}, format="json")
    api.delete(detail_of(record))
    trail = api.get("/api/v1/audit/model/products.product/").json()["results"]
    assert [(event["accion"], event["registro_id"], event["usuario"]["username"]) for event in trail] == [
        (action, record["id"], administrator.username) for action in ("eliminar", "actualizar", "crear")
    ]
    changed = api.get(f"/api/v1/audit/{trail[1]['id']}/").json()["cambios"]
    assert [(change["campo"], change["antes"], change["despues"]) for change in changed] == [("notas", "", "Cambiada")]


def test_a_duplicate_name_is_a_409_naming_it(api_client, home, administrator, record_in):
    record_in(home, name="Repetido")
    response = api_client(home, administrator).post(LIST, {"nombre": "repetido"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "product_duplicate"
    assert "Repetido" in response.json()["detail"]


def test_bad_input_is_a_400_by_field(api_client, home, administrator):
    response = api_client(home, administrator).post(LIST, {"nombre": "   "}, format="json")
    assert response.status_code == 400
    assert "nombre" in response.json()["errors"]


def test_search_and_ordering_use_the_apis_names(api_client, home, administrator, record_in):
    record_in(home, name="Álamo")
    record_in(home, name="Búho")
    api = api_client(home, administrator)
    assert [row["nombre"] for row in api.get(LIST, {"search": "alamo"}).json()["results"]] == ["Álamo"]
    assert [row["nombre"] for row in api.get(LIST, {"ordering": "-nombre"}).json()["results"]] == ["Búho", "Álamo"]
    assert api.get(LIST, {"ordering": "-name"}).status_code == 400


def test_without_a_token_it_is_401(api_client, home):
    assert api_client(home).get(LIST).status_code == 401


def test_another_business_records_are_never_seen(api_client, home, other, administrator, record_in, make_user):
    theirs = record_in(other, name="Ajeno")
    api = api_client(home, administrator)
    assert api.get(LIST).json()["count"] == 0
    assert api.get(detail(theirs)).status_code == 404
    assert api.put(detail(theirs), {"nombre": "Mío"}, format="json").status_code == 404
    assert api.delete(detail(theirs)).status_code == 404
    stranger = make_user(other, Role.ADMINISTRATOR)
    with schema_context(other.schema_name):
        their_token = tokens_for_user(stranger)["access"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {their_token}")
    assert api.get(LIST).status_code == 401  # a token of another business is refused here


def _allowed(role: Role, action: str) -> bool:
    actions = get_module("products").roles.get(role, ())
    return "*" in actions or action in actions


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_access_follows_the_roles(role, api_client, admin_client_for, home, make_user, record_in):
    record = record_in(home)
    user = make_user(home, role)
    may_export = _allowed(role, "view") and _allowed(role, "export")
    export = admin_client_for(home, user).post(f"{CHANGELIST}export/", {"format": "0", "resource": "0"})
    assert export.status_code == (200 if may_export else 403)
    api = api_client(home, user)
    assert api.get(LIST).status_code == (200 if _allowed(role, "view") else 403)
    created = api.post(LIST, {"nombre": f"Nuevo {role}"}, format="json")
    assert created.status_code == (201 if _allowed(role, "add") else 403)
    changed = api.patch(detail(record), {"notas": "x"}, format="json")
    assert changed.status_code == (200 if _allowed(role, "change") else 403)
    assert api.delete(detail(record)).status_code == (204 if _allowed(role, "delete") else 403)


def test_the_list_runs_a_fixed_number_of_queries(
    api_client, home, administrator, record_in, django_assert_max_num_queries
):
    api = api_client(home, administrator)
    api.get(LIST)  # warms the tenant resolution cache
    for number in range(30):
        record_in(home, name=f"Registro {number}")
    with django_assert_max_num_queries(6):  # schema, user, two for permissions, count, page
        assert len(api.get(LIST, {"page_size": 30}).json()["results"]) == 30


def test_the_admin_lists_adds_and_imports(admin_client_for, home, administrator, record_in):
    record_in(home, name="En la lista")
    browser = admin_client_for(home, administrator)
    assert "En la lista" in browser.get(CHANGELIST).content.decode()
    added = browser.post(f"{CHANGELIST}add/", {"name": "Desde el panel", "is_active": "on", "notes": ""})
    assert added.status_code == 302
    refused = browser.post(f"{CHANGELIST}add/", {"name": "desde el panel", "is_active": "on", "notes": ""})
    assert "Desde el panel" in " ".join(refused.context["adminform"].form.errors["name"])
    upload = SimpleUploadedFile("lista.csv", b"nombre,notas\nImportado,Hola\n")
    imported = browser.post(f"{CHANGELIST}import/", {"import_file": upload})
    assert imported.status_code == 302
    with schema_context(home.schema_name):
        assert Product.objects.filter(name="Importado").exists()


def test_the_admin_exports_an_xlsx_and_records_it(admin_client_for, home, administrator, record_in):
    record_in(home, name="Exportado")
    response = admin_client_for(home, administrator).post(
        f"{CHANGELIST}export/?q=export", {"format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="productos-')
    with schema_context(home.schema_name):
        log = ActivityLog.objects.get()
    assert (log.user_id, log.row_count, log.filters) == (administrator.pk, 1, {"q": "export"})
