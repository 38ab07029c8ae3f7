"""The jobs service's own periodic work (procrastinate imports every app's ``tasks.py``).

- ``jobs.cleanup``: every night, in every business, delete the jobs that finished more than
  ``JOBS_RETENTION_DAYS`` days ago (the first real ``@per_tenant_periodic`` job);
- ``jobs.prune_queue``: every night, the same for procrastinate's own rows (public schema), which
  keep each job's arguments;
- ``jobs.retry_stalled``: every five minutes, jobs whose worker died (killed, out of memory, the
  machine lost) are put back in the queue, or failed after ``STALLED_RUNS_LIMIT`` such deaths.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from asgiref.sync import async_to_sync
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import tenant_context
from procrastinate.contrib.django import app
from procrastinate.jobs import Status

from . import queue, services
from .decorators import per_tenant_periodic, tenant_job

logger = logging.getLogger(__name__)

#: Seconds without a heartbeat after which a worker counts as dead (procrastinate's default: a worker
#: beats every 10 s).
STALLED_AFTER_SECONDS = 30
#: A job whose worker died this many times is not run again (it may be what kills the worker).
STALLED_RUNS_LIMIT = 3


@per_tenant_periodic(cron="30 3 * * *", title=gettext_lazy("Limpieza de trabajos terminados"))
@tenant_job("jobs.cleanup", label=gettext_lazy("Limpieza de trabajos"), unique=True)
def jobs_cleanup(job, *, timestamp: int) -> dict[str, int]:
    days = settings.JOBS_RETENTION_DAYS
    job.progress(0, None, _("Borrando los trabajos terminados hace más de %(days)d días.") % {"days": days})
    deleted = services.jobs_delete_finished(older_than=timedelta(days=days))
    return {"borrados": deleted, "dias": days}


@app.periodic(cron="0 4 * * *")
@app.task(name="jobs.prune_queue", queueing_lock="jobs.prune_queue")
def jobs_prune_queue(timestamp: int) -> None:
    """procrastinate's rows of jobs that finished more than ``JOBS_RETENTION_DAYS`` days ago."""
    async_to_sync(queue.job_manager.delete_old_jobs)(
        nb_hours=settings.JOBS_RETENTION_DAYS * 24, include_failed=True, include_cancelled=True, include_aborted=True
    )


@app.periodic(cron="*/5 * * * *")
@app.task(name="jobs.retry_stalled", queueing_lock="jobs.retry_stalled")
def jobs_retry_stalled(timestamp: int) -> dict[str, int]:
    """Jobs left running by a worker that stopped beating: queued again, or failed after too many deaths."""
    stalled = async_to_sync(queue.job_manager.get_stalled_jobs)(seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    retried = failed = 0
    for stalled_job in stalled:
        if stalled_job.attempts + 1 < STALLED_RUNS_LIMIT:
            async_to_sync(queue.job_manager.retry_job)(stalled_job)
            retried += 1
            continue
        async_to_sync(queue.job_manager.finish_job_by_id_async)(
            job_id=stalled_job.id, status=Status.FAILED, delete_job=False
        )
        _fail_tenant_job(stalled_job.task_kwargs)
        failed += 1
    if retried or failed:
        logger.warning("Stalled jobs: %d queued again, %d failed.", retried, failed)
    return {"retried": retried, "failed": failed}


def _fail_tenant_job(arguments: dict) -> None:
    schema, job_id = arguments.get(services.SCHEMA_ARG), arguments.get(services.JOB_ARG)
    if not schema or not job_id:
        return  # not a tenant job
    tenant = services.business_for_schema(schema)
    if tenant is None:
        return
    with tenant_context(tenant), translation.override(tenant.language or None):
        services.job_mark_failed_by_id(
            job_id=job_id,
            error=_(
                "El proceso que ejecutaba el trabajo se detuvo de forma inesperada %(times)d veces; no se "
                "volverá a intentar. Comuníquelo a soporte indicando el trabajo %(id)s."
            )
            % {"times": STALLED_RUNS_LIMIT, "id": job_id},
        )
