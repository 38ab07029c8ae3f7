"""One application exception for business rules; the API maps it to the common error shape."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ApplicationError(Exception):
    """A business rule said no. ``code`` is a stable, machine-readable string (a module's enum)."""

    status_code = 400

    def __init__(
        self,
        message: Any,
        *,
        code: StrEnum | str = "invalid",
        status: int | None = None,
        errors: dict[str, list[Any]] | None = None,
        extra: dict[str, Any] | None = None,
    ):
        super().__init__(str(message))
        self.message = message
        self.code = str(code)
        self.errors = errors or {}
        self.extra = extra or {}
        if status is not None:
            self.status_code = status


class ConflictError(ApplicationError):
    """The request clashes with existing data (duplicates, records that depend on it)."""

    status_code = 409


class CommonError(StrEnum):
    INVALID = "invalid"
    DUPLICATE = "duplicate"
    PROTECTED = "protected"
