"""The production path: committed jobs run by procrastinate's worker with its own connection pool and thread
pool (``jobs_worker``), as ``manage.py procrastinate worker`` runs them."""

from __future__ import annotations

import threading
import time

from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from conftest import first_admin
from fotostudio.jobs.models import Job, JobStatus
from fotostudio.jobs.tests import sample_jobs


def test_committed_jobs_run_each_in_the_business_that_started_it(test_tenants, jobs_worker):
    alpha, beta = test_tenants["alpha"], test_tenants["beta"]
    in_alpha = jobs_worker.start(alpha, kind="tests.jobs.census", title="Censo A", acting_user=first_admin(alpha))
    in_beta = jobs_worker.start(beta, kind="tests.jobs.census", title="Censo B")

    jobs_worker.run()

    seen_by_alpha, seen_by_beta = jobs_worker.job(alpha, in_alpha.pk), jobs_worker.job(beta, in_beta.pk)
    assert seen_by_alpha.status == seen_by_beta.status == JobStatus.SUCCEEDED
    assert (seen_by_alpha.result["schema"], seen_by_beta.result["schema"]) == ("alpha", "beta")
    assert "admin@alpha.test" in seen_by_alpha.result["emails"] and "admin@beta.test" in seen_by_beta.result["emails"]
    assert "admin@beta.test" not in seen_by_alpha.result["emails"]
    assert "admin@alpha.test" not in seen_by_beta.result["emails"]
    assert seen_by_alpha.result["job_titles"] == ["Censo A"] and seen_by_beta.result["job_titles"] == ["Censo B"]
    assert seen_by_alpha.started_by_id == first_admin(alpha).pk and seen_by_beta.started_by_id is None


def test_progress_is_visible_to_other_connections_while_the_job_runs(test_tenants, jobs_worker):
    alpha = test_tenants["alpha"]
    job = jobs_worker.start(alpha, kind="tests.jobs.waits", title="Mirada")
    seen: list[tuple] = []

    def watch():  # another connection, as the admin's bar or the API reads it
        try:
            connection.set_tenant(alpha)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                row = Job.objects.values_list("status", "done", "total", "message").get(pk=job.pk)
                if row[1] == 1:
                    seen.append(row)
                    break
                time.sleep(0.05)
        finally:
            connection.close()
            sample_jobs.progress_seen.set()

    sample_jobs.progress_seen.clear()
    watcher = threading.Thread(target=watch)
    watcher.start()
    jobs_worker.run()
    watcher.join(30)

    assert seen == [(JobStatus.RUNNING, 1, 2, "Primera mitad")]
    done = jobs_worker.job(alpha, job.pk)
    assert (done.status, done.done, done.result) == (JobStatus.SUCCEEDED, 2, {"visto": True})


def test_a_passing_database_error_is_retried_by_a_real_worker(test_tenants, jobs_worker):
    alpha = test_tenants["alpha"]
    job = jobs_worker.start(alpha, kind="tests.jobs.flaky", title="Inestable", payload={"fail_times": 1})
    jobs_worker.run()
    done = jobs_worker.job(alpha, job.pk)
    assert (done.status, done.attempts, done.result) == (JobStatus.SUCCEEDED, 2, {"intento": 2})


def test_a_job_started_by_a_job_follows_that_jobs_transaction(test_tenants, jobs_worker):
    """In a worker, procrastinate's own ``defer()`` would commit at once; ``job_start`` uses Django's connection."""
    alpha = test_tenants["alpha"]
    parent = jobs_worker.start(alpha, kind="tests.jobs.starts_others", title="Madre")
    jobs_worker.run()
    titles = dict(
        jobs_worker.concurrently.once(
            lambda: list(Job.objects.filter(created_at__gte=jobs_worker.since).values_list("title", "status")),
            tenant=alpha,
        )
    )
    assert titles == {"Madre": JobStatus.SUCCEEDED, "Hija confirmada": JobStatus.SUCCEEDED}
    child = jobs_worker.job(alpha, jobs_worker.job(alpha, parent.pk).result["hija"])
    assert (child.done, child.total) == (2, 2)
    queued = jobs_worker.concurrently.once(
        lambda: sorted(
            ProcrastinateJob.objects.filter(id__gte=jobs_worker.first_queue_id).values_list("task_name", flat=True)
        )
    )
    assert queued == ["tests.jobs.count", "tests.jobs.starts_others"]


def test_a_job_whose_connection_the_server_ends_is_retried_on_a_new_one(test_tenants, jobs_worker):
    alpha = test_tenants["alpha"]
    job = jobs_worker.start(alpha, kind="tests.jobs.loses_its_connection", title="Conexión perdida")
    jobs_worker.run()
    done = jobs_worker.job(alpha, job.pk)
    assert (done.status, done.attempts, done.result) == (JobStatus.SUCCEEDED, 2, {"intento": 2})
