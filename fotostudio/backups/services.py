"""Every write of the backups: starting and making a copy, the schedule and its retention, restoring.

A copy is a custom-format ``pg_dump`` of the business's schema (``postgres.dump_schema``) made by a job
(``tasks.backup_run``), stored in the business's private storage (``PRIVATE_MEDIA_ROOT/<schema>/backups/``)
with its size and SHA-256. The rows of ``backups_backup`` are left out of the dump's data: restoring in
place keeps the live list of copies (carried across in the restore's transaction), and a new business
restored from a copy starts with no copies of its own.

Restoring is the platform's (its admin, in the public schema): into a **new business** (a copy, to look
at old data) or **in place** (after a safety copy). Both run ``pg_restore`` under the schema's own name
and rename around it (``postgres.py``); neither may run inside a transaction of Django's connection (the
restore commits in its own session, and an open transaction here could hold locks it waits for).
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from fotostudio.configuration.catalogue import BACKUP_FREQUENCY, BACKUP_RETENTION_DAYS, BACKUP_TIME
from fotostudio.configuration.selectors import setting_value
from fotostudio.core.errors import ApplicationError
from fotostudio.jobs.services import job_start

from . import postgres
from .errors import BackupErrorCode
from .models import Backup, BackupKind, BackupStatus

logger = logging.getLogger(__name__)

JOB_KIND = "backups.run"
#: Tables whose rows a dump leaves out (their structure is in it).
DATA_NOT_DUMPED = ("backups_backup",)
#: The columns of ``backups_backup`` carried across a restore in place (``started_by_id`` only when that user
#: exists in the restored data).
_CARRIED = (
    "id, created_at, updated_at, kind, status, schema_name, file, size, sha256, duration, tables, error, "
    "job_id, finished_at"
)


def _titles() -> dict[str, str]:
    return {
        BackupKind.MANUAL: _("Copia de seguridad"),
        BackupKind.SCHEDULED: _("Copia de seguridad programada"),
        BackupKind.SAFETY: _("Copia de seguridad antes de restaurar"),
    }


@transaction.atomic
def backup_start(*, kind: str = BackupKind.MANUAL, acting_user=None) -> Backup:
    """A new copy of the current business, made by a background job (its row ``PENDIENTE`` until it runs)."""
    started_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    backup = Backup.objects.create(kind=kind, schema_name=connection.schema_name, started_by=started_by)
    job = job_start(kind=JOB_KIND, title=_titles()[kind], payload={"backup_id": str(backup.pk)}, acting_user=started_by)
    backup.job_id = job.pk
    backup.save(update_fields=["job_id", "updated_at"])
    return backup


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_name(backup: Backup) -> str:
    stamp = timezone.localtime(backup.created_at).strftime("%Y%m%d-%H%M%S")
    return f"{backup.schema_name}-{stamp}-{str(backup.pk)[:8]}.dump"


def backup_perform(*, backup: Backup, job=None) -> Backup:
    """Dump the business's schema into ``backup``'s file (what the job runs). Resumable: a completed copy is
    left as it is; a run that fails marks the copy ``FALLIDO`` and leaves no file behind.

    Runs outside any transaction when a worker runs it: the status and each step of the job's progress are
    committed as they happen. ``pg_dump`` reads the committed data, in a snapshot of its own."""
    if backup.status == BackupStatus.COMPLETED:
        return backup
    Backup.objects.filter(pk=backup.pk).update(status=BackupStatus.RUNNING, error="", updated_at=timezone.now())
    tables = postgres.schema_tables(backup.schema_name)
    total = len(tables) + 1  # each table's rows, then checking and storing the file
    done = 0
    if job is not None:
        job.progress(0, total, _("Copiando la estructura"))

    def on_table(name: str) -> None:
        nonlocal done
        done += 1
        if job is not None:
            job.progress(min(done, total - 1), total, _("Copiando %(table)s") % {"table": name})

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fotostudio-backup-") as folder:
        path = Path(folder) / "schema.dump"
        try:
            postgres.dump_schema(backup.schema_name, path, exclude_table_data=DATA_NOT_DUMPED, on_table=on_table)
        except postgres.PostgresToolError as exc:
            logger.error("Backup %s of %s failed: %s\n%s", backup.pk, backup.schema_name, exc, exc.output)
            message = _("No se pudo hacer la copia de seguridad (la base de datos no la permitió).")
            Backup.objects.filter(pk=backup.pk).update(
                status=BackupStatus.FAILED, error=message, finished_at=timezone.now(), updated_at=timezone.now()
            )
            raise ApplicationError(message, code=BackupErrorCode.FAILED) from exc
        if job is not None:
            job.progress(total - 1, total, _("Comprobando y guardando el archivo"))
        sha256 = _checksum(path)
        size = path.stat().st_size
        with path.open("rb") as handle:
            backup.file.save(_file_name(backup), File(handle), save=False)
    backup.size, backup.sha256, backup.tables = size, sha256, len(tables)
    backup.duration = timedelta(seconds=time.monotonic() - started)
    backup.status, backup.error, backup.finished_at = BackupStatus.COMPLETED, "", timezone.now()
    backup.save(
        update_fields=["file", "size", "sha256", "tables", "duration", "status", "error", "finished_at", "updated_at"]
    )
    if job is not None:
        job.progress(total, total, _("Copia terminada"))
    return backup


def backup_perform_now(*, kind: str = BackupKind.MANUAL, acting_user=None) -> Backup:
    """A copy made at once, in this process (the safety copy before a restore; scripts): committed."""
    started_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    backup = Backup.objects.create(kind=kind, schema_name=connection.schema_name, started_by=started_by)
    return backup_perform(backup=backup)


# --- The schedule and the retention -----------------------------------------------------------------------


def backup_is_due(*, now: datetime) -> bool:
    """Whether the business's schedule asks for a copy in the hour of ``now`` (its own time zone) and none was
    made by the schedule since the start of that day."""
    frequency = setting_value(BACKUP_FREQUENCY)
    if frequency == "desactivada":
        return False
    local = timezone.localtime(now)
    at = setting_value(BACKUP_TIME)
    if local.hour != at.hour:
        return False
    if frequency == "semanal" and local.weekday() != 6:
        return False
    if frequency == "mensual" and local.day != 1:
        return False
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return not Backup.objects.filter(
        kind=BackupKind.SCHEDULED, created_at__gte=day_start, created_at__lt=day_start + timedelta(days=1)
    ).exists()


def backups_prune(*, now: datetime) -> int:
    """Delete the copies older than the retention (their files too), but never the newest completed one; how
    many went."""
    cutoff = now - timedelta(days=setting_value(BACKUP_RETENTION_DAYS))
    newest = Backup.objects.filter(status=BackupStatus.COMPLETED).order_by("-created_at").values("pk")[:1]
    old = Backup.objects.filter(created_at__lt=cutoff).exclude(pk__in=newest)
    deleted = 0
    for backup in old:
        backup_delete(backup=backup)
        deleted += 1
    return deleted


def backup_delete(*, backup: Backup) -> None:
    name = backup.file.name if backup.file else ""
    backup.delete()
    if name:
        backup.file.storage.delete(name)


# --- Restoring (the platform's) ---------------------------------------------------------------------------


def _refuse_in_transaction() -> None:
    if connection.in_atomic_block:
        raise ApplicationError(
            _("La restauración no puede ejecutarse dentro de una transacción."), code=BackupErrorCode.IN_TRANSACTION
        )


def backup_verify(*, backup: Backup) -> Path:
    """The copy's file, checked: completed, present and with the SHA-256 it was stored with."""
    if backup.status != BackupStatus.COMPLETED or not backup.file:
        raise ApplicationError(_("Solo se puede restaurar una copia completada."), code=BackupErrorCode.NOT_COMPLETED)
    with schema_context(backup.schema_name):
        try:
            path = Path(backup.file.path)
        except NotImplementedError:  # pragma: no cover - a storage without local paths
            path = None
        if path is None or not path.exists():
            raise ApplicationError(
                _("El archivo de la copia ya no está en el almacenamiento."), code=BackupErrorCode.FILE_MISSING
            )
    if _checksum(path) != backup.sha256:
        raise ApplicationError(
            _("El archivo de la copia está dañado: su huella SHA-256 no coincide."),
            code=BackupErrorCode.CHECKSUM_MISMATCH,
        )
    return path


