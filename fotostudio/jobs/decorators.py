"""Declaring background jobs: ``@tenant_job`` and ``@per_tenant_periodic``.

A module declares its jobs in its ``tasks.py`` (every app's is imported when Django starts)::

    from fotostudio.jobs.decorators import JobError, tenant_job

    @tenant_job("backups.run", label=_("Copia de seguridad"))
    def backup_run(job, *, include_media: bool = False):
        tables = backup_tables()
        for number, table in enumerate(tables, 1):
            job.progress(number - 1, len(tables), _("Copiando %(table)s") % {"table": table})
            ...
        return {"archivo": url}                      # the job's result (JSON)

and starts one with ``fotostudio.jobs.services.job_start(kind="backups.run", title=…, payload={…},
acting_user=request.user)``. The function receives the ``Job`` (``job.progress(done, total, message)``)
and the payload as keyword arguments, and runs:

- in the schema of the business that started it (``tenant_context``: the schema travels in the queue
  with the job), with the business's language and time zone, and the schema the worker's connection
  had before put back afterwards;
- without a transaction around it: each progress report is committed at once, and what the function
  writes is committed as it goes (services are atomic). A job may run more than once (a retry, a worker
  that died under it), so its writes must be resumable: re-running skips what is done, or the whole
  write is one atomic service call;
- again after a passing problem (``errors.TRANSIENT_ERRORS``: the database or the network, or a
  ``TransientJobError`` it raises), up to ``retry`` more times with a growing wait (5, 25, 125 s…);
- as failed for good after any other exception, with a message a user can read: the message of a
  ``JobError`` (or any service's ``ApplicationError``), or a generic sentence with the job's number.
  The traceback goes to the worker's log, never to the job.
"""

from __future__ import annotations

import contextlib
import logging
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context, tenant_context
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import JobAborted
from procrastinate.job_context import JobContext
from procrastinate.retry import BaseRetryStrategy

from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.observability import request_id_var, tenant_var

from . import services
from .errors import TRANSIENT_ERRORS, JobCancelled, JobError, TransientJobError, is_transient
from .registry import JobKind, register

__all__ = ["JobError", "TransientJobError", "per_tenant_periodic", "retry_strategy", "tenant_job"]

logger = logging.getLogger(__name__)

#: Retries after a passing problem when a job declares nothing else (so at most 4 runs).
DEFAULT_RETRIES = 3
#: Seconds: the n-th retry waits RETRY_BASE_WAIT ** n (5, 25, 125 s).
RETRY_BASE_WAIT = 5


def retry_strategy(retries: int | BaseRetryStrategy | None) -> BaseRetryStrategy | None:
    """``@tenant_job(retry=…)``: a number of retries after passing problems, ``0`` for none, or any
    procrastinate retry strategy (which then decides alone which errors are retried)."""
    if isinstance(retries, BaseRetryStrategy):
        return retries
    if not retries:
        return None
    return RetryStrategy(max_attempts=retries, exponential_wait=RETRY_BASE_WAIT, retry_exceptions=TRANSIENT_ERRORS)


def readable_error(error: BaseException, *, job, attempts: int) -> str:
    """What a job that failed for good tells its users."""
    if isinstance(error, ApplicationError):
        return str(error.message)
    if is_transient(error):
        return ngettext(
            "El trabajo no pudo terminar por un problema pasajero (la base de datos o la red no respondieron) "
            "después de %(attempts)d intento. Vuelva a intentarlo más tarde.",
            "El trabajo no pudo terminar por un problema pasajero (la base de datos o la red no respondieron) "
            "después de %(attempts)d intentos. Vuelva a intentarlo más tarde.",
            attempts,
        ) % {"attempts": attempts}
    return _(
        "El trabajo falló por un error inesperado. Si vuelve a ocurrir, comuníquelo a soporte indicando el "
        "trabajo %(id)s."
    ) % {"id": job.pk}


def _recover_connection() -> None:
    """After a database error outside any transaction, drop the connection if it no longer answers, so the
    job's status can still be written (django-tenants sets the search path again on the new one)."""
    if connection.errors_occurred and not connection.in_atomic_block:
        connection.errors_occurred = False
        if not connection.is_usable():
            connection.close()


