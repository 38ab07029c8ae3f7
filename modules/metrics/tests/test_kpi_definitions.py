"""Indicators (KPI definitions): the API, the rules, the audit trail, isolation and access by role."""

import pytest
from django_tenants.utils import schema_context

from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role, roles_for
from fotostudio.users.tokens import tokens_for_user
from modules.metrics.models import KpiDefinition
from tenants.choices import BusinessType

LIST = "/api/v1/metrics/"

REVENUE = {
    "nombre": "  Ventas   del mes ",
    "medida": "ingresos",
    "periodo": "mes",
    "meta": "5000.00",
    "sentido": "mayor_mejor",
    "umbral_bueno": "5000.00",
    "umbral_alerta": "4000.00",
}


def detail(obj) -> str:
    return f"{LIST}{obj.pk}/"


def test_create_read_update_and_delete(api_client, home, administrator):
    api = api_client(home, administrator)
    created = api.post(LIST, REVENUE, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert {key: body[key] for key in ("nombre", "medida", "unidad", "periodo", "meta", "es_activo")} == {
        "nombre": "Ventas del mes",
        "medida": "ingresos",
        "unidad": "dinero",
        "periodo": "mes",
        "meta": "5000.00",
        "es_activo": True,
    }
    assert body["creado_por"]["username"] == administrator.username
    assert api.get(LIST).json()["count"] == 1
    url = f"{LIST}{body['id']}/"
    assert api.get(url).json()["umbral_alerta"] == "4000.00"
    waste = {"medida": "tasa_merma", "sentido": "menor_mejor", "meta": "5", "umbral_bueno": "5", "umbral_alerta": "10"}
    changed = api.put(url, {**REVENUE, **waste}, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["unidad"], changed.json()["sentido"]) == ("porcentaje", "menor_mejor")
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_every_change_is_in_the_audit_trail(api_client, home, administrator):
    api = api_client(home, administrator)
    record = api.post(LIST, REVENUE, format="json").json()
    api.patch(f"{LIST}{record['id']}/", {"meta": "6000.00", "umbral_bueno": "6000.00"}, format="json")
    trail = api.get("/api/v1/audit/model/metrics.kpidefinition/").json()["results"]
    assert [(event["accion"], event["registro_id"]) for event in trail] == [
        ("actualizar", record["id"]),
        ("crear", record["id"]),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"umbral_alerta": "6000.00"}, "umbral_alerta"),  # higher is better: warning above good
        ({"sentido": "menor_mejor"}, "umbral_alerta"),  # lower is better: warning (4000) below good (5000)
        ({"medida": "ventas"}, "medida"),
        ({"periodo": "semana"}, "periodo"),
        ({"meta": "-1"}, "meta"),
        ({"meta": "abc"}, "meta"),
        ({"nombre": "   "}, "nombre"),
        ({"medida": "tasa_merma", "umbral_bueno": "120", "umbral_alerta": "90"}, "umbral_bueno"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_client, home, administrator, change, field):
    response = api_client(home, administrator).post(LIST, {**REVENUE, **change}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]


def test_the_direction_decides_which_thresholds_are_consistent(api_client, home, administrator, kpi_in):
    kpi = kpi_in(home)  # higher is better, good 1000 ≥ warning 800
    api = api_client(home, administrator)
    refused = api.patch(detail(kpi), {"sentido": "menor_mejor"}, format="json")
    assert refused.status_code == 400 and "umbral_alerta" in refused.json()["errors"]
    accepted = api.patch(
        detail(kpi), {"sentido": "menor_mejor", "umbral_bueno": "800", "umbral_alerta": "1000"}, format="json"
    )
    assert accepted.status_code == 200, accepted.json()
    with schema_context(home.schema_name):
        kpi.refresh_from_db()
    assert kpi.direction == "menor_mejor"


