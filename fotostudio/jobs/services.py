"""Starting, cancelling and recording background jobs.

``job_start`` is what other modules call; the ``job_mark_*`` functions are the worker's
(``fotostudio.jobs.decorators``), each one UPDATE that only moves a job forward (a cancelled
job is never marked running or succeeded afterwards).
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context
from procrastinate.exceptions import AlreadyEnqueued

from fotostudio.core.errors import ConflictError
from fotostudio.core.text import printable

from . import queue
from .errors import JobErrorCode
from .models import FINISHED_STATUSES, MESSAGE_MAX_LENGTH, TITLE_MAX_LENGTH, Job, JobStatus
from .registry import job_kind

#: The keyword arguments of every tenant job in procrastinate's queue (``procrastinate_jobs.args``).
SCHEMA_ARG, JOB_ARG, PAYLOAD_ARG = "tenant_schema", "job_id", "payload"


def _user_or_none(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@transaction.atomic
def job_start(*, kind: str, title: Any, payload: dict[str, Any] | None = None, acting_user=None) -> Job:
    """Queue a job of ``kind`` for the current business, to run ``kind``'s function with ``payload``.

    Returns the ``Job`` (status ``queued``). The job row and the queue entry are written in the
    caller's transaction: if it rolls back, the job never runs. The job runs in this schema
    (the business's) whatever the worker did before, and records ``acting_user`` as who started it
    (``None``: the system). ``payload`` must be JSON (text, numbers, lists, dicts: pass ids, not objects).
    A kind declared ``unique`` refuses a second job while one waits in the queue (409).
    """
    declared = job_kind(kind)
    if declared is None or declared.task is None:
        raise LookupError(f"No job is declared as {kind!r}: declare it with @tenant_job in an app's tasks.py.")
    schema = connection.schema_name
    if schema == get_public_schema_name():
        raise RuntimeError("Jobs belong to a business: start them on a business's connection (tenant_context).")
    payload = dict(payload or {})
    try:
        json.dumps(payload)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"The payload of {kind!r} must be JSON (text, numbers, lists, dicts): {exc}") from exc
    job_id = uuid.uuid4()
    try:
        queue_job_id = queue.defer(
            declared.task,
            {SCHEMA_ARG: schema, JOB_ARG: str(job_id), PAYLOAD_ARG: payload},
            queueing_lock=declared.queueing_lock(schema),
        )
    except AlreadyEnqueued as exc:
        raise ConflictError(
            _("Ya hay un trabajo «%(kind)s» esperando en la cola; espere a que empiece.") % {"kind": declared.label},
            code=JobErrorCode.ALREADY_QUEUED,
        ) from exc
    return Job.objects.create(
        id=job_id,
        kind=kind,
        title=printable(str(title), limit=TITLE_MAX_LENGTH),
        started_by=_user_or_none(acting_user),
        queue_job_id=queue_job_id,
    )


@transaction.atomic
def job_cancel(*, job: Job, acting_user) -> Job:
    """Cancel a job that has not finished: taken out of the queue if it is waiting; if it is running,
    it stops at its next progress report (``Job.progress`` raises ``JobCancelled``)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status in FINISHED_STATUSES:
        raise ConflictError(
            _("El trabajo ya terminó (%(status)s); no se puede cancelar.") % {"status": job.get_status_display()},
            code=JobErrorCode.ALREADY_FINISHED,
        )
    if job.queue_job_id is not None:
        queue.cancel(job.queue_job_id)
    user = _user_or_none(acting_user)
    job.status = JobStatus.CANCELLED
    job.finished_at = timezone.now()
    job.message = printable(
        _("Cancelado por %(user)s.") % {"user": user.get_username()} if user else _("Cancelado."),
        limit=MESSAGE_MAX_LENGTH,
    )
    job.save(update_fields=["status", "finished_at", "message", "updated_at"])
    return job


# --- The worker's side ---------------------------------------------------------------------------------------


def business_for_schema(schema: str):
    """The business whose schema a queued job names (``None`` for the platform's own or an unknown schema)."""
    public = get_public_schema_name()
    if schema == public:
        return None
    with schema_context(public):
        return get_tenant_model().objects.filter(schema_name=schema).first()


def job_mark_running(*, job_id, attempt: int) -> Job | None:
    """The job starts (or starts again: a retry, or a worker that died with it running). ``None`` when the
    job is gone or was cancelled meanwhile: the worker then does not run it."""
    now = timezone.now()
    updated = Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.RUNNING,
        attempts=attempt,
        started_at=Coalesce("started_at", now),
        message="",
        error="",
        updated_at=now,
    )
    return Job.objects.get(pk=job_id) if updated else None


def _finish(job: Job, **fields: Any) -> bool:
    now = timezone.now()
    fields.setdefault("finished_at", now)
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields, updated_at=now)
    if updated:
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(updated)


def job_mark_succeeded(*, job: Job, result: Any) -> bool:
    """The job's function returned ``result`` (JSON). ``False`` if the job was cancelled meanwhile."""
    fields: dict[str, Any] = {"status": JobStatus.SUCCEEDED, "result": result, "message": ""}
    if job.total is not None:
        fields["done"] = job.total
    return _finish(job, **fields)


def job_mark_failed(*, job: Job, error: str) -> bool:
    """The job failed for good; ``error`` is what its users read."""
    return _finish(job, status=JobStatus.FAILED, error=error, message="")


def job_mark_retrying(*, job: Job, message: str) -> bool:
    """The job failed on a passing problem and waits in the queue to run again."""
    return _finish(job, status=JobStatus.QUEUED, message=printable(message, limit=MESSAGE_MAX_LENGTH), finished_at=None)


def job_mark_cancelled(*, job_id, message: str) -> int:
    """The job will not run (its business was deactivated)."""
    now = timezone.now()
    return Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.CANCELLED,
        message=printable(message, limit=MESSAGE_MAX_LENGTH),
        finished_at=now,
        updated_at=now,
    )


def job_mark_failed_by_id(*, job_id, error: str) -> int:
    """A job the worker can no longer finish itself (its process died too often) failed for good."""
    now = timezone.now()
    return Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.FAILED, error=error, message="", finished_at=now, updated_at=now
    )


def jobs_delete_finished(*, older_than: timedelta) -> int:
    """Delete the jobs that finished more than ``older_than`` ago; how many went."""
    cutoff = timezone.now() - older_than
    deleted, _by_model = Job.objects.filter(status__in=FINISHED_STATUSES, finished_at__lt=cutoff).delete()
    return deleted
