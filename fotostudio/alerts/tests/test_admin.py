"""The alerts admin: the list with badges and filters, raising by hand, resolving, and the rules' form."""

from django_tenants.utils import schema_context

from fotostudio.alerts.models import Alert, AlertRule, AlertStatus
from fotostudio.alerts.tests.factories import AlertFactory, AlertRuleFactory
from fotostudio.users.roles import Role

ALERTS = "/admin/alerts/alert/"
RULES = "/admin/alerts/alertrule/"


def test_the_list_shows_badges_and_filters(admin_client_for, tenant_agro, admin_agro, django_assert_max_num_queries):
    with schema_context(tenant_agro.schema_name):
        AlertFactory(description="Humedad alta en el secadero", priority="CRITICA")
        AlertFactory.create_batch(20)
    browser = admin_client_for(tenant_agro, admin_agro)
    browser.get(ALERTS)
    with django_assert_max_num_queries(10):
        response = browser.get(ALERTS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Humedad alta en el secadero" in html and "Crítica" in html and "Abierta" in html
    filtered = browser.get(ALERTS, {"priority__exact": "CRITICA"})
    assert len(filtered.context["cl"].result_list) == 1
    assert browser.get(ALERTS, {"tipo_alerta": "CALIDAD"}).status_code == 200


def test_raise_an_alert_by_hand(admin_client_for, tenant_agro, admin_agro):
    browser = admin_client_for(tenant_agro, admin_agro)
    assert "CALIDAD" in browser.get(f"{ALERTS}add/").content.decode()
    response = browser.post(
        f"{ALERTS}add/", {"alert_type": "CALIDAD", "priority": "ALTA", "description": "Cámara fría a 9 °C"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(tenant_agro.schema_name):
        alert = Alert.objects.get(description="Cámara fría a 9 °C")
    assert alert.created_by == admin_agro and alert.status == AlertStatus.OPEN


def test_resolve_from_the_alert_page(admin_client_for, tenant_agro, admin_agro):
    with schema_context(tenant_agro.schema_name):
        alert = AlertFactory()
    browser = admin_client_for(tenant_agro, admin_agro)
    page = browser.get(f"{ALERTS}{alert.pk}/change/").content.decode()
    assert f"{ALERTS}{alert.pk}/resolver/" in page
    assert browser.get(f"{ALERTS}{alert.pk}/resolver/").status_code == 200
    response = browser.post(f"{ALERTS}{alert.pk}/resolver/", {"comment": "Revisado", "actions_taken": "Se ventiló"})
    assert response.status_code == 302
    with schema_context(tenant_agro.schema_name):
        alert.refresh_from_db()
    assert (alert.status, alert.comment, alert.actions_taken, alert.resolved_by) == (
        AlertStatus.RESOLVED,
        "Revisado",
        "Se ventiló",
        admin_agro,
    )
    assert f"{ALERTS}{alert.pk}/resolver/" not in browser.get(f"{ALERTS}{alert.pk}/change/").content.decode()


def test_resolve_the_selected_alerts(admin_client_for, tenant_agro, admin_agro):
    with schema_context(tenant_agro.schema_name):
        alerts = AlertFactory.create_batch(3)
    browser = admin_client_for(tenant_agro, admin_agro)
    browser.post(ALERTS, {"action": "resolve_selected", "_selected_action": [str(a.pk) for a in alerts[:2]]})
    with schema_context(tenant_agro.schema_name):
        assert Alert.objects.filter(status=AlertStatus.RESOLVED).count() == 2


def test_read_only_staff_cannot_resolve(admin_client_for, tenant_agro, make_user):
    reader = make_user(tenant_agro, Role.READ_ONLY)
    with schema_context(tenant_agro.schema_name):
        alert = AlertFactory()
    browser = admin_client_for(tenant_agro, reader)
    assert browser.get(ALERTS).status_code == 200
    assert browser.post(f"{ALERTS}{alert.pk}/resolver/", {}).status_code == 403
    assert browser.get(f"{ALERTS}00000000-0000-0000-0000-000000000000/resolver/").status_code == 404


def test_the_rule_form_explains_and_checks_the_condition(admin_client_for, tenant_agro, admin_agro):
    browser = admin_client_for(tenant_agro, admin_agro)
    form = browser.get(f"{RULES}add/").content.decode()
    assert "registro.humedad" in form and "notificar_rol" in form
    data = {
        "name": "Humedad",
        "alert_type": "CALIDAD",
        "condition": "registro.humedad >",
        "action": "alerta:ALTA",
        "active": "on",
    }
    refused = browser.post(f"{RULES}add/", data)
    assert refused.status_code == 200 and "línea 1" in refused.content.decode()
    accepted = browser.post(f"{RULES}add/", {**data, "condition": "registro.humedad > 14.0"})
    assert accepted.status_code == 302
    with schema_context(tenant_agro.schema_name):
        assert AlertRule.objects.get(name="Humedad").created_by == admin_agro
    assert "Humedad" in browser.get(RULES).content.decode()


def test_a_rule_with_alerts_is_not_deleted_from_the_admin(admin_client_for, tenant_agro, admin_agro):
    with schema_context(tenant_agro.schema_name):
        rule = AlertRuleFactory()
        AlertFactory(rule=rule)
    browser = admin_client_for(tenant_agro, admin_agro)
    browser.post(f"{RULES}{rule.pk}/delete/", {"post": "yes"})
    with schema_context(tenant_agro.schema_name):
        assert AlertRule.objects.filter(pk=rule.pk).exists()


def test_the_alert_page_names_and_links_its_record(admin_client_for, tenant_a, admin_a, client_alert_type, client_in):
    from fotostudio.alerts.services import alert_raise

    client = client_in(tenant_a, name="Colegio San Andrés")
    with schema_context(tenant_a.schema_name):
        alert = alert_raise(alert_type="CLIENTE_REVISAR", priority="MEDIA", description="Revisar", link=client)
    html = admin_client_for(tenant_a, admin_a).get(f"{ALERTS}{alert.pk}/change/").content.decode()
    assert "Colegio San Andrés" in html and f"/admin/clients/client/{client.pk}/change/" in html