def test_a_duplicate_name_is_a_409_naming_it(api_client, home, administrator, kpi_in):
    kpi_in(home, name="Ventas del mes")
    response = api_client(home, administrator).post(LIST, {**REVENUE, "nombre": "ventas DEL mes"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "kpi_definition_duplicate"
    assert "Ventas del mes" in response.json()["detail"]


def test_filters_search_and_ordering(api_client, home, administrator, kpi_in):
    kpi_in(home, name="Álamo")
    kpi_in(home, name="Búho", measure="pedidos", period="anio")
    api = api_client(home, administrator)
    assert [row["nombre"] for row in api.get(LIST, {"search": "alamo"}).json()["results"]] == ["Álamo"]
    assert [row["nombre"] for row in api.get(LIST, {"medida": "pedidos"}).json()["results"]] == ["Búho"]
    assert [row["nombre"] for row in api.get(LIST, {"ordering": "-nombre"}).json()["results"]] == ["Búho", "Álamo"]
    assert api.get(LIST, {"ordering": "-name"}).status_code == 400


def test_fixed_paths_are_not_read_as_ids(api_client, home, administrator):
    api = api_client(home, administrator)
    for path in ("revenue", "orders", "clients", "inventory", "dashboard"):
        assert api.get(f"{LIST}{path}/").status_code == 200, path
    assert api.get(f"{LIST}cualquiera/").status_code == 404


def test_without_a_token_it_is_401(api_client, home):
    api = api_client(home)
    assert api.get(LIST).status_code == 401
    assert api.get(f"{LIST}dashboard/").status_code == 401


def test_another_business_indicators_are_never_seen(api_client, home, other, administrator, kpi_in, make_user):
    theirs = kpi_in(other, name="Ajeno")
    api = api_client(home, administrator)
    assert api.get(LIST).json()["count"] == 0
    assert api.get(f"{LIST}dashboard/").json()["indicadores"] == []
    assert api.get(detail(theirs)).status_code == 404
    assert api.put(detail(theirs), REVENUE, format="json").status_code == 404
    assert api.delete(detail(theirs)).status_code == 404
    stranger = make_user(other, Role.ADMINISTRATOR)
    with schema_context(other.schema_name):
        their_token = tokens_for_user(stranger)["access"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {their_token}")
    assert api.get(LIST).status_code == 401


def _allowed(role: Role, action: str) -> bool:
    actions = get_module("metrics").roles.get(role, ())
    return "*" in actions or action in actions


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_access_follows_the_roles(role, api_client, home, make_user, kpi_in):
    kpi = kpi_in(home)
    api = api_client(home, make_user(home, role))
    may_view = _allowed(role, "view")
    assert api.get(LIST).status_code == (200 if may_view else 403)
    for path in ("revenue/", "orders/", "clients/", "inventory/", "dashboard/", "trends/?medida=ingresos"):
        assert api.get(f"{LIST}{path}").status_code == (200 if may_view else 403), path
    created = api.post(LIST, {**REVENUE, "nombre": f"Nuevo {role}"}, format="json")
    assert created.status_code == (201 if _allowed(role, "add") else 403)
    changed = api.patch(detail(kpi), {"notas": "x"}, format="json")
    assert changed.status_code == (200 if _allowed(role, "change") else 403)
    assert api.delete(detail(kpi)).status_code == (204 if _allowed(role, "delete") else 403)


def test_management_and_accounting_manage_the_indicators():
    roles = get_module("metrics").roles
    assert {role for role, actions in roles.items() if "*" in actions} == {
        Role.ADMINISTRATOR,
        Role.MANAGER,
        Role.ACCOUNTING,
    }


def test_the_list_runs_a_fixed_number_of_queries(api_client, home, administrator, kpi_in, django_assert_num_queries):
    api = api_client(home, administrator)
    api.get(LIST)  # warms the tenant resolution cache
    for number in range(30):
        kpi_in(home, name=f"Registro {number}")
    with django_assert_num_queries(6):  # schema, user, two for permissions, count, page
        assert len(api.get(LIST, {"page_size": 30}).json()["results"]) == 30


def test_the_model_refuses_inconsistent_thresholds_too(home, kpi_in):
    from django.db import IntegrityError, transaction

    kpi = kpi_in(home)
    with schema_context(home.schema_name), pytest.raises(IntegrityError), transaction.atomic():
        KpiDefinition.objects.filter(pk=kpi.pk).update(warning_threshold=2000)
