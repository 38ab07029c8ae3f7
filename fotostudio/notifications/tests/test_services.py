"""Delivery by preferences and quiet hours, e-mail as a job, and the clean-up of read notifications."""

import datetime

from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.jobs.models import Job
from fotostudio.notifications import services
from fotostudio.notifications.models import Notification, NotificationPreference, NotificationRead
from fotostudio.notifications.services import (
    notification_mark_read,
    notification_send,
    notifications_delete_read,
    notifications_mark_all_read,
    notify_role,
)
from fotostudio.notifications.tests.factories import NotificationFactory
from fotostudio.users.roles import Role


def _send(user, **fields):
    return notification_send(
        recipient=user,
        **{"notification_type": "CALIDAD", "title": "Humedad", "body": "Lote 12 al 16 %", **fields},
    )


def test_a_type_the_user_switched_off_is_not_delivered(tenant_agro, worker_agro):
    with schema_context(tenant_agro.schema_name):
        NotificationPreference.objects.create(user=worker_agro, quality_enabled=False)
        assert _send(worker_agro) is None
        assert _send(worker_agro, notification_type="SISTEMA") is not None
        assert _send(worker_agro, notification_type="INFORMATIVO") is not None
        assert Notification.objects.filter(recipient=worker_agro).count() == 2


def test_high_priority_is_mailed_through_a_job(tenant_agro, worker_agro, run_jobs):
    with schema_context(tenant_agro.schema_name):
        notification = _send(worker_agro, priority="ALTA")
        assert notification.emailed
        assert Job.objects.filter(kind="notifications.email").count() == 1
        low = _send(worker_agro, priority="MEDIA", title="Otro")
        assert not low.emailed
    assert mail.outbox == []  # not before the job runs
    run_jobs()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["calidad@example.com"] and "Humedad" in mail.outbox[0].subject


def test_during_quiet_hours_it_is_delivered_without_email(tenant_agro, worker_agro, run_jobs, monkeypatch):
    with schema_context(tenant_agro.schema_name):
        NotificationPreference.objects.create(
            user=worker_agro, quiet_start=datetime.time(22, 0), quiet_end=datetime.time(6, 0)
        )
        monkeypatch.setattr(services, "local_time_now", lambda: datetime.time(23, 30))
        at_night = _send(worker_agro, priority="CRITICA")
        monkeypatch.setattr(services, "local_time_now", lambda: datetime.time(10, 0))
        by_day = _send(worker_agro, priority="CRITICA", title="De día")
        assert at_night is not None and not at_night.emailed
        assert by_day.emailed
    run_jobs()
    assert len(mail.outbox) == 1 and "De día" in mail.outbox[0].subject


def test_quiet_hours_may_stay_within_a_day_or_cross_midnight():
    evening = NotificationPreference(quiet_start=datetime.time(13, 0), quiet_end=datetime.time(15, 0))
    assert evening.is_quiet_at(datetime.time(14, 0)) and not evening.is_quiet_at(datetime.time(15, 0))
    night = NotificationPreference(quiet_start=datetime.time(22, 0), quiet_end=datetime.time(6, 0))
    assert night.is_quiet_at(datetime.time(23, 0)) and night.is_quiet_at(datetime.time(5, 59))
    assert not night.is_quiet_at(datetime.time(12, 0))
    assert not NotificationPreference().is_quiet_at(datetime.time(3, 0))


def test_an_inactive_user_gets_nothing(tenant_agro, worker_agro):
    with schema_context(tenant_agro.schema_name):
        worker_agro.is_active = False
        worker_agro.save(update_fields=["is_active"])
        assert _send(worker_agro) is None


def test_notify_role_reaches_every_active_user_of_the_role(tenant_agro, make_user):
    first = make_user(tenant_agro, Role.LOGISTICS)
    second = make_user(tenant_agro, Role.LOGISTICS)
    off = make_user(tenant_agro, Role.LOGISTICS, is_active=False)
    make_user(tenant_agro, Role.QUALITY)
    with schema_context(tenant_agro.schema_name):
        sent = notify_role(role=Role.LOGISTICS, notification_type="ENVIO_ESTADO", title="Envío", body="Salió")
    assert {n.recipient_id for n in sent} == {first.pk, second.pk}
    assert off.pk not in {n.recipient_id for n in sent}


def test_marking_read_records_the_first_reading_only(tenant_agro, worker_agro):
    with schema_context(tenant_agro.schema_name):
        notification = NotificationFactory(recipient=worker_agro)
        notification_mark_read(notification=notification, acting_user=worker_agro)
        notification_mark_read(notification=notification, acting_user=worker_agro)
        NotificationFactory.create_batch(3, recipient=worker_agro)
        assert notifications_mark_all_read(user=worker_agro) == 3
        assert notifications_mark_all_read(user=worker_agro) == 0
        assert NotificationRead.objects.filter(user=worker_agro).count() == 4


def test_read_notifications_are_deleted_after_each_users_days(tenant_agro, worker_agro, admin_agro, run_jobs):
    now = timezone.now()
    with schema_context(tenant_agro.schema_name):
        NotificationPreference.objects.create(user=worker_agro, delete_read_after_days=5)
        old_worker = NotificationFactory(recipient=worker_agro, is_read=True, read_at=now - datetime.timedelta(days=6))
        fresh_worker = NotificationFactory(
            recipient=worker_agro, is_read=True, read_at=now - datetime.timedelta(days=4)
        )
        unread_old = NotificationFactory(recipient=worker_agro)
        Notification.objects.filter(pk=unread_old.pk).update(created_at=now - datetime.timedelta(days=90))
        # The administrator chose nothing: the business's 30 days.
        old_admin = NotificationFactory(recipient=admin_agro, is_read=True, read_at=now - datetime.timedelta(days=31))
        fresh_admin = NotificationFactory(recipient=admin_agro, is_read=True, read_at=now - datetime.timedelta(days=6))
        assert notifications_delete_read() == 2
        left = set(Notification.objects.values_list("pk", flat=True))
    assert {fresh_worker.pk, unread_old.pk, fresh_admin.pk} <= left
    assert not {old_worker.pk, old_admin.pk} & left


def test_the_cleanup_is_a_periodic_job_of_every_business(tenant_agro, worker_agro, run_jobs):
    from fotostudio.jobs.registry import job_kind

    kind = job_kind("notifications.cleanup")
    assert kind is not None and kind.task is not None
    with schema_context(tenant_agro.schema_name):
        NotificationFactory(recipient=worker_agro, is_read=True, read_at=timezone.now() - datetime.timedelta(days=40))
        from fotostudio.jobs.services import job_start

        job = job_start(kind="notifications.cleanup", title="Limpieza", payload={"timestamp": 0})
    run_jobs()
    with schema_context(tenant_agro.schema_name):
        job = Job.objects.get(pk=job.pk)
        assert job.status == "succeeded" and job.result == {"borradas": 1}
