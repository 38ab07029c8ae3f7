"""The kinds of job the project declares (``@tenant_job``), by name.

Filled when each app's ``tasks.py`` is imported (procrastinate's Django app imports them all when
Django starts), so a web process knows every kind it may start and a worker every kind it may run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from procrastinate.tasks import Task


@dataclass
class JobKind:
    #: The job's name: ``"<app>.<what>"`` (``"backups.run"``); it is also the procrastinate task's name.
    name: str
    #: What users read in filters and lists (``_("Copia de seguridad")``).
    label: Any
    func: Callable[..., Any]
    #: At most one job of this kind waiting in the queue per business (``job_start`` refuses a second one).
    unique: bool = False
    task: Task | None = field(default=None, repr=False)
    #: Set by ``@per_tenant_periodic``: the cron expression and the periodic fan-out task.
    cron: str | None = None
    fanout: Task | None = field(default=None, repr=False)

    def queueing_lock(self, schema: str) -> str | None:
        return f"{schema}:{self.name}" if self.unique else None


_kinds: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    if kind.name in _kinds:
        raise ValueError(f"Two jobs are declared as {kind.name!r}.")
    _kinds[kind.name] = kind
    return kind


def job_kind(name: str) -> JobKind | None:
    return _kinds.get(name)


def job_kinds() -> list[JobKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.name)


def kind_label(name: str) -> str:
    """What users read for a kind (its name when the kind is no longer declared)."""
    kind = _kinds.get(name)
    return str(kind.label) if kind is not None else name
