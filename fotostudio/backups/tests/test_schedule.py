"""Scheduled copies (the business's frequency, hour and time zone) and their retention, as a periodic job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context
from procrastinate.contrib.django import app

from fotostudio.backups.models import Backup, BackupKind, BackupStatus
from fotostudio.backups.services import backup_is_due, backups_prune
from fotostudio.backups.tests.factories import backup_make
from fotostudio.configuration.catalogue import BACKUP_FREQUENCY, BACKUP_RETENTION_DAYS, BACKUP_TIME
from fotostudio.configuration.services import settings_update
from fotostudio.jobs.models import Job, JobStatus
from fotostudio.jobs.registry import job_kind
from fotostudio.jobs.services import job_start

#: Sunday 29 November 2026, 07:05 UTC: 02:05 in Guayaquil (UTC-5), the default hour of the copies.
SUNDAY_TWO_AM = datetime(2026, 11, 29, 7, 5, tzinfo=UTC)


def due(tenant, when: datetime) -> bool:
    with tenant_context(tenant), timezone.override(tenant.timezone):
        return backup_is_due(now=when)


def test_the_schedule_is_a_periodic_job_of_every_business_each_hour():
    scheduled = job_kind("backups.scheduled")
    assert scheduled.cron == "5 * * * *" and scheduled.unique
    periodic = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic["backups.scheduled.fanout"] == "5 * * * *"


def test_a_daily_copy_is_due_at_the_business_hour_in_its_time_zone_once_a_day(tenant_a):
    assert due(tenant_a, SUNDAY_TWO_AM)
    assert not due(tenant_a, SUNDAY_TWO_AM + timedelta(hours=1))
    assert not due(tenant_a, SUNDAY_TWO_AM - timedelta(hours=5))  # 02:05 UTC is 21:05 the day before there
    with schema_context(tenant_a.schema_name):
        made = backup_make(kind=BackupKind.SCHEDULED)
        Backup.objects.filter(pk=made.pk).update(created_at=SUNDAY_TWO_AM - timedelta(hours=1))  # 01:05 there
    assert not due(tenant_a, SUNDAY_TWO_AM)  # already made that day
    assert due(tenant_a, SUNDAY_TWO_AM + timedelta(days=1))


@pytest.mark.parametrize(
    ("frequency", "when", "expected"),
    [
        ("semanal", SUNDAY_TWO_AM, True),
        ("semanal", SUNDAY_TWO_AM + timedelta(days=1), False),
        ("mensual", SUNDAY_TWO_AM, False),
        ("mensual", SUNDAY_TWO_AM + timedelta(days=2), True),  # 1 December
        ("desactivada", SUNDAY_TWO_AM, False),
    ],
)
def test_weekly_monthly_and_disabled_schedules(tenant_a, frequency, when, expected):
    with schema_context(tenant_a.schema_name):
        settings_update(values={BACKUP_FREQUENCY: frequency})
    assert due(tenant_a, when) is expected


def test_the_hour_comes_from_the_settings(tenant_a):
    with schema_context(tenant_a.schema_name):
        settings_update(values={BACKUP_TIME: "23:00"})
    assert due(tenant_a, datetime(2026, 11, 30, 4, 5, tzinfo=UTC))  # 23:05 in Guayaquil
    assert not due(tenant_a, SUNDAY_TWO_AM)


def test_copies_older_than_the_retention_are_deleted_with_their_files_but_never_the_newest_completed(tenant_a):
    now = timezone.now()
    with schema_context(tenant_a.schema_name):
        settings_update(values={BACKUP_RETENTION_DAYS: 7})
        kept = backup_make()
        old = backup_make()
        older_failed = Backup.objects.create(schema_name="alpha", status=BackupStatus.FAILED)
        Backup.objects.filter(pk__in=[old.pk, older_failed.pk]).update(created_at=now - timedelta(days=8))
        storage, name = old.file.storage, old.file.name
        assert storage.exists(name)
        assert backups_prune(now=now) == 2
        assert list(Backup.objects.values_list("pk", flat=True)) == [kept.pk]
        assert not storage.exists(name)
        Backup.objects.filter(pk=kept.pk).update(created_at=now - timedelta(days=30))
        assert backups_prune(now=now) == 0  # the only completed copy stays, however old


def test_the_scheduled_job_makes_the_copy_when_due_and_prunes(tenant_a, run_jobs):
    with schema_context(tenant_a.schema_name):
        old = backup_make(kind=BackupKind.SCHEDULED)
        Backup.objects.filter(pk=old.pk).update(created_at=SUNDAY_TWO_AM - timedelta(days=40))
        job = job_start(
            kind="backups.scheduled", title="Copia programada", payload={"timestamp": int(SUNDAY_TWO_AM.timestamp())}
        )
    run_jobs()
    with schema_context(tenant_a.schema_name):
        job = Job.objects.get(pk=job.pk)
        made = Backup.objects.get(job_id=job.pk)
        assert not Backup.objects.filter(pk=old.pk).exists()
    assert job.status == JobStatus.SUCCEEDED and job.started_by is None
    assert (made.kind, made.status) == (BackupKind.SCHEDULED, BackupStatus.COMPLETED)
    assert job.result == {"copia": str(made.pk), "eliminadas": 1}


def test_the_scheduled_job_does_nothing_outside_the_hour(tenant_a, run_jobs):
    with schema_context(tenant_a.schema_name):
        before = Backup.objects.count()
        job = job_start(
            kind="backups.scheduled",
            title="Copia programada",
            payload={"timestamp": int((SUNDAY_TWO_AM + timedelta(hours=3)).timestamp())},
        )
    run_jobs()
    with schema_context(tenant_a.schema_name):
        assert Job.objects.get(pk=job.pk).result == {"copia": None, "eliminadas": 0}
        assert Backup.objects.count() == before
