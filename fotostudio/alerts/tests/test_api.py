"""The alerts API as the frontend's contract states it: alerts, their resolution, open ones, rules."""

import uuid

import pytest
from django_tenants.utils import schema_context

from fotostudio.alerts.models import Alert, AlertRule, AlertStatus
from fotostudio.alerts.tests.factories import AlertFactory, AlertRuleFactory
from fotostudio.notifications.models import Notification
from fotostudio.users.roles import Role

ALERTS = "/api/v1/alertas/alertas/"
RULES = "/api/v1/alertas/reglas/"


def alert_body(**fields):
    return {"tipo_alerta": "CALIDAD", "prioridad": "ALTA", "descripcion": "Humedad del 16 % en el secado.", **fields}


def rule_body(**fields):
    return {
        "nombre": "Humedad alta",
        "tipo_alerta": "CALIDAD",
        "condicion": "registro.humedad > 14.0",
        "accion": "alerta:ALTA; notificar_rol:Calidad",
        **fields,
    }


# --- Alerts -------------------------------------------------------------------------------------------------


def test_create_an_alert_and_read_it_back(api_client, tenant_agro, admin_agro):
    api = api_client(tenant_agro, admin_agro)
    response = api.post(ALERTS, alert_body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= {
        "id", "tipo_alerta", "prioridad", "descripcion", "estado", "regla", "creada_por", "comentario",
        "acciones_tomadas", "resuelta_por", "fecha_resolucion", "creado_en", "actualizado_en",
    }  # fmt: skip
    assert (body["tipo_alerta"], body["prioridad"], body["estado"]) == ("CALIDAD", "ALTA", "ABIERTA")
    assert body["creada_por"]["username"] == admin_agro.username
    detail = api.get(f"{ALERTS}{body['id']}/")
    assert detail.status_code == 200 and detail.json() == body


def test_the_same_alert_twice_answers_the_open_one(api_client, tenant_agro, admin_agro):
    api = api_client(tenant_agro, admin_agro)
    first = api.post(ALERTS, alert_body(), format="json")
    second = api.post(ALERTS, alert_body(prioridad="BAJA"), format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    other = api.post(ALERTS, alert_body(descripcion="Otro problema"), format="json")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


def test_a_type_the_business_does_not_have_is_400(api_client, tenant_agro, admin_agro, tenant_a, admin_a):
    response = api_client(tenant_agro, admin_agro).post(ALERTS, alert_body(tipo_alerta="STOCK_BAJO"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "alert_type_unknown"
    assert "CALIDAD" in response.json()["errors"]["tipo_alerta"][0]
    studio = api_client(tenant_a, admin_a).post(ALERTS, alert_body(), format="json")
    assert studio.status_code == 400 and studio.json()["code"] == "alert_type_unknown"


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"prioridad": "URGENTE"}, "prioridad"),
        ({"descripcion": ""}, "descripcion"),
        ({"tipo_alerta": ""}, "tipo_alerta"),
    ],
)
def test_bad_alerts_are_400_naming_the_field(api_client, tenant_agro, admin_agro, fields, key):
    response = api_client(tenant_agro, admin_agro).post(ALERTS, alert_body(**fields), format="json")
    assert response.status_code == 400
    assert key in response.json()["errors"]


@pytest.mark.parametrize("key", ["lote", "envio"])
def test_contract_record_keys_are_400_until_a_module_offers_them(api_client, tenant_agro, admin_agro, key):
    response = api_client(tenant_agro, admin_agro).post(ALERTS, alert_body(**{key: str(uuid.uuid4())}), format="json")
    assert response.status_code == 400
    assert key in response.json()["errors"]


