"""What the orders tell people: each step to the order's author, a ready order to Ventas, and late orders as alerts."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.alerts.models import Alert, AlertStatus
from fotostudio.jobs.models import Job
from fotostudio.notifications.models import Notification
from fotostudio.users.roles import Role
from modules.orders.models import OrderStatus
from modules.orders.services import OVERDUE_ALERT_TYPE, order_overdue_alerts_sync, order_transition


def _move(api, order_id, *statuses):
    response = None
    for status in statuses:
        response = api.post(f"/api/v1/orders/{order_id}/transition/", {"estado": status}, format="json")
    return response


def _notifications(tenant, user):
    with schema_context(tenant.schema_name):
        return list(Notification.objects.filter(recipient=user).order_by("created_at"))


def test_a_ready_order_tells_sales_to_call_the_client_and_not_the_one_who_moved_it(
    api, new_order, tenant_a, admin_a, make_user
):
    sales, photographer = make_user(tenant_a, Role.SALES), make_user(tenant_a, Role.PHOTOGRAPHER)
    order = new_order()
    assert _move(api, order["id"], "EN_PROCESO", "LISTO").status_code == 200
    [ready] = _notifications(tenant_a, sales)
    assert ready.title == f"Pedido {order['numero']} listo para retirar"
    assert "avise al cliente" in ready.body and ready.notification_type == "INFORMATIVO"
    assert str(ready.link_id) == order["id"]
    assert _notifications(tenant_a, photographer) == []
    assert _notifications(tenant_a, admin_a) == []  # the author moved it himself


def test_the_author_hears_of_each_step_someone_else_takes(api_client, new_order, tenant_a, admin_a, make_user):
    order = new_order()  # created by admin_a
    production = make_user(tenant_a, Role.PRODUCTION)
    assert _move(api_client(tenant_a, production), order["id"], "EN_PROCESO").status_code == 200
    [step] = _notifications(tenant_a, admin_a)
    assert step.title == f"Pedido {order['numero']}: En proceso"
    assert _notifications(tenant_a, production) == []


def _open_alerts(tenant, order_pk, status=AlertStatus.OPEN):
    with schema_context(tenant.schema_name):
        return list(Alert.objects.filter(alert_type=OVERDUE_ALERT_TYPE, link_id=order_pk, status=status))


def test_an_open_order_past_its_promised_date_raises_one_alert_until_it_is_delivered(tenant_a, order_in, admin_a):
    today = timezone.localdate()
    late = order_in(tenant_a, lines=1, promised_date=today - timedelta(days=3))
    urgent = order_in(tenant_a, lines=1, promised_date=today - timedelta(days=1), priority="urgente")
    on_time = order_in(tenant_a, lines=1, promised_date=today + timedelta(days=3))
    done = order_in(tenant_a, lines=1, promised_date=today - timedelta(days=3), status=OrderStatus.CANCELLED)
    with schema_context(tenant_a.schema_name):
        first = order_overdue_alerts_sync()
        again = order_overdue_alerts_sync()
    assert first["levantadas"] >= 2 and again["levantadas"] == 0
    [alert] = _open_alerts(tenant_a, late.pk)
    assert alert.priority == "MEDIA" and late.number in alert.description and "3 días de atraso" in alert.description
    assert _open_alerts(tenant_a, urgent.pk)[0].priority == "ALTA"
    assert _open_alerts(tenant_a, on_time.pk) == [] and _open_alerts(tenant_a, done.pk) == []
    with schema_context(tenant_a.schema_name):
        order_transition(order=late, status=OrderStatus.CANCELLED, acting_user=admin_a)
    assert _open_alerts(tenant_a, late.pk) == []
    [resolved] = _open_alerts(tenant_a, late.pk, status=AlertStatus.RESOLVED)
    assert "se cerró (cancelado)" in resolved.comment


def test_a_new_promised_date_resolves_the_alert_on_the_next_check(tenant_a, order_in):
    order = order_in(tenant_a, lines=1, promised_date=timezone.localdate() - timedelta(days=2))
    with schema_context(tenant_a.schema_name):
        order_overdue_alerts_sync()
        order.promised_date = timezone.localdate() + timedelta(days=5)
        order.save(update_fields=["promised_date"])
        assert order_overdue_alerts_sync()["resueltas"] == 1
    assert _open_alerts(tenant_a, order.pk) == []


def test_the_daily_job_checks_its_own_business(tenant_a, tenant_b, order_in, run_jobs):
    from fotostudio.jobs.registry import job_kind
    from fotostudio.jobs.services import job_start

    assert job_kind("orders.overdue_alerts") is not None
    mine = order_in(tenant_a, lines=1, promised_date=timezone.localdate() - timedelta(days=2))
    theirs = order_in(tenant_b, lines=1, promised_date=timezone.localdate() - timedelta(days=2))
    with schema_context(tenant_a.schema_name):
        job = job_start(kind="orders.overdue_alerts", title="Pedidos", payload={"timestamp": 0})
    run_jobs()
    with schema_context(tenant_a.schema_name):
        assert Job.objects.get(pk=job.pk).status == "succeeded"
    assert len(_open_alerts(tenant_a, mine.pk)) == 1 and _open_alerts(tenant_b, theirs.pk) == []
