"""Rules evaluated when a watched record changes: exactly one open alert per rule and record, also under races."""

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from conftest import first_admin
from fotostudio.alerts.conditions import ConditionError, compile_condition, condition_holds, record_variables
from fotostudio.alerts.models import Alert, AlertStatus
from fotostudio.alerts.services import alert_raise, alerts_resolve_open, parse_action, rule_create, rules_evaluate_for
from fotostudio.alerts.tests.factories import AlertRuleFactory
from fotostudio.core.errors import ApplicationError
from fotostudio.jobs.models import Job
from fotostudio.notifications.models import Notification
from fotostudio.users.roles import Role
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory


def _rule(tenant, user, **fields):
    data = {
        "name": "Clientes de Quito",
        "alert_type": "CLIENTE_REVISAR",
        "condition": 'registro.ciudad == "Quito" && tipo_registro == "cliente"',
        "action": "alerta:BAJA; notificar_rol:Ventas",
        **fields,
    }
    with schema_context(tenant.schema_name):
        return rule_create(data=data, acting_user=user)


def _open_alerts(tenant, **filters):
    with schema_context(tenant.schema_name):
        return list(Alert.objects.filter(status=AlertStatus.OPEN, **filters))


def test_a_record_change_evaluates_rules_in_a_job_and_raises_one_alert(
    tenant_a, admin_a, client_alert_type, client_in, run_jobs, make_user
):
    seller = make_user(tenant_a, Role.SALES)
    rule = _rule(tenant_a, admin_a)
    client = client_in(tenant_a, city="Quito")
    with schema_context(tenant_a.schema_name):
        job = rules_evaluate_for(client, acting_user=admin_a)
        assert job is not None and job.kind == "alerts.evaluate"
    run_jobs()
    alerts = _open_alerts(tenant_a, rule=rule)
    assert len(alerts) == 1
    assert alerts[0].priority == "BAJA" and alerts[0].link_id == client.pk
    with schema_context(tenant_a.schema_name):
        assert Job.objects.get(pk=job.pk).status == "succeeded"
        assert Notification.objects.filter(alert=alerts[0], recipient=seller).count() == 1
        # Changing the record again and again keeps one open alert.
        rules_evaluate_for(client)
        rules_evaluate_for(client)
    run_jobs()
    assert len(_open_alerts(tenant_a, rule=rule)) == 1


def test_the_alert_resolves_itself_when_the_condition_no_longer_holds(
    tenant_a, admin_a, client_alert_type, client_in, run_jobs
):
    rule = _rule(tenant_a, admin_a)
    client = client_in(tenant_a, city="Quito")
    with schema_context(tenant_a.schema_name):
        rules_evaluate_for(client)
    run_jobs()
    with schema_context(tenant_a.schema_name):
        Client.objects.filter(pk=client.pk).update(city="Cuenca")
        rules_evaluate_for(client)
    run_jobs()
    assert _open_alerts(tenant_a, rule=rule) == []
    with schema_context(tenant_a.schema_name):
        resolved = Alert.objects.get(rule=rule)
    assert resolved.status == AlertStatus.RESOLVED and "ya no se cumple" in resolved.comment


def test_no_rule_watches_the_record_no_job(tenant_a, client_alert_type, client_in):
    client = client_in(tenant_a)
    with schema_context(tenant_a.schema_name):
        assert rules_evaluate_for(client) is None
        AlertRuleFactory(alert_type="CLIENTE_REVISAR", condition="true", active=False)
        assert rules_evaluate_for(client) is None


def test_a_condition_that_fails_to_evaluate_raises_nothing(tenant_a, admin_a, client_alert_type, client_in, run_jobs):
    rule = _rule(tenant_a, admin_a, condition="registro.no_existe > 3")
    client = client_in(tenant_a)
    with schema_context(tenant_a.schema_name):
        rules_evaluate_for(client)
    run_jobs()
    assert _open_alerts(tenant_a, rule=rule) == []


