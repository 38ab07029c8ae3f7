"""Creating many rows at once, all or nothing: what a module's import service runs.

The rows come parsed (by the spreadsheet layer, ``fotostudio.spreadsheets.imports``,
or anything else): a line number, the values by model field, and the cell errors the
parser found. :class:`BulkCreate` builds one unsaved object per row, asks the module
for its errors (the same validation its ``<entity>_create`` service uses), checks a
unique field inside the batch and — with one query — against the database, and
either raises :class:`ImportRejected` listing every :class:`RowError`, or writes every
row with ``bulk_create`` in one transaction.

Errors are by model field; the caller names them its own way (spreadsheet columns).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .errors import ApplicationError, ConflictError


@dataclass(frozen=True)
class RowError:
    """One problem in a batch. ``line`` is the row's number as its source shows it (a spreadsheet's
    header is line 1); ``field`` is the model field ("" for the whole row or file)."""

    line: int
    field: str
    message: str
    value: str = ""


@dataclass
class ImportRow:
    line: int
    #: parsed values by model field
    data: dict[str, Any]
    #: the source's text of each value, for error reports
    raw: dict[str, str] = field(default_factory=dict)
    #: values the parser could not read: model field → message
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    created: int
    dry_run: bool


class ImportRejected(ApplicationError):
    """The batch was refused as a whole; ``row_errors`` says where and why."""

    def __init__(self, message: Any, *, code: str, row_errors: Sequence[RowError] = ()):
        super().__init__(message, code=code)
        self.row_errors = list(row_errors)


class BulkCreate(ABC):
    """Create one object per :class:`ImportRow`, all or nothing.

    A module sets ``model`` and the error codes and implements :meth:`validate`
    (normalise the object in place, return its errors by model field). Optional:
    ``unique_field`` (new to the tenant and once in the batch), :meth:`build` (to set
    ``created_by``, for instance) and the messages.
    """

    model: type
    #: ``ImportRejected.code`` (a module's error enum).
    error_code: str = "import_invalid"
    #: Model field that must be unique in the batch and new to the tenant (``None``: no check).
    unique_field: str | None = None
    #: ``ConflictError.code`` when a concurrent write takes a unique value first.
    conflict_code: str = "duplicate"
    conflict_message = gettext_lazy(
        "Otro usuario registró alguno de estos datos mientras se importaba el archivo. Vuelva a intentarlo."
    )
    batch_size: int = 1000

    def __init__(self, *, acting_user=None):
        self.acting_user = acting_user if getattr(acting_user, "pk", None) else None

    def build(self, data: dict[str, Any]):
        """An unsaved object from one row's values (by model field)."""
        return self.model(**data)

    @abstractmethod
    def validate(self, obj) -> dict[str, list[str]]:
        """Normalise ``obj`` in place and return its errors by model field (empty when valid)."""

    def repeated_message(self, value: Any, first_line: int) -> str:
        return _("«%(value)s» está repetido: ya aparece en la fila %(line)d.") % {"value": value, "line": first_line}

    def existing_message(self, existing) -> str:
        return _("Ya está registrado: %(existing)s.") % {"existing": existing}

    def rejected(self, message: Any, row_errors: Sequence[RowError] = ()) -> ImportRejected:
        return ImportRejected(message, code=self.error_code, row_errors=row_errors)

    @transaction.atomic
    def run(self, rows: Sequence[ImportRow], *, dry_run: bool = False) -> ImportResult:
        if not rows:
            raise self.rejected(_("El archivo no tiene filas de datos debajo de los encabezados."))
        errors: list[RowError] = []
        objects = []
        first_line_of: dict[Any, int] = {}
        for row in rows:
            errors.extend(
                RowError(line=row.line, field=name, message=message, value=row.raw.get(name, ""))
                for name, message in row.errors.items()
            )
            obj = self.build({name: value for name, value in row.data.items() if name not in row.errors})
            for name, messages in self.validate(obj).items():
                if name not in row.errors:
                    errors.extend(
                        RowError(line=row.line, field=name, message=message, value=row.raw.get(name, ""))
                        for message in messages
                    )
            key = getattr(obj, self.unique_field) if self.unique_field else None
            if key:
                if key in first_line_of:
                    message = self.repeated_message(key, first_line_of[key])
                    errors.append(RowError(line=row.line, field=self.unique_field, message=message, value=str(key)))
                else:
                    first_line_of[key] = row.line
            objects.append(obj)

        if first_line_of:
            for existing in self.model._default_manager.filter(**{f"{self.unique_field}__in": list(first_line_of)}):
                key = getattr(existing, self.unique_field)
                errors.append(
                    RowError(
                        line=first_line_of[key],
                        field=self.unique_field,
                        message=self.existing_message(existing),
                        value=str(key),
                    )
                )

        if errors:
            errors.sort(key=lambda error: error.line)
            bad_lines = len({error.line for error in errors})
            raise self.rejected(
                ngettext(
                    "No se importó nada: %(count)d fila tiene errores. Corríjala y vuelva a importar el archivo.",
                    "No se importó nada: %(count)d filas tienen errores. Corríjalas y vuelva a importar el archivo.",
                    bad_lines,
                )
                % {"count": bad_lines},
                errors,
            )
        if not dry_run:
            try:
                with transaction.atomic():
                    self.model._default_manager.bulk_create(objects, batch_size=self.batch_size)
            except IntegrityError as exc:
                # Someone registered one of these values while the batch was being checked.
                raise ConflictError(self.conflict_message, code=self.conflict_code) from exc
        return ImportResult(created=len(objects), dry_run=dry_run)
