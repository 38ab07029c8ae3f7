"""«Contrato por vencer» alerts: one open alert per contract ending soon, resolved when it no longer is."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.alerts.models import Alert, AlertStatus
from fotostudio.jobs.models import Job
from fotostudio.notifications.models import Notification
from fotostudio.users.roles import Role
from modules.contracts.alerts import EXPIRY_ALERT_TYPE, contract_expiry_alerts_sync
from modules.contracts.models import ContractStatus


def _alerts(tenant, contract, status=AlertStatus.OPEN):
    with schema_context(tenant.schema_name):
        return list(Alert.objects.filter(alert_type=EXPIRY_ALERT_TYPE, link_id=contract.pk, status=status))


def _sync(tenant):
    with schema_context(tenant.schema_name):
        return contract_expiry_alerts_sync()


def test_a_contract_ending_within_the_setting_raises_one_alert_however_often_it_is_checked(home, contract_in):
    today = timezone.localdate()
    soon = contract_in(home, end_date=today + timedelta(days=5))
    later = contract_in(home, end_date=today + timedelta(days=200))
    draft = contract_in(home, end_date=today + timedelta(days=5), status=ContractStatus.DRAFT)
    first = _sync(home)
    assert first["levantadas"] >= 1
    [alert] = _alerts(home, soon)
    assert alert.priority == "ALTA"  # a week or less
    assert soon.number in alert.description and "5 días" in alert.description
    assert _alerts(home, later) == [] and _alerts(home, draft) == []
    assert _sync(home)["levantadas"] == 0
    assert len(_alerts(home, soon)) == 1


def test_a_contract_further_away_gets_a_medium_alert_within_the_setting(home, contract_in):
    contract = contract_in(home, end_date=timezone.localdate() + timedelta(days=20))  # the setting: 30 days
    _sync(home)
    [alert] = _alerts(home, contract)
    assert alert.priority == "MEDIA"


def test_managers_and_sales_hear_of_a_new_expiry_alert(home, contract_in, make_user):
    manager, sales, photographer = (make_user(home, role) for role in (Role.MANAGER, Role.SALES, Role.PHOTOGRAPHER))
    contract = contract_in(home, end_date=timezone.localdate() + timedelta(days=3))
    _sync(home)
    [alert] = _alerts(home, contract)
    with schema_context(home.schema_name):
        told = set(Notification.objects.filter(alert=alert).values_list("recipient_id", flat=True))
    assert {manager.pk, sales.pk} <= told and photographer.pk not in told


def test_a_cancelled_or_renewed_contract_has_its_alert_resolved_by_the_system(home, contract_in):
    today = timezone.localdate()
    cancelled = contract_in(home, end_date=today + timedelta(days=4))
    renewed = contract_in(home, end_date=today + timedelta(days=4))
    _sync(home)
    with schema_context(home.schema_name):
        cancelled.status = ContractStatus.CANCELLED
        cancelled.save(update_fields=["status"])
        renewed.end_date = today + timedelta(days=365)
        renewed.save(update_fields=["end_date"])
    assert _sync(home)["resueltas"] == 2
    for contract in (cancelled, renewed):
        assert _alerts(home, contract) == []
        [resolved] = _alerts(home, contract, status=AlertStatus.RESOLVED)
        assert resolved.resolved_by_id is None and "ya no está por vencer" in resolved.comment


def test_the_daily_job_raises_the_alerts_of_its_business_only(home, other, contract_in, run_jobs):
    from fotostudio.jobs.registry import job_kind
    from fotostudio.jobs.services import job_start

    assert job_kind("contracts.expiry_alerts") is not None
    mine = contract_in(home, end_date=timezone.localdate() + timedelta(days=2))
    theirs = contract_in(other, end_date=timezone.localdate() + timedelta(days=2))
    with schema_context(home.schema_name):
        job = job_start(kind="contracts.expiry_alerts", title="Contratos", payload={"timestamp": 0})
    run_jobs()
    with schema_context(home.schema_name):
        assert Job.objects.get(pk=job.pk).status == "succeeded"
    assert len(_alerts(home, mine)) == 1
    assert _alerts(other, theirs) == []