def test_a_condition_sees_the_record_under_its_api_keys(tenant_a, client_in):
    client = client_in(tenant_a, city="Loja", name="Ana Pérez")
    variables = record_variables(client)
    assert variables["ciudad"] == "Loja" and variables["nombre"] == "Ana Pérez"
    assert "search_text" not in variables and "city" not in variables
    assert condition_holds('registro.nombre.startsWith("Ana")', record=client, key="cliente")
    assert not condition_holds("registro.ciudad", record=client, key="cliente")  # not a boolean


def test_conditions_are_parsed_never_run_as_python():
    with pytest.raises(ConditionError):
        compile_condition("__import__('os').system('true')")
    with pytest.raises(ConditionError) as error:
        compile_condition("registro.x > 1 &&")
    assert error.value.line == 1 and error.value.column
    assert compile_condition("registro.items.exists(x, x > 2)") is not None


def test_actions_read_priority_roles_and_users(tenant_agro, make_user):
    user = make_user(tenant_agro, Role.QUALITY, username="quimica")
    with schema_context(tenant_agro.schema_name):
        action = parse_action("alerta:critica; notificar_rol:calidad; notificar_usuario:quimica")
        assert (action.priority, action.roles, action.users) == ("CRITICA", ("Calidad",), ("quimica",))
        assert parse_action("notificar_usuario:quimica").priority == "MEDIA"
        user.is_active = False
        user.save(update_fields=["is_active"])
        with pytest.raises(ApplicationError):
            parse_action("notificar_usuario:quimica")


def test_a_rule_notifies_the_users_its_action_names_and_mails_high_priority(
    tenant_agro, make_user, run_jobs, client_in
):
    admin = make_user(tenant_agro, Role.ADMINISTRATOR)
    chemist = make_user(tenant_agro, Role.QUALITY, username="quimica2", email="quimica2@example.com")
    with schema_context(tenant_agro.schema_name):
        rule = AlertRuleFactory(alert_type="CALIDAD", action="alerta:CRITICA; notificar_usuario:quimica2")
        alert = alert_raise(alert_type="CALIDAD", priority="CRITICA", description="Lote contaminado", rule=rule)
        notified = list(Notification.objects.filter(alert=alert).values_list("recipient_id", flat=True))
    assert notified == [chemist.pk] and admin.pk not in notified
    run_jobs()
    assert [message.to for message in mail.outbox] == [["quimica2@example.com"]]
    assert "Lote contaminado" in mail.outbox[0].body


def test_resolve_open_alerts_of_a_type_about_a_record(tenant_a, admin_a, client_alert_type, client_in):
    client = client_in(tenant_a)
    with schema_context(tenant_a.schema_name):
        alert = alert_raise(alert_type="CLIENTE_REVISAR", priority="MEDIA", description="Revisar", link=client)
        assert alert.created
        again = alert_raise(alert_type="CLIENTE_REVISAR", priority="ALTA", description="Otra vez", link=client)
        assert again.pk == alert.pk and not again.created
        assert alerts_resolve_open(alert_type="CLIENTE_REVISAR", link=client, comment="Revisado") == 1
        fresh = alert_raise(alert_type="CLIENTE_REVISAR", priority="MEDIA", description="Revisar", link=client)
    assert fresh.pk != alert.pk and fresh.created


def test_thirty_simultaneous_raises_make_one_open_alert(concurrently, tenant_a, client_alert_type):
    admin = first_admin(tenant_a)
    client = concurrently.once(lambda: ClientFactory(name="Cliente de la carrera"), tenant=tenant_a)

    def cleanup():
        alerts = Alert.objects.filter(link_id=client.pk)
        Notification.objects.filter(alert__in=alerts).delete()
        alerts.delete()
        Client.objects.filter(pk=client.pk).delete()

    concurrently.cleanup(tenant_a, cleanup)
    results = concurrently.run(
        30,
        lambda index: alert_raise(
            alert_type="CLIENTE_REVISAR",
            priority="MEDIA",
            description=f"Intento {index}",
            link=client,
            acting_user=admin,
        ),
        tenant=tenant_a,
    )
    assert not [result for result in results if isinstance(result, BaseException)], results
    assert len({alert.pk for alert in results}) == 1
    assert sum(alert.created for alert in results) == 1
    count = concurrently.once(
        lambda: Alert.objects.filter(link_id=client.pk, status=AlertStatus.OPEN).count(), tenant=tenant_a
    )
    assert count == 1


