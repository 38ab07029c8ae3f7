"""What a job's code raises to say how it failed (``fotostudio.jobs.decorators`` reads them)."""

from __future__ import annotations

from enum import StrEnum

import psycopg
from django.db import InterfaceError, OperationalError

from fotostudio.core.errors import ApplicationError


class JobErrorCode(StrEnum):
    UNKNOWN_KIND = "job_unknown_kind"
    ALREADY_QUEUED = "job_already_queued"
    ALREADY_FINISHED = "job_already_finished"
    FAILED = "job_failed"


class JobError(ApplicationError):
    """A failure the user can act on: its message (Spanish, through gettext) is what the job shows,
    and the job is not retried. Any ``ApplicationError`` a service raises inside a job counts as one."""

    def __init__(self, message, **kwargs):
        kwargs.setdefault("code", JobErrorCode.FAILED)
        super().__init__(message, **kwargs)


class TransientJobError(Exception):
    """Worth trying again later (a remote service answered 503, a file was locked): the job is retried."""


class JobCancelled(Exception):
    """Raised by ``Job.progress`` when the job was cancelled meanwhile: the job's code should let it pass."""


#: Errors that say nothing about the job itself and usually pass: the job is retried after them.
#: ``OperationalError`` covers a lost or refused database connection, a statement timeout, a
#: serialization failure or a deadlock; ``InterfaceError`` a connection closed under the job;
#: ``ConnectionError``/``TimeoutError`` the network.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,  # raised outside the ORM (a raw psycopg connection)
    psycopg.InterfaceError,
    ConnectionError,
    TimeoutError,
    TransientJobError,
)


def is_transient(error: BaseException) -> bool:
    return isinstance(error, TRANSIENT_ERRORS)
