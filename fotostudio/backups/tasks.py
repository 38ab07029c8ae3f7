"""The backups' jobs: a copy when someone asks for one, and the schedule with its retention."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import JobError, per_tenant_periodic, tenant_job

from .models import Backup, BackupKind
from .services import JOB_KIND, backup_is_due, backup_perform, backups_prune


@tenant_job(JOB_KIND, label=gettext_lazy("Copia de seguridad"), retry=2)
def backup_run(job, *, backup_id: str) -> dict:
    backup = Backup.objects.filter(pk=backup_id).first()
    if backup is None:
        raise JobError(gettext_lazy("La copia de seguridad ya no existe."))
    backup = backup_perform(backup=backup, job=job)
    return {"copia": str(backup.pk), "archivo": backup.file_name, "tamano": backup.size, "sha256": backup.sha256}


@per_tenant_periodic(cron="5 * * * *", title=gettext_lazy("Copia de seguridad programada"))
@tenant_job("backups.scheduled", label=gettext_lazy("Copia de seguridad programada"), unique=True)
def backup_scheduled(job, *, timestamp: int) -> dict:
    """Each hour: a copy when the business's schedule (its settings, its time zone) says so, then the copies
    older than its retention are deleted."""
    now = datetime.fromtimestamp(timestamp, tz=UTC)
    made = None
    if backup_is_due(now=now):
        backup = Backup.objects.create(kind=BackupKind.SCHEDULED, schema_name=_schema(), job_id=job.pk)
        made = str(backup_perform(backup=backup, job=job).pk)
    return {"copia": made, "eliminadas": backups_prune(now=now)}


def _schema() -> str:
    from django.db import connection

    return connection.schema_name