def test_thirty_simultaneous_rule_evaluations_make_one_open_alert(concurrently, tenant_a, client_alert_type):
    from fotostudio.alerts.services import rules_evaluate

    admin = first_admin(tenant_a)
    client = concurrently.once(lambda: ClientFactory(name="Cliente de Quito", city="Quito"), tenant=tenant_a)
    rule = concurrently.once(
        lambda: rule_create(
            data={
                "name": "Carrera de reglas",
                "alert_type": "CLIENTE_REVISAR",
                "condition": 'registro.ciudad == "Quito"',
                "action": "alerta:BAJA",
            },
            acting_user=admin,
        ),
        tenant=tenant_a,
    )

    def cleanup():
        alerts = Alert.objects.filter(rule_id=rule.pk)
        Notification.objects.filter(alert__in=alerts).delete()
        alerts.delete()
        type(rule).objects.filter(pk=rule.pk).delete()
        Client.objects.filter(pk=client.pk).delete()

    concurrently.cleanup(tenant_a, cleanup)
    results = concurrently.run(
        30, lambda index: rules_evaluate(key="cliente", record_id=str(client.pk)), tenant=tenant_a
    )
    assert not [result for result in results if isinstance(result, BaseException)], results
    assert sum(result["levantadas"] for result in results) == 1
    count = concurrently.once(
        lambda: Alert.objects.filter(rule_id=rule.pk, status=AlertStatus.OPEN).count(), tenant=tenant_a
    )
    assert count == 1


def test_a_condition_may_use_the_current_time(tenant_a, client_in):
    client = client_in(tenant_a)
    assert condition_holds('ahora > timestamp("2020-01-01T00:00:00Z")', record=client, key="cliente")
    assert not condition_holds('ahora < timestamp("2020-01-01T00:00:00Z")', record=client, key="cliente")


def test_an_alert_about_the_wrong_kind_of_record_is_400(tenant_a, replace_module_spec, client_in):
    from fotostudio.core.registry import AlertTypeSpec

    replace_module_spec("clients", alert_types=(AlertTypeSpec("STOCK_BAJO", "Stock bajo", link_key="material"),))
    client = client_in(tenant_a)
    with schema_context(tenant_a.schema_name), pytest.raises(ApplicationError) as error:
        alert_raise(alert_type="STOCK_BAJO", priority="ALTA", description="Pocos marcos", link=client)
    assert error.value.code == "alert_link_mismatch"


def test_a_rolled_back_change_starts_no_evaluation(tenant_a, admin_a, client_alert_type, client_in):
    from django.db import transaction

    _rule(tenant_a, admin_a)
    client = client_in(tenant_a, city="Quito")
    with schema_context(tenant_a.schema_name):
        before = Job.objects.count()
        try:
            with transaction.atomic():
                rules_evaluate_for(client)
                raise RuntimeError("the module's write failed")
        except RuntimeError:
            pass
        assert Job.objects.count() == before


def test_the_hourly_sweep_evaluates_every_watched_record(tenant_a, admin_a, client_alert_type, client_in, run_jobs):
    from fotostudio.jobs.registry import job_kind
    from fotostudio.jobs.services import job_start

    assert job_kind("alerts.sweep") is not None
    rule = _rule(
        tenant_a, admin_a, condition='registro.ciudad == "Ambato" && ahora > timestamp("2020-01-01T00:00:00Z")'
    )
    matching = [client_in(tenant_a, city="Ambato"), client_in(tenant_a, city="Ambato")]
    client_in(tenant_a, city="Quito")
    with schema_context(tenant_a.schema_name):
        job = job_start(kind="alerts.sweep", title="Revisión", payload={"timestamp": 0})
    run_jobs()
    assert {alert.link_id for alert in _open_alerts(tenant_a, rule=rule)} == {client.pk for client in matching}
    with schema_context(tenant_a.schema_name):
        finished = Job.objects.get(pk=job.pk)
        assert finished.status == "succeeded" and finished.result["levantadas"] == 2
        job_start(kind="alerts.sweep", title="Otra vez", payload={"timestamp": 1})
    run_jobs()
    assert len(_open_alerts(tenant_a, rule=rule)) == 2  # once per rule and record, however often it runs
