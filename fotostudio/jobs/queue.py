"""Putting jobs in procrastinate's queue through Django's own database connection.

procrastinate's ``Task.defer()`` uses the app's connector. In a web process that is Django's
connection, but a worker (``manage.py procrastinate worker``) replaces it with a pool of its own:
a job deferred by another job's code would then be committed at once, even if that code's
transaction rolls back. Deferring here always goes through the calling thread's Django connection,
so the INSERT into ``procrastinate_jobs`` is part of the caller's transaction: a job started in a
transaction that rolls back never existed (and procrastinate's NOTIFY is sent only on commit).
"""

from __future__ import annotations

import json
from typing import Any

from procrastinate import manager
from procrastinate import tasks as procrastinate_tasks
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.tasks import Task

#: PostgreSQL's type ids of json and jsonb.
JSON_TYPES = frozenset({114, 3802})


class JsonDjangoConnector(DjangoConnector):
    """procrastinate's ``DjangoConnector``, reading json columns as Python values.

    Django's psycopg 3 set-up loads jsonb as text (its ``JSONField`` decodes it itself), so through
    the plain connector a job's ``args`` read back from the queue would be a string."""

    def _dictfetch(self, cursor: Any):
        columns = [(column.name, column.type_code in JSON_TYPES) for column in cursor.description]
        for row in cursor.fetchall():
            yield {
                name: json.loads(value) if is_json and isinstance(value, str) else value
                for (name, is_json), value in zip(columns, row, strict=True)
            }


#: procrastinate's job manager on Django's connection of the calling thread.
job_manager = manager.JobManager(JsonDjangoConnector())


def defer(task: Task, kwargs: dict[str, Any], *, queueing_lock: str | None = None) -> int:
    """Queue one job of ``task`` with ``kwargs`` (JSON) in the caller's transaction; its queue id."""
    deferrer = procrastinate_tasks.configure_task(
        name=task.name,
        job_manager=job_manager,
        queue=task.queue,
        priority=task.priority,
        lock=task.lock,
        queueing_lock=queueing_lock if queueing_lock is not None else task.queueing_lock,
    )
    return deferrer.defer(**kwargs)


def cancel(queue_job_id: int) -> bool:
    """Take a job that has not started out of the queue, or ask the worker running it to stop."""
    if job_manager.cancel_job_by_id(queue_job_id, abort=False):
        return True
    return job_manager.cancel_job_by_id(queue_job_id, abort=True)
