"""Running queued jobs inside tests, through procrastinate's real worker (``conftest.py``'s fixtures).

``run_jobs`` (most tests): the worker runs *inside the test's transaction*, so it sees the rows the
test made, and everything is rolled back afterwards. What that takes:

- the worker reads and writes the queue through Django's connection (``JsonDjangoConnector``, which
  also reads the jobs' json arguments back as Python values), and ``async_to_sync`` runs those
  queries in this thread, on the test's connection;
- job functions, which a worker runs in a thread pool with a connection of their own, run in this
  thread too (procrastinate's ``utils.sync_to_async`` is made thread-sensitive for the test);
- no task middleware: procrastinate's Django clean-up would close the test's connection;
- retries are due at once: ``now()`` stands still inside a transaction, so a retry scheduled "in 5 s"
  would never come; the queue's ``scheduled_at`` is cleared between rounds;
- no periodic deferrer (it would queue the real cron ticks).

``jobs_worker`` (a few integration tests): the production path on committed data — procrastinate's
psycopg pool, the thread pool, each job on its own connection — with the rows it made removed after
the test (``Concurrently`` commits and cleans up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django import app

from .queue import JsonDjangoConnector

WORKER_OPTIONS: dict[str, Any] = {"wait": False, "listen_notify": False, "install_signal_handlers": False}
DUE_NOW = "UPDATE public.procrastinate_jobs SET scheduled_at = NULL WHERE status = 'todo' AND scheduled_at IS NOT NULL"
WAITING = "SELECT count(*) FROM public.procrastinate_jobs WHERE status = 'todo'"


async def thread_sensitive_sync_to_async(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """What ``procrastinate.utils.sync_to_async`` becomes in ``run_jobs``: job functions run in the test's thread."""
    return await sync_to_async(func, thread_sensitive=True)(*args, **kwargs)


def run_queued_jobs_in_transaction(*, max_rounds: int = 20) -> int:
    """Run every job in the queue (and the jobs and retries they lead to) with a real worker, on the test's
    connection; how many rounds it took."""
    for round_number in range(1, max_rounds + 1):
        with app.replace_connector(JsonDjangoConnector()):
            async_to_sync(app.run_worker_async)(**WORKER_OPTIONS, task_middleware=[], concurrency=1)
        if not _make_waiting_jobs_due():
            return round_number
    raise AssertionError(f"Jobs were still waiting after {max_rounds} rounds of the worker.")


class CommittedWorker:
    """A real worker on committed data; see the module's docstring. ``concurrently`` is conftest's harness
    (its threads commit what they do, and its clean-up runs after the test)."""

    def __init__(self, concurrently):
        self.concurrently = concurrently
        self.first_queue_id = concurrently.once(_last_queue_id) + 1
        self.since = timezone.now()
        self.tenants: set = set()
        concurrently.cleanup(None, self._remove_queue_rows)

    def start(self, tenant, **job_start_kwargs: Any):
        """``job_start`` in ``tenant``, committed. The jobs of that business created during the test (this
        one and those its code starts) are removed after the test."""
        from .models import Job
        from .services import job_start

        if tenant.schema_name not in self.tenants:
            self.tenants.add(tenant.schema_name)
            self.concurrently.cleanup(tenant, lambda: Job.objects.filter(created_at__gte=self.since).delete())
        return self.concurrently.once(lambda: job_start(**job_start_kwargs), tenant=tenant)

    def job(self, tenant, job_id):
        """The job as committed now."""
        from .models import Job

        return self.concurrently.once(lambda: Job.objects.get(pk=job_id), tenant=tenant)

    def run(self, *, max_rounds: int = 20, **options: Any) -> None:
        """Run the queue dry with procrastinate's worker connector and thread pool, as ``manage.py procrastinate
        worker`` does; jobs still waiting (retries) are made due at once between rounds."""
        for _round in range(max_rounds):
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(**{**WORKER_OPTIONS, "concurrency": 2, **options})
            if not self.concurrently.once(_make_waiting_jobs_due):
                return
        raise AssertionError(f"Jobs were still waiting after {max_rounds} rounds of the worker.")

    def _remove_queue_rows(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM public.procrastinate_periodic_defers WHERE job_id >= %s", [self.first_queue_id])
            cursor.execute("DELETE FROM public.procrastinate_jobs WHERE id >= %s", [self.first_queue_id])


def _last_queue_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM public.procrastinate_jobs")
        return cursor.fetchone()[0]


def _make_waiting_jobs_due() -> int:
    """Jobs still waiting after a worker ran dry (retries scheduled later, jobs queued by jobs while the
    worker was finishing): due now; how many."""
    with connection.cursor() as cursor:
        cursor.execute(DUE_NOW)
        cursor.execute(WAITING)
        return cursor.fetchone()[0]
