"""What a business's users see of a background job: one row per job, in the business's own schema.

procrastinate's queue (``public.procrastinate_jobs``) says which process runs what; this row says
what the job is, how far it got and how it ended, in words a user understands. The two are linked
by ``queue_job_id`` (no foreign key: the queue is in another schema and is pruned on its own).
"""

from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotostudio.core.models import TimeStampedModel
from fotostudio.core.text import printable

from .errors import JobCancelled

MESSAGE_MAX_LENGTH = 300
TITLE_MAX_LENGTH = 200


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("En cola")
    RUNNING = "running", _("En curso")
    SUCCEEDED = "succeeded", _("Terminado")
    FAILED = "failed", _("Fallido")
    CANCELLED = "cancelled", _("Cancelado")


#: A job in one of these states will not change any more.
FINISHED_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


class Job(TimeStampedModel):
    #: What the job does: the name it was declared with (``@tenant_job("backups.run")``).
    kind = models.CharField(_("tipo"), max_length=100, db_index=True)
    title = models.CharField(_("título"), max_length=TITLE_MAX_LENGTH)
    status = models.CharField(_("estado"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("hechos"), default=0)
    #: ``None`` while the job does not know how much there is to do (the bar is then indeterminate).
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("mensaje"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    #: What the job produced, as JSON (a count, a download link…); set when it succeeds.
    result = models.JSONField(_("resultado"), null=True, blank=True, encoder=DjangoJSONEncoder)
    #: Why it failed, for the user: never a traceback (that goes to the worker's log).
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("iniciado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )  # None: the system started it (a periodic job)
    started_at = models.DateTimeField(_("iniciado"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminado"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    #: ``public.procrastinate_jobs.id``.
    queue_job_id = models.BigIntegerField(_("número en la cola"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("trabajo")
        verbose_name_plural = _("trabajos")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="jobs_job_status_created"),
            models.Index(fields=["started_by", "-created_at"], name="jobs_job_starter_created"),
            models.Index(fields=["finished_at"], name="jobs_job_finished"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__lte=F("total")), name="jobs_job_done_within_total"
            ),
        ]

    #: Seconds between two progress writes: a job may report every row, the database hears of it at
    #: most this often (the first report, the last row and a new total are always written).
    PROGRESS_INTERVAL = 0.5

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def percentage(self) -> int | None:
        """Whole per cent done (100 once succeeded); ``None`` while the total is unknown."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, math.floor(self.done * 100 / self.total))

    def progress(self, done: int, total: int | None = None, message: Any = None) -> None:
        """Report how far the job got: ``done`` of ``total`` (``total`` may stay unknown), and what it is doing.

        Called by the job's code while it runs (``job.progress(i, len(rows), _("Fila %d") % i)``). The worker
        runs that code without a transaction around it, so each report is one UPDATE committed at once and the
        admin's bar and the API see it (a report made inside the code's own ``transaction.atomic()`` block shows
        when that block commits). Calls closer together than ``PROGRESS_INTERVAL`` only update this object,
        except the first one, a new total and the last item. Raises :class:`~fotostudio.jobs.errors.JobCancelled` when
        someone cancelled the job: let it propagate (the job then ends as cancelled).
        """
        if total is not None:
            total = max(0, int(total))
        limit = total if total is not None else self.total
        done = max(0, int(done))
        if limit is not None:
            done = min(done, limit)
        fields: dict[str, Any] = {"done": done}
        if total is not None:
            fields["total"] = total
        if message is not None:
            fields["message"] = printable(str(message), limit=MESSAGE_MAX_LENGTH)
        now = time.monotonic()
        last = getattr(self, "_progress_written_at", None)
        due = (
            last is None
            or now - last >= self.PROGRESS_INTERVAL
            or (total is not None and total != self.total)
            or (limit is not None and done >= limit)
        )
        for name, value in fields.items():
            setattr(self, name, value)
        if not due:
            return
        self._progress_written_at = now
        updated = Job.objects.filter(pk=self.pk, status=JobStatus.RUNNING).update(**fields, updated_at=timezone.now())
        if not updated:
            raise JobCancelled(self.pk)