def _restore(path: Path, *, source: str, target: str, before_commit: str = "") -> None:
    from fotostudio.audit.schema import schema_prepare

    try:
        postgres.restore_dump(path, source=source, target=target, before_commit=before_commit)
    except postgres.PostgresToolError as exc:
        logger.error("Restoring %s as %s failed: %s\n%s", source, target, exc, exc.output)
        raise ApplicationError(
            _("La restauración falló y no cambió nada: %(reason)s") % {"reason": exc.output.strip()[-300:]},
            code=BackupErrorCode.RESTORE_FAILED,
        ) from exc
    connection.search_path_set_schemas = None
    with schema_context(get_public_schema_name()):
        schema_prepare(target)  # the audit trail's view, as after a migration


def _carry_sql(schema: str) -> str:
    """Inside the restore's transaction: the live list of copies into the restored schema (``{hold}`` is the
    schema it replaces)."""
    target = postgres.quoted(schema)
    return f"""
INSERT INTO {target}.backups_backup ({_CARRIED}, started_by_id)
SELECT {_CARRIED},
       CASE WHEN EXISTS (SELECT 1 FROM {target}.users_user u WHERE u.id = b.started_by_id) THEN b.started_by_id END
FROM {{hold}}.backups_backup b
ON CONFLICT (id) DO NOTHING;
"""


