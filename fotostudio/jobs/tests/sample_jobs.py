"""Jobs declared for the tests only (imported by the tests that run them)."""

from __future__ import annotations

import threading

from django.db import connection, transaction

from fotostudio.core.observability import request_id_var, tenant_var
from fotostudio.jobs.decorators import JobError, tenant_job
from fotostudio.jobs.models import Job
from fotostudio.jobs.services import job_cancel
from fotostudio.users.models import User


@tenant_job("tests.jobs.census", label="Censo (prueba)")
def census(job, *, marker: str = ""):
    """What a job sees of its business: the schema, the users, the other jobs."""
    usernames = sorted(User.objects.values_list("username", flat=True))
    job.progress(len(usernames), len(usernames), "Usuarios contados")
    return {
        "schema": connection.schema_name,
        "usernames": usernames,
        "emails": sorted(User.objects.values_list("email", flat=True)),
        "job_titles": sorted(Job.objects.values_list("title", flat=True)),
        "marker": marker,
        "log_context": [tenant_var.get(), request_id_var.get()],
    }


@tenant_job("tests.jobs.count", label="Cuenta (prueba)")
def count_to(job, *, n: int):
    for step in range(1, n + 1):
        job.progress(step, n, f"Paso {step} de {n}")
    return {"contados": n}


@tenant_job("tests.jobs.flaky", label="Inestable (prueba)", retry=2)
def flaky(job, *, fail_times: int):
    """A real database error (a statement timeout, an ``OperationalError``) on its first ``fail_times`` runs."""
    if job.attempts <= fail_times:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 20")
            cursor.execute("SELECT pg_sleep(1)")
    return {"intento": job.attempts}


@tenant_job("tests.jobs.fails", label="Falla (prueba)")
def fails(job, *, how: str):
    if how == "readable":
        raise JobError("La fila 3 no tiene correo electrónico.")
    raise KeyError("columna_interna_secreta")


@tenant_job("tests.jobs.cancelled_midway", label="Cancelado a medias (prueba)")
def cancelled_midway(job, *, steps: int, cancel_after: int):
    """Someone cancels the job while it runs (``job_cancel``, as the admin's button does) after
    ``cancel_after`` steps; its next progress report stops it."""
    for step in range(1, steps + 1):
        if step == cancel_after + 1:
            job_cancel(job=job, acting_user=None)
        job.progress(step, steps)
    return {"pasos": steps}


@tenant_job("tests.jobs.unique", label="Única (prueba)", unique=True)
def unique(job):
    return None


#: Set by a test once it has seen the first progress report from its own connection.
progress_seen = threading.Event()


@tenant_job("tests.jobs.waits", label="Espera (prueba)")
def waits_to_be_watched(job, *, timeout: float = 20):
    """Reports 1 of 2, then waits until the test has read that from another connection."""
    job.progress(1, 2, "Primera mitad")
    if not progress_seen.wait(timeout):
        raise JobError("Nadie vio el avance.")
    job.progress(2, 2, "Segunda mitad")
    return {"visto": True}


class _Refused(Exception):
    pass


@tenant_job("tests.jobs.starts_others", label="Inicia otros (prueba)")
def starts_others(job):
    """Starts a job in a transaction that rolls back, then one that commits (from inside a worker)."""
    from fotostudio.jobs.services import job_start

    try:
        with transaction.atomic():
            job_start(kind="tests.jobs.count", title="Hija descartada", payload={"n": 1}, acting_user=job.started_by)
            raise _Refused
    except _Refused:
        pass
    kept = job_start(kind="tests.jobs.count", title="Hija confirmada", payload={"n": 2}, acting_user=job.started_by)
    return {"hija": str(kept.pk)}


@tenant_job("tests.jobs.cancelled_at_the_end", label="Cancelado al final (prueba)")
def cancelled_at_the_end(job):
    """Cancelled while it runs, but it reports no progress afterwards: it ends its work anyway."""
    job_cancel(job=job, acting_user=None)
    return {"terminado": True}


@tenant_job("tests.jobs.loses_its_connection", label="Pierde la conexión (prueba)")
def loses_its_connection(job):
    """The server ends the job's database connection on its first run (a restart, a failover would)."""
    if job.attempts == 1:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    return {"intento": job.attempts}


@tenant_job("tests.jobs.breaks_the_transaction", label="Error de la base de datos (prueba)")
def breaks_the_transaction(job):
    """A database error with no transaction of its own (not a passing one: a bug)."""
    job.progress(1, 2, "Antes del error")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")