def test_an_alert_about_a_client_of_the_business(api_client, tenant_a, admin_a, client_alert_type, client_in):
    client = client_in(tenant_a, name="Ana Pérez")
    api = api_client(tenant_a, admin_a)
    response = api.post(ALERTS, alert_body(tipo_alerta="CLIENTE_REVISAR", cliente=str(client.pk)), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["cliente"] == str(client.pk)
    listed = api.get(ALERTS, {"cliente": str(client.pk)}).json()
    assert [row["id"] for row in listed["results"]] == [response.json()["id"]]
    missing = api.post(ALERTS, alert_body(tipo_alerta="CLIENTE_REVISAR", cliente=str(uuid.uuid4())), format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "link_not_found"


def test_a_new_alert_notifies_administrators_and_managers(api_client, tenant_agro, admin_agro, make_user):
    manager = make_user(tenant_agro, Role.MANAGER)
    quality = make_user(tenant_agro, Role.QUALITY)
    response = api_client(tenant_agro, admin_agro).post(ALERTS, alert_body(prioridad="MEDIA"), format="json")
    with schema_context(tenant_agro.schema_name):
        notified = set(
            Notification.objects.filter(alert_id=response.json()["id"]).values_list("recipient_id", flat=True)
        )
    assert {admin_agro.pk, manager.pk} <= notified
    assert quality.pk not in notified


def test_filters_by_state_and_priority_and_the_open_list(api_client, tenant_agro, admin_agro):
    with schema_context(tenant_agro.schema_name):
        open_high = AlertFactory(priority="ALTA")
        AlertFactory(priority="BAJA")
        resolved = AlertFactory(priority="ALTA")
    api = api_client(tenant_agro, admin_agro)
    api.post(f"{ALERTS}{resolved.pk}/resolver/", {}, format="json")
    ids = lambda response: {row["id"] for row in response.json()["results"]}  # noqa: E731
    assert ids(api.get(ALERTS, {"estado": "RESUELTA"})) == {str(resolved.pk)}
    assert ids(api.get(ALERTS, {"estado": "ABIERTA", "prioridad": "ALTA"})) == {str(open_high.pk)}
    assert str(resolved.pk) not in ids(api.get(f"{ALERTS}abiertas/"))
    assert len(ids(api.get(f"{ALERTS}abiertas/"))) == 2
    assert api.get(ALERTS, {"prioridad": "URGENTE"}).status_code == 400


def test_resolve_records_who_when_and_what_then_409_again(api_client, tenant_agro, admin_agro):
    with schema_context(tenant_agro.schema_name):
        alert = AlertFactory()
    api = api_client(tenant_agro, admin_agro)
    response = api.post(
        f"{ALERTS}{alert.pk}/resolver/", {"comentario": "Resecado", "acciones_tomadas": "Dos horas más"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["estado"], body["comentario"], body["acciones_tomadas"]) == ("RESUELTA", "Resecado", "Dos horas más")
    assert body["resuelta_por"]["username"] == admin_agro.username and body["fecha_resolucion"]
    again = api.post(f"{ALERTS}{alert.pk}/resolver/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "alert_already_resolved"


def test_unknown_or_another_business_alert_is_404(api_client, tenant_agro, admin_agro, tenant_agro_b, make_user):
    with schema_context(tenant_agro.schema_name):
        alert = AlertFactory()
    other = make_user(tenant_agro_b, Role.ADMINISTRATOR)
    api = api_client(tenant_agro_b, other)
    assert api.get(f"{ALERTS}{alert.pk}/").status_code == 404
    assert api.post(f"{ALERTS}{alert.pk}/resolver/", {}, format="json").status_code == 404
    assert api_client(tenant_agro, admin_agro).get(f"{ALERTS}{uuid.uuid4()}/").status_code == 404


def test_without_a_token_401(api_client, tenant_agro):
    api = api_client(tenant_agro)
    assert api.get(ALERTS).status_code == 401
    assert api.post(ALERTS, alert_body(), format="json").status_code == 401
    assert api.get(RULES).status_code == 401


def test_read_only_sees_alerts_but_cannot_raise_resolve_or_write_rules(api_client, tenant_agro, make_user):
    reader = make_user(tenant_agro, Role.READ_ONLY)
    with schema_context(tenant_agro.schema_name):
        alert = AlertFactory()
    api = api_client(tenant_agro, reader)
    assert api.get(ALERTS).status_code == 200
    assert api.post(ALERTS, alert_body(), format="json").status_code == 403
    assert api.post(f"{ALERTS}{alert.pk}/resolver/", {}, format="json").status_code == 403
    assert api.post(RULES, rule_body(), format="json").status_code == 403


def test_quality_staff_raise_resolve_and_write_rules_but_do_not_delete_them(api_client, tenant_agro, make_user):
    quality = make_user(tenant_agro, Role.QUALITY)
    api = api_client(tenant_agro, quality)
    created = api.post(ALERTS, alert_body(), format="json")
    assert created.status_code == 201
    assert api.post(f"{ALERTS}{created.json()['id']}/resolver/", {}, format="json").status_code == 200
    rule = api.post(RULES, rule_body(), format="json")
    assert rule.status_code == 201
    assert api.delete(f"{RULES}{rule.json()['id']}/").status_code == 403


def test_alert_lists_run_fixed_queries(api_client, tenant_agro, admin_agro, django_assert_max_num_queries):
    with schema_context(tenant_agro.schema_name):
        for _number in range(30):
            AlertFactory(created_by=admin_agro)
    api = api_client(tenant_agro, admin_agro)
    api.get(ALERTS)
    for path in (ALERTS, f"{ALERTS}abiertas/"):
        for page_size in (5, 30):
            with django_assert_max_num_queries(6):
                response = api.get(path, {"page_size": page_size})
            assert len(response.json()["results"]) == page_size


# --- Rules --------------------------------------------------------------------------------------------------


def test_create_a_rule_and_list_it(api_client, tenant_agro, admin_agro):
    api = api_client(tenant_agro, admin_agro)
    response = api.post(RULES, rule_body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {key: body[key] for key in ("nombre", "tipo_alerta", "condicion", "accion", "activa")} == {
        **rule_body(),
        "activa": True,
    }
    assert [row["id"] for row in api.get(RULES).json()["results"]] == [body["id"]]
    assert api.get(f"{RULES}{body['id']}/").json() == body


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        ("registro.humedad >", "línea 1"),
        ("registro.humedad > 14 &&", "línea 1"),
        ("stock < 5", "stock"),
        ("", ""),
    ],
)
def test_a_bad_condition_is_400_pointing_at_the_error(api_client, tenant_agro, admin_agro, condition, fragment):
    response = api_client(tenant_agro, admin_agro).post(RULES, rule_body(condicion=condition), format="json")
    assert response.status_code == 400, response.json()
    assert "condicion" in response.json()["errors"]
    assert fragment in response.json()["errors"]["condicion"][0]


@pytest.mark.parametrize(
    "action", ["", "disparar", "alerta:URGENTE", "notificar_rol:Fotógrafo", "notificar_usuario:nadie-aqui"]
)
def test_a_bad_action_is_400(api_client, tenant_agro, admin_agro, action):
    response = api_client(tenant_agro, admin_agro).post(RULES, rule_body(accion=action), format="json")
    assert response.status_code == 400, response.json()
    assert "accion" in response.json()["errors"]


def test_a_rule_of_an_unknown_type_is_400(api_client, tenant_agro, admin_agro):
    response = api_client(tenant_agro, admin_agro).post(RULES, rule_body(tipo_alerta="STOCK_BAJO"), format="json")
    assert response.status_code == 400 and response.json()["code"] == "alert_type_unknown"


def test_two_rules_with_one_name_is_409(api_client, tenant_agro, admin_agro):
    api = api_client(tenant_agro, admin_agro)
    first = api.post(RULES, rule_body(), format="json")
    second = api.post(RULES, rule_body(nombre="HUMEDAD ALTA "), format="json")
    assert second.status_code == 409 and second.json()["code"] == "rule_duplicate_name"
    assert second.json()["regla_existente"] == first.json()["id"]


def test_update_deactivate_and_delete_a_rule(api_client, tenant_agro, admin_agro):
    api = api_client(tenant_agro, admin_agro)
    rule = api.post(RULES, rule_body(), format="json").json()
    changed = api.patch(
        f"{RULES}{rule['id']}/", {"activa": False, "condicion": "registro.humedad > 15.0"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["activa"] is False
    bad = api.patch(f"{RULES}{rule['id']}/", {"condicion": "registro.humedad >>"}, format="json")
    assert bad.status_code == 400
    assert api.delete(f"{RULES}{rule['id']}/").status_code == 204


def test_a_rule_that_raised_alerts_is_not_deleted(api_client, tenant_agro, admin_agro):
    with schema_context(tenant_agro.schema_name):
        rule = AlertRuleFactory()
        AlertFactory(rule=rule)
    response = api_client(tenant_agro, admin_agro).delete(f"{RULES}{rule.pk}/")
    assert response.status_code == 409 and response.json()["code"] == "rule_in_use"
    with schema_context(tenant_agro.schema_name):
        assert AlertRule.objects.filter(pk=rule.pk).exists()


def test_rule_list_runs_fixed_queries(api_client, tenant_agro, admin_agro, django_assert_max_num_queries):
    with schema_context(tenant_agro.schema_name):
        AlertRuleFactory.create_batch(25, created_by=admin_agro)
    api = api_client(tenant_agro, admin_agro)
    api.get(RULES)
    for page_size in (5, 25):
        with django_assert_max_num_queries(6):
            response = api.get(RULES, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size


def test_alert_status_stays_open_until_resolved(tenant_agro):
    with schema_context(tenant_agro.schema_name):
        assert AlertFactory().status == AlertStatus.OPEN
        assert Alert.objects.filter(status=AlertStatus.OPEN).exists()