def backup_restore_in_place(*, tenant, backup: Backup, confirmation: str, acting_user=None) -> Backup | None:
    """Put the business back as it was in ``backup``: first a safety copy of what it has now (when its schema
    exists), then the restore, all of it in one transaction of the database (a failure changes nothing).

    ``confirmation`` must be the business's identifier (its slug). Returns the safety copy (``None`` when the
    schema was gone). The list of copies is kept (the restored data has none of its own)."""
    _refuse_in_transaction()
    if confirmation.strip() != tenant.schema_name:
        raise ApplicationError(
            _("Escriba el identificador del negocio («%(slug)s») para confirmar.") % {"slug": tenant.schema_name},
            code=BackupErrorCode.CONFIRMATION,
            errors={"confirmation": [_("No coincide con el identificador del negocio.")]},
        )
    if backup.schema_name != tenant.schema_name:
        raise ApplicationError(
            _("Esta copia es de otro esquema (%(schema)s); restáurela en un negocio nuevo.")
            % {"schema": backup.schema_name},
            code=BackupErrorCode.WRONG_SCHEMA,
        )
    path = backup_verify(backup=backup)
    safety = None
    if postgres.schema_exists(tenant.schema_name):
        with schema_context(tenant.schema_name):
            safety = backup_perform_now(kind=BackupKind.SAFETY, acting_user=None)
    _restore(path, source=backup.schema_name, target=tenant.schema_name, before_commit=_carry_sql(tenant.schema_name))
    _settings_changed(tenant.schema_name)
    return safety


def backup_restore_as_new(*, backup: Backup, name: str, slug: str, domain: str, acting_user=None):
    """A new business holding the data of ``backup`` (of the same kind as the one it came from): its users,
    records and trail as they were; the original is not touched. Returns the new ``Tenant``."""
    from tenants.models import Domain, Tenant
    from tenants.services import tenant_check_available, tenant_validate_domain, tenant_validate_slug

    _refuse_in_transaction()
    slug = tenant_validate_slug(slug)
    domain = tenant_validate_domain(domain)
    with schema_context(get_public_schema_name()):
        tenant_check_available(slug, domain)
        source = Tenant.objects.filter(schema_name=backup.schema_name).first()
    path = backup_verify(backup=backup)
    _restore(path, source=backup.schema_name, target=slug)
    try:
        with schema_context(get_public_schema_name()), transaction.atomic():
            tenant = Tenant(
                schema_name=slug,
                name=(name or "").strip() or slug,
                business_type=source.business_type if source else Tenant._meta.get_field("business_type").default,
                plan=source.plan if source else Tenant._meta.get_field("plan").default,
                timezone=source.timezone if source else "America/Guayaquil",
                language=source.language if source else "es",
            )
            tenant.auto_create_schema = False  # the restore made it
            tenant.full_clean(exclude=["schema_name", "logo"])
            tenant.save()
            Domain.objects.create(domain=domain, tenant=tenant, is_primary=True)
    except Exception:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {postgres.quoted(slug)} CASCADE")
        raise
    _settings_changed(slug)
    return tenant


def _settings_changed(schema: str) -> None:
    from fotostudio.configuration.cache import changed

    with schema_context(schema):
        changed()
