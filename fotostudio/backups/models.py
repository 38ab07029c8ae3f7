"""A copy of one business's data: a ``pg_dump`` of its schema, kept in its private storage.

The row says what the file is (size, SHA-256, how long it took, who or what started it, the job that
made it). Rows live in the business's schema; a restore in place carries them across (the dump leaves
this table's rows out, see ``services.py``), so the list of copies survives restoring one of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotostudio.core.models import TimeStampedModel
from fotostudio.documents.storage import private_storage


class BackupStatus(models.TextChoices):
    PENDING = "PENDIENTE", _("Pendiente")
    RUNNING = "EN_CURSO", _("En curso")
    COMPLETED = "COMPLETADO", _("Completado")
    FAILED = "FALLIDO", _("Fallido")


class BackupKind(models.TextChoices):
    MANUAL = "MANUAL", _("Manual")
    SCHEDULED = "PROGRAMADO", _("Programado")
    SAFETY = "SEGURIDAD", _("Antes de restaurar")


def backup_upload_to(instance: Backup, filename: str) -> str:
    return f"backups/{filename}"


class Backup(TimeStampedModel):
    kind = models.CharField(_("tipo"), max_length=12, choices=BackupKind.choices, default=BackupKind.MANUAL)
    status = models.CharField(_("estado"), max_length=12, choices=BackupStatus.choices, default=BackupStatus.PENDING)
    #: The schema the dump recreates (a restore needs it: the business may have been renamed or copied since).
    schema_name = models.CharField(_("esquema"), max_length=63, editable=False)
    file = models.FileField(
        _("archivo"), upload_to=backup_upload_to, storage=private_storage, max_length=255, blank=True, editable=False
    )
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("huella SHA-256"), max_length=64, blank=True, editable=False)
    duration = models.DurationField(_("duración"), null=True, blank=True, editable=False)
    tables = models.PositiveIntegerField(_("tablas"), null=True, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("iniciado por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )  # None: the schedule (or platform staff restoring) started it
    #: ``jobs.Job`` that makes it; an id, not a foreign key: a restore in place brings back the jobs table of
    #: the copy's day while this row is carried across.
    job_id = models.UUIDField(_("trabajo"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("terminado"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("copia de seguridad")
        verbose_name_plural = _("copias de seguridad")
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["-created_at", "id"], name="backups_backup_recent_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=BackupKind.values), name="backups_backup_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=BackupStatus.values), name="backups_backup_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=BackupStatus.COMPLETED) | (~Q(file="") & Q(size__isnull=False) & ~Q(sha256="")),
                name="backups_backup_completed_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else str(self.pk)

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def duration_seconds(self) -> float | None:
        return round(self.duration.total_seconds(), 3) if self.duration is not None else None
