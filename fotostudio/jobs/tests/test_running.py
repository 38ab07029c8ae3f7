"""Jobs run by procrastinate's real worker inside the test's transaction (``run_jobs``): the business a job
runs in, transactional starts, progress, retries, failures, cancellation."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, transaction
from django_tenants.utils import schema_context
from procrastinate import RetryStrategy
from procrastinate.contrib.django.models import ProcrastinateJob

from fotostudio.core.errors import ConflictError
from fotostudio.jobs import queue
from fotostudio.jobs.decorators import retry_strategy
from fotostudio.jobs.models import Job, JobStatus
from fotostudio.jobs.registry import job_kind
from fotostudio.jobs.services import job_cancel, job_start
from fotostudio.jobs.tests import sample_jobs  # noqa: F401  (declares the tests' jobs)
from fotostudio.users.roles import Role
from tenants.models import Tenant


def queue_row(job: Job) -> ProcrastinateJob:
    return ProcrastinateJob.objects.get(id=job.queue_job_id)


# --- Which business a job runs in -----------------------------------------------------------------------------


def test_a_job_sees_only_the_rows_of_the_business_that_started_it(
    tenant_a, tenant_b, make_user, start_job, job_in, run_jobs
):
    make_user(tenant_a, username="solo_en_alfa")
    make_user(tenant_b, username="solo_en_beta")
    in_a = start_job(tenant_a, "tests.jobs.census", {"marker": "a"}, title="Censo de Alfa")
    in_b = start_job(tenant_b, "tests.jobs.census", {"marker": "b"}, title="Censo de Beta")

    run_jobs()

    seen_by_a, seen_by_b = job_in(tenant_a, in_a.pk).result, job_in(tenant_b, in_b.pk).result
    assert seen_by_a["schema"] == "alpha" and seen_by_b["schema"] == "beta"
    assert "solo_en_alfa" in seen_by_a["usernames"] and "solo_en_beta" not in seen_by_a["usernames"]
    assert "solo_en_beta" in seen_by_b["usernames"] and "solo_en_alfa" not in seen_by_b["usernames"]
    assert seen_by_a["job_titles"] == ["Censo de Alfa"] and seen_by_b["job_titles"] == ["Censo de Beta"]
    assert seen_by_a["log_context"] == ["alpha", f"job-{in_a.queue_job_id}"]  # what its log lines carry
    assert connection.schema_name == "public"  # the worker's connection got its schema back


def test_the_schema_travels_with_the_job_in_the_queue(tenant_a, start_job):
    job = start_job(tenant_a, "tests.jobs.count", {"n": 2})
    assert queue_row(job).args == {"tenant_schema": "alpha", "job_id": str(job.pk), "payload": {"n": 2}}
    assert queue_row(job).task_name == "tests.jobs.count"


def test_a_job_cannot_be_started_outside_a_business(db):
    with pytest.raises(RuntimeError, match="belong to a business"):
        job_start(kind="tests.jobs.count", title="x", payload={"n": 1})


def test_an_undeclared_kind_or_a_payload_that_is_not_json_is_a_programming_error(tenant_a, start_job):
    with pytest.raises(LookupError, match="No job is declared as 'tests.jobs.nope'"):
        start_job(tenant_a, "tests.jobs.nope")
    with pytest.raises(TypeError, match="must be JSON"):
        start_job(tenant_a, "tests.jobs.count", {"n": object()})


# --- Starting in a transaction --------------------------------------------------------------------------------


def test_a_job_started_in_a_transaction_that_rolls_back_never_runs(tenant_a, start_job, run_jobs):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        job = start_job(tenant_a, "tests.jobs.count", {"n": 3})
        assert ProcrastinateJob.objects.filter(id=job.queue_job_id).exists()  # queued, inside the transaction
        raise Refused

    assert not ProcrastinateJob.objects.filter(id=job.queue_job_id).exists()
    with schema_context(tenant_a.schema_name):
        assert not Job.objects.filter(pk=job.pk).exists()
    assert run_jobs() == 1
    assert not ProcrastinateJob.objects.filter(task_name="tests.jobs.count").exists()


# --- Progress and who started it ------------------------------------------------------------------------------


def test_a_job_records_its_progress_who_started_it_and_when(tenant_a, make_user, start_job, job_in, run_jobs):
    seller = make_user(tenant_a, Role.SALES)
    job = start_job(tenant_a, "tests.jobs.count", {"n": 5}, user=seller, title="Contar hasta cinco")
    queued = job_in(tenant_a, job.pk)
    assert (queued.status, queued.done, queued.total, queued.started_at, queued.percentage) == (
        JobStatus.QUEUED,
        0,
        None,
        None,
        None,
    )

    run_jobs()

    done = job_in(tenant_a, job.pk)
    assert (done.status, done.done, done.total, done.percentage, done.attempts) == (JobStatus.SUCCEEDED, 5, 5, 100, 1)
    assert done.result == {"contados": 5}
    assert done.started_by == seller and done.title == "Contar hasta cinco"
    assert done.created_at <= done.started_at <= done.finished_at
    assert (done.message, done.error) == ("", "")
    assert queue_row(done).status == "succeeded"


def test_progress_reports_are_bounded_and_cut_to_the_column(tenant_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.count", {"n": 1})
    with schema_context(tenant_a.schema_name):
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
        running = Job.objects.get(pk=job.pk)
        running.progress(15, 10, "x" * 500 + "\x00")
        stored = Job.objects.get(pk=job.pk)
    assert (stored.done, stored.total, len(stored.message)) == (10, 10, 300)
    assert stored.percentage == 100


# --- Retries and failures -------------------------------------------------------------------------------------


def test_a_passing_database_error_is_retried_until_the_job_succeeds(tenant_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.flaky", {"fail_times": 2})
    run_jobs()
    done = job_in(tenant_a, job.pk)
    assert (done.status, done.attempts, done.result, done.error) == (JobStatus.SUCCEEDED, 3, {"intento": 3}, "")
    row = queue_row(done)
    assert (row.status, row.attempts) == ("succeeded", 3)


def test_a_passing_error_that_never_passes_fails_with_a_message_that_says_so(tenant_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.flaky", {"fail_times": 99})
    run_jobs()
    failed = job_in(tenant_a, job.pk)
    assert (failed.status, failed.attempts) == (JobStatus.FAILED, 3)  # retry=2: three runs in all
    assert failed.error == (
        "El trabajo no pudo terminar por un problema pasajero (la base de datos o la red no respondieron) "
        "después de 3 intentos. Vuelva a intentarlo más tarde."
    )
    assert "statement timeout" not in failed.error and "Traceback" not in failed.error
    assert queue_row(failed).status == "failed"


def test_a_readable_failure_is_shown_as_it_is_and_not_retried(tenant_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.fails", {"how": "readable"})
    run_jobs()
    failed = job_in(tenant_a, job.pk)
    assert (failed.status, failed.attempts, failed.error) == (
        JobStatus.FAILED,
        1,
        "La fila 3 no tiene correo electrónico.",
    )
    assert failed.finished_at is not None and failed.result is None


def test_an_unexpected_failure_shows_a_generic_message_never_the_exception(tenant_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.fails", {"how": "crash"})
    run_jobs()
    failed = job_in(tenant_a, job.pk)
    assert failed.status == JobStatus.FAILED and failed.attempts == 1  # a KeyError is not a passing problem
    assert failed.error == (
        "El trabajo falló por un error inesperado. Si vuelve a ocurrir, comuníquelo a soporte indicando el "
        f"trabajo {job.pk}."
    )
    assert "columna_interna_secreta" not in failed.error and "KeyError" not in failed.error


# --- Cancelling -----------------------------------------------------------------------------------------------


def test_a_job_cancelled_while_it_waits_never_runs(tenant_a, admin_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.count", {"n": 3})
    with schema_context(tenant_a.schema_name):
        job_cancel(job=job, acting_user=admin_a)
    run_jobs()
    cancelled = job_in(tenant_a, job.pk)
    assert (cancelled.status, cancelled.attempts, cancelled.done) == (JobStatus.CANCELLED, 0, 0)
    assert cancelled.message == f"Cancelado por {admin_a.username}."
    assert queue_row(cancelled).status == "cancelled"


def test_a_running_job_stops_at_its_next_progress_report_once_cancelled(tenant_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.cancelled_midway", {"steps": 5, "cancel_after": 2})
    run_jobs()
    cancelled = job_in(tenant_a, job.pk)
    assert (cancelled.status, cancelled.result) == (JobStatus.CANCELLED, None)
    assert cancelled.done <= 2  # it stopped at step 3's report (reports closer than 0.5 s are not all written)
    assert queue_row(cancelled).status == "aborted"


def test_a_finished_job_cannot_be_cancelled(tenant_a, admin_a, start_job, run_jobs):
    job = start_job(tenant_a, "tests.jobs.count", {"n": 1})
    run_jobs()
    with schema_context(tenant_a.schema_name), pytest.raises(ConflictError) as refused:
        job_cancel(job=job, acting_user=admin_a)
    assert refused.value.code == "job_already_finished"


def test_a_job_of_a_deactivated_business_is_not_run(tenant_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.count", {"n": 3})
    Tenant.objects.filter(pk=tenant_a.pk).update(is_active=False)  # not the session's shared object
    run_jobs()
    skipped = job_in(tenant_a, job.pk)
    assert (skipped.status, skipped.done, skipped.message) == (
        JobStatus.CANCELLED,
        0,
        "No se ejecutó: el negocio está desactivado.",
    )


def test_a_unique_kind_waits_in_the_queue_once_per_business(tenant_a, tenant_b, start_job, run_jobs):
    start_job(tenant_a, "tests.jobs.unique")
    with pytest.raises(ConflictError) as refused:
        start_job(tenant_a, "tests.jobs.unique")
    assert refused.value.code == "job_already_queued"
    start_job(tenant_b, "tests.jobs.unique")  # another business has its own
    run_jobs()
    start_job(tenant_a, "tests.jobs.unique")  # the first one ran: a new one may wait


def test_a_job_that_ends_without_reporting_after_being_cancelled_stays_cancelled(tenant_a, start_job, job_in, run_jobs):
    job = start_job(tenant_a, "tests.jobs.cancelled_at_the_end")
    run_jobs()
    ended = job_in(tenant_a, job.pk)
    assert (ended.status, ended.result, ended.message) == (JobStatus.CANCELLED, None, "Cancelado.")


def test_a_job_whose_row_is_gone_or_whose_business_is_unknown_is_skipped(tenant_a, start_job, run_jobs):
    gone = start_job(tenant_a, "tests.jobs.count", {"n": 1})
    with schema_context(tenant_a.schema_name):
        Job.objects.filter(pk=gone.pk).delete()
    kind = job_kind("tests.jobs.count")
    unknown = queue.defer(kind.task, {"tenant_schema": "nadie", "job_id": str(gone.pk), "payload": {"n": 1}})
    platform = queue.defer(kind.task, {"tenant_schema": "public", "job_id": str(gone.pk), "payload": {"n": 1}})
    run_jobs()
    statuses = ProcrastinateJob.objects.filter(id__in=[gone.queue_job_id, unknown, platform])
    assert set(statuses.values_list("status", flat=True)) == {"succeeded"}  # nothing to do, nothing retried


def test_retries_are_a_number_of_retries_after_passing_problems_or_a_strategy_of_ones_own():
    assert retry_strategy(0) is None and retry_strategy(None) is None
    three = retry_strategy(3)
    assert (three.max_attempts, three.exponential_wait) == (3, 5)
    assert OperationalError in three.retry_exceptions and KeyError not in three.retry_exceptions
    own = RetryStrategy(max_attempts=10, wait=1)
    assert retry_strategy(own) is own


def test_a_database_error_inside_the_tests_transaction_leaves_it_usable(tenant_a, start_job, job_in, run_jobs):
    """In a worker the job runs in autocommit; here, in the test's transaction, its failed statement is rolled
    back to a savepoint, so its status is still written and the test goes on."""
    job = start_job(tenant_a, "tests.jobs.breaks_the_transaction")
    run_jobs()
    failed = job_in(tenant_a, job.pk)
    assert (failed.status, failed.attempts) == (JobStatus.FAILED, 1)  # a division by zero is not passing
    assert failed.error.startswith("El trabajo falló por un error inesperado.")