@contextlib.contextmanager
def _business(tenant) -> Iterator[None]:
    """The business's schema, language and time zone, and its name on every log line."""
    try:
        zone = zoneinfo.ZoneInfo(tenant.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = None
    tenant_token = tenant_var.set(tenant.schema_name)
    try:
        with tenant_context(tenant), translation.override(tenant.language or None):
            with timezone.override(zone) if zone else contextlib.nullcontext():
                yield
    finally:
        tenant_var.reset(tenant_token)


@contextlib.contextmanager
def _as_outside_a_transaction() -> Iterator[None]:
    """A worker runs jobs outside any transaction: what a failing job wrote before failing stays. A job run
    inside a transaction (a test's) gets a savepoint that keeps the same: its writes are kept, unless the
    failure was the database's and left the transaction unusable (then they go back to the savepoint), so the
    job's status can be written either way."""
    if not connection.in_atomic_block:
        yield
        return
    savepoint = transaction.savepoint()
    try:
        yield
    except BaseException:
        try:
            transaction.savepoint_commit(savepoint)
        except DatabaseError:
            transaction.savepoint_rollback(savepoint)
        raise
    transaction.savepoint_commit(savepoint)


def _run(kind: JobKind, context: JobContext, *, tenant_schema: str, job_id: str, payload: dict[str, Any]):
    """The procrastinate task behind every tenant job."""
    request_token = request_id_var.set(f"job-{context.job.id}")
    try:
        tenant = services.business_for_schema(tenant_schema)
        if tenant is None:
            logger.warning("Job %s (%s) skipped: no business has the schema %r.", job_id, kind.name, tenant_schema)
            return None
        with _business(tenant):
            return _run_in_business(kind, context, tenant, job_id, payload)
    finally:
        request_id_var.reset(request_token)


def _run_in_business(kind: JobKind, context: JobContext, tenant, job_id: str, payload: dict[str, Any]):
    if not tenant.is_active:
        services.job_mark_cancelled(job_id=job_id, message=_("No se ejecutó: el negocio está desactivado."))
        return None
    attempt = context.job.attempts + 1
    job = services.job_mark_running(job_id=job_id, attempt=attempt)
    if job is None:
        logger.info("Job %s (%s) not run: cancelled or deleted before it started.", job_id, kind.name)
        return None
    try:
        with _as_outside_a_transaction():
            result = kind.func(job, **payload)
    except JobCancelled as exc:
        raise JobAborted(f"Job {job_id} was cancelled.") from exc
    except Exception as exc:
        _recover_connection()
        retry = kind.task.get_retry_exception(exception=exc, job=context.job)
        if retry is not None:
            services.job_mark_retrying(
                job=job,
                message=_("Problema pasajero; se volverá a intentar (intento %(next)d).") % {"next": attempt + 1},
            )
        else:
            logger.error("Job %s (%s) failed for good after %d attempt(s).", job_id, kind.name, attempt)
            services.job_mark_failed(job=job, error=readable_error(exc, job=job, attempts=attempt))
        raise
    if not services.job_mark_succeeded(job=job, result=result):
        logger.info("Job %s (%s) finished after it was cancelled; it stays cancelled.", job_id, kind.name)
    return {"job": job_id, "schema": tenant.schema_name}


def tenant_job(
    name: str,
    *,
    label: Any = None,
    retry: int | BaseRetryStrategy | None = DEFAULT_RETRIES,
    unique: bool = False,
    queue: str = "default",
    priority: int = 0,
) -> Callable[[Callable[..., Any]], JobKind]:
    """Declare a job of a business: ``name`` (``"<app>.<what>"``) is how ``job_start(kind=…)`` names it.

    ``label``: what users read for this kind. ``retry``: retries after passing problems (see
    :func:`retry_strategy`). ``unique``: at most one job of this kind waiting per business.
    ``queue``/``priority``: procrastinate's (a worker may serve some queues only).
    """

    def decorator(func: Callable[..., Any]) -> JobKind:
        kind = JobKind(name=name, label=label or name, func=func, unique=unique)

        def run(context: JobContext, *, tenant_schema: str, job_id: str, payload: dict[str, Any]):
            return _run(kind, context, tenant_schema=tenant_schema, job_id=job_id, payload=payload)

        run.__name__ = run.__qualname__ = func.__name__
        run.__module__ = func.__module__
        run.__doc__ = func.__doc__
        kind.task = app.task(name=name, pass_context=True, retry=retry_strategy(retry), queue=queue, priority=priority)(
            run
        )
        return register(kind)

    return decorator


def per_tenant_periodic(*, cron: str, title: Any) -> Callable[[JobKind], JobKind]:
    """Run a ``@tenant_job`` on a schedule, once for every active business (placed above ``@tenant_job``)::

        @per_tenant_periodic(cron="0 3 * * *", title=_("Limpieza de trabajos terminados"))
        @tenant_job("jobs.cleanup", label=_("Limpieza de trabajos"), unique=True)
        def jobs_cleanup(job, *, timestamp: int): ...

    At each tick procrastinate's periodic deferrer (inside every worker; one tick is deferred once however
    many workers run) queues ``"<name>.fanout"``, which starts one job per active business, started by
    nobody (the system), with ``timestamp`` (the tick, seconds since the epoch) as its payload. ``cron``
    has five fields, or six with seconds as the **last** one; its times are UTC."""

    def decorator(kind: JobKind) -> JobKind:
        def fanout(timestamp: int) -> dict[str, int]:
            return _fan_out(kind, title, timestamp)

        fanout.__name__ = fanout.__qualname__ = f"{kind.func.__name__}_fanout"
        fanout.__module__ = kind.func.__module__
        name = f"{kind.name}.fanout"
        kind.fanout = app.periodic(cron=cron)(app.task(name=name, queueing_lock=name)(fanout))
        kind.cron = cron
        return kind

    return decorator


def _fan_out(kind: JobKind, title: Any, timestamp: int) -> dict[str, int]:
    """One job of ``kind`` per active business, each in a savepoint: a business whose schema refuses it
    (not migrated yet, a job of a ``unique`` kind still waiting) does not stop the others."""
    public = get_public_schema_name()
    with schema_context(public):
        tenants = list(get_tenant_model().objects.filter(is_active=True).exclude(schema_name=public))
    started = skipped = 0
    with transaction.atomic():
        for tenant in tenants:
            with tenant_context(tenant), translation.override(tenant.language or None):
                try:
                    services.job_start(kind=kind.name, title=title, payload={"timestamp": timestamp})
                    started += 1
                except ConflictError:  # a unique kind whose last job still waits: it will do this tick's work
                    logger.info("%s: %s still has one waiting; none added.", kind.name, tenant.schema_name)
                    skipped += 1
                except Exception:  # one business's problem is logged and skipped, not the whole tick's
                    logger.warning("%s: no job for %s at %s.", kind.name, tenant.schema_name, timestamp, exc_info=True)
                    skipped += 1
    return {"started": started, "skipped": skipped}
