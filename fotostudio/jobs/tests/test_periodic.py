"""Periodic jobs declared in code, fanned out to every active business; the daily clean-up of old jobs; the
queue's own upkeep (stalled workers, old rows)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from conftest import TEST_TENANTS
from fotostudio.jobs import tasks
from fotostudio.jobs.models import Job, JobStatus
from fotostudio.jobs.registry import job_kind
from fotostudio.jobs.tests import sample_jobs  # noqa: F401  (declares the tests' jobs)
from fotostudio.jobs.tests.factories import JobFactory
from tenants.models import Tenant

TICK = 1_790_000_000  # a cron tick, seconds since the epoch


def cleanup_jobs(tenant) -> list[Job]:
    with schema_context(tenant.schema_name):
        return list(Job.objects.filter(kind="jobs.cleanup"))


def test_the_cleanup_is_declared_in_code_as_a_nightly_job_of_every_business():
    cleanup = job_kind("jobs.cleanup")
    assert cleanup.cron == "30 3 * * *" and cleanup.unique
    periodic = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic["jobs.cleanup.fanout"] == "30 3 * * *"
    assert periodic["jobs.retry_stalled"] == "*/5 * * * *"
    assert periodic["jobs.prune_queue"] == "0 4 * * *"


def test_a_tick_starts_one_job_in_every_active_business_and_none_in_an_inactive_one(test_tenants, run_jobs):
    Tenant.objects.filter(schema_name="finca").update(is_active=False)  # not the session's shared object

    job_kind("jobs.cleanup").fanout.defer(timestamp=TICK)  # what procrastinate's periodic deferrer does at 03:30
    run_jobs()

    for slug in TEST_TENANTS:
        jobs = cleanup_jobs(test_tenants[slug])
        if slug == "finca":
            assert jobs == []
            continue
        assert len(jobs) == 1, slug
        (job,) = jobs
        assert (job.status, job.started_by, job.title) == (JobStatus.SUCCEEDED, None, "Limpieza de trabajos terminados")
        assert ProcrastinateJob.objects.get(id=job.queue_job_id).args["tenant_schema"] == slug
    fanout = ProcrastinateJob.objects.get(task_name="jobs.cleanup.fanout")
    assert fanout.status == "succeeded" and fanout.args == {"timestamp": TICK}


def test_a_business_whose_cleanup_still_waits_gets_no_second_one(tenant_a, test_tenants, db):
    fanout = job_kind("jobs.cleanup").fanout
    assert fanout(timestamp=TICK) == {"started": 4, "skipped": 0}
    # No worker ran since: the next tick finds every business's clean-up still waiting in the queue.
    assert fanout(timestamp=TICK + 86_400) == {"started": 0, "skipped": 4}
    assert len(cleanup_jobs(tenant_a)) == 1


def test_a_business_that_refuses_its_job_does_not_stop_the_others(test_tenants, db):
    """A business whose schema has no jobs table (created, not migrated yet) is logged and skipped."""
    unmigrated = Tenant(schema_name="sin_migrar", name="Sin migrar")
    unmigrated.auto_create_schema = False
    unmigrated.save()
    assert job_kind("jobs.cleanup").fanout(timestamp=TICK) == {"started": 4, "skipped": 1}
    assert len(cleanup_jobs(test_tenants["alpha"])) == 1


def test_the_cleanup_deletes_finished_jobs_older_than_the_retention(tenant_a, start_job, settings, run_jobs):
    settings.JOBS_RETENTION_DAYS = 10
    now = timezone.now()
    with schema_context(tenant_a.schema_name):
        old = [
            JobFactory(status=status, finished_at=now - timedelta(days=11))
            for status in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)
        ]
        recent = JobFactory(status=JobStatus.SUCCEEDED, finished_at=now - timedelta(days=9))
        still_running = JobFactory(status=JobStatus.RUNNING, finished_at=None)
    cleanup = start_job(tenant_a, "jobs.cleanup", {"timestamp": TICK})

    run_jobs()

    with schema_context(tenant_a.schema_name):
        left = set(Job.objects.values_list("pk", flat=True))
        cleanup = Job.objects.get(pk=cleanup.pk)
    assert left == {recent.pk, still_running.pk, cleanup.pk}
    assert not left & {job.pk for job in old}
    assert (cleanup.status, cleanup.result) == (JobStatus.SUCCEEDED, {"borrados": 3, "dias": 10})


@pytest.fixture
def dead_worker(db):
    """A worker's row whose last heartbeat was an hour ago (its process is gone)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO public.procrastinate_workers (last_heartbeat) VALUES (now() - interval '1 hour') RETURNING id"
        )
        return cursor.fetchone()[0]


def _left_running_by(worker_id: int, job: Job, attempts: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE public.procrastinate_jobs SET status = 'doing', worker_id = %s, attempts = %s WHERE id = %s",
            [worker_id, attempts, job.queue_job_id],
        )


def test_a_job_whose_worker_died_is_run_again(tenant_a, start_job, job_in, dead_worker, run_jobs):
    job = start_job(tenant_a, "tests.jobs.count", {"n": 2})
    with schema_context(tenant_a.schema_name):
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    _left_running_by(dead_worker, job, attempts=0)

    app.tasks["jobs.retry_stalled"].defer(timestamp=TICK)
    run_jobs()

    done = job_in(tenant_a, job.pk)
    assert (done.status, done.done, done.attempts) == (JobStatus.SUCCEEDED, 2, 2)
    assert ProcrastinateJob.objects.get(task_name="jobs.retry_stalled").status == "succeeded"


def test_a_job_that_took_its_worker_down_too_often_fails_for_good(tenant_a, start_job, job_in, dead_worker, run_jobs):
    job = start_job(tenant_a, "tests.jobs.count", {"n": 2})
    with schema_context(tenant_a.schema_name):
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=tasks.STALLED_RUNS_LIMIT)
    _left_running_by(dead_worker, job, attempts=tasks.STALLED_RUNS_LIMIT - 1)

    app.tasks["jobs.retry_stalled"].defer(timestamp=TICK)
    run_jobs()

    failed = job_in(tenant_a, job.pk)
    assert failed.status == JobStatus.FAILED and failed.done == 0
    assert failed.error.startswith("El proceso que ejecutaba el trabajo se detuvo de forma inesperada 3 veces")
    assert ProcrastinateJob.objects.get(id=job.queue_job_id).status == "failed"
