"""Fast, all-or-nothing spreadsheet imports: a module writes only its row validation.

django-import-export's own ``import_data`` works row by row (about 700 rows/s, every
row saved on its own and previewed twice). Here a file is checked as a whole and
written with ``bulk_create``:

1. :func:`fotostudio.spreadsheets.tabular.read_table` reads the upload (size, type, encoding, rows);
2. :class:`ImportParser` maps its headers to the module's resource columns (case,
   accents and the resource's ``header_aliases`` do not matter; export-only columns
   are skipped) and parses cells with the resource's widgets;
3. :class:`TableImport` builds one unsaved object per row, asks the module's
   :meth:`~TableImport.validate` for its errors, checks the ``unique_field`` inside the
   file and (one query) against the database, and either raises :class:`ImportRejected`
   with every :class:`RowError` or writes every row in one transaction.

A module subclasses :class:`TableImport` in its services (see ``modules/clients/services.py``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.spreadsheets.resources import ModelResource, fold_key, number_text
from fotostudio.spreadsheets.tabular import Table


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file. ``line`` is the spreadsheet's row number (the header is 1)."""

    line: int
    column: str
    message: str
    value: str = ""


@dataclass(frozen=True)
class ImportResult:
    created: int
    dry_run: bool


class ImportRejected(ApplicationError):
    """The file was refused as a whole; ``row_errors`` says where and why."""

    def __init__(self, message: Any, *, code: str, row_errors: Sequence[RowError] = ()):
        super().__init__(message, code=code)
        self.row_errors = list(row_errors)


class ImportParser:
    """Maps a file's headers to a resource's columns and parses each row with the widgets."""

    def __init__(self, resource_class: type[ModelResource], headers: list[str]):
        columns = resource_class.import_columns()
        self.fields = {field.column_name: field for field in columns}
        self.columns_by_field = {field.attribute: field.column_name for field in columns}
        export_only = resource_class.export_only_columns()
        aliases = resource_class.header_aliases
        self.positions: dict[str, int] = {}
        self.header_errors: list[str] = []
        unknown, repeated = [], []
        for position, header in enumerate(headers):
            header = str(header or "").strip()
            if not header:
                continue  # columns without a name are ignored (often empty columns at the right)
            column = fold_key(header)
            column = aliases.get(column, column)
            if column in export_only:
                continue  # an exported file can be imported back: its read-only columns are skipped
            if column not in self.fields:
                unknown.append(header)
            elif column in self.positions:
                repeated.append(header)
            else:
                self.positions[column] = position
        missing = [column for column in resource_class.required_columns if column not in self.positions]
        if missing:
            self.header_errors.append(_("Faltan columnas obligatorias: %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            self.header_errors.append(
                _("Columnas no reconocidas: %(unknown)s. Las columnas válidas son: %(valid)s.")
                % {"unknown": ", ".join(unknown), "valid": ", ".join(self.fields)}
            )
        if repeated:
            self.header_errors.append(_("Columnas repetidas: %(columns)s.") % {"columns": ", ".join(repeated)})

    def parse(self, values: list[Any]) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
        """``(data by model field, [(column, message, raw value)])`` for one row."""
        data: dict[str, Any] = {}
        errors: list[tuple[str, str, str]] = []
        for column, position in self.positions.items():
            raw = values[position] if position < len(values) else None
            field = self.fields[column]
            try:
                data[field.attribute] = field.widget.clean(raw)
            except ValueError as exc:
                errors.append((column, str(exc), self.text(raw)))
        return data, errors

    def column_of(self, field: str) -> str:
        return self.columns_by_field.get(field, "")

    def field_of(self, column: str) -> str:
        field = self.fields.get(column)
        return field.attribute if field else ""

    def raw(self, values: list[Any], column: str) -> str:
        position = self.positions.get(column)
        if position is None or position >= len(values):
            return ""
        return self.text(values[position])

    @staticmethod
    def text(value: Any) -> str:
        """A cell as the error report shows it (numbers without ``.0``, long text cut)."""
        if value is None:
            return ""
        number = number_text(value)
        text = number if number is not None else str(value)
        return text if len(text) <= 80 else text[:79] + "…"


class TableImport(ABC):
    """Create one object per row of a :class:`~fotostudio.spreadsheets.tabular.Table`, all or nothing.

    A module sets ``resource_class`` and the error codes, and implements :meth:`validate`
    (normalise the object in place, return its errors by model field: the same function
    its ``<entity>_create`` service uses). Optional: ``unique_field`` (must be new to the
    tenant and appear once in the file), :meth:`build` (e.g. to set ``created_by``) and the
    messages. Any problem raises :class:`ImportRejected` listing every bad row, and
    nothing is written; otherwise one INSERT per ``batch_size`` rows.
    """

    resource_class: type[ModelResource]
    #: ``ImportRejected.code`` (a module's error enum).
    error_code: str = "import_invalid"
    #: Model field that must be unique in the file and new to the tenant (``None``: no check).
    unique_field: str | None = None
    #: ``ConflictError.code`` when a concurrent write takes a unique value first.
    conflict_code: str = "duplicate"
    conflict_message = gettext_lazy(
        "Otro usuario registró alguno de estos datos mientras se importaba el archivo. Vuelva a intentarlo."
    )
    batch_size: int = 1000

    def __init__(self, *, acting_user=None):
        self.acting_user = acting_user if getattr(acting_user, "pk", None) else None
        self.model = self.resource_class._meta.model

    # --- What a module provides --------------------------------------------------------------

    def build(self, data: dict[str, Any]):
        """An unsaved object from one row's parsed values (by model field)."""
        return self.model(**data)

    @abstractmethod
    def validate(self, obj) -> dict[str, list[str]]:
        """Normalise ``obj`` in place and return its errors by model field (empty when valid)."""

    def repeated_message(self, value: Any, first_line: int) -> str:
        return _("«%(value)s» está repetido: ya aparece en la fila %(line)d.") % {"value": value, "line": first_line}

    def existing_message(self, existing) -> str:
        return _("Ya está registrado: %(existing)s.") % {"existing": existing}

    # --- The import ----------------------------------------------------------------------------

    def rejected(self, message: Any, row_errors: Sequence[RowError] = ()) -> ImportRejected:
        return ImportRejected(message, code=self.error_code, row_errors=row_errors)

    @transaction.atomic
    def run(self, table: Table, *, dry_run: bool = False) -> ImportResult:
        parser = ImportParser(self.resource_class, table.headers)
        if parser.header_errors:
            raise self.rejected(
                _("Las columnas del archivo no son las esperadas: %(problems)s")
                % {"problems": " ".join(parser.header_errors)},
                [RowError(line=1, column="", message=problem) for problem in parser.header_errors],
            )
        if not table.rows:
            raise self.rejected(_("El archivo no tiene filas de datos debajo de los encabezados."))

        errors: list[RowError] = []
        objects = []
        first_line_of: dict[Any, int] = {}
        unique_column = parser.column_of(self.unique_field) if self.unique_field else ""
        for line, values in table.rows:
            data, cell_errors = parser.parse(values)
            errors.extend(
                RowError(line=line, column=column, message=message, value=raw) for column, message, raw in cell_errors
            )
            bad_fields = {parser.field_of(column) for column, _message, _raw in cell_errors}
            obj = self.build({field: value for field, value in data.items() if field not in bad_fields})
            for field, messages in self.validate(obj).items():
                if field not in bad_fields:
                    column = parser.column_of(field)
                    errors.extend(
                        RowError(line=line, column=column, message=message, value=parser.raw(values, column))
                        for message in messages
                    )
            key = getattr(obj, self.unique_field) if self.unique_field else None
            if key:
                if key in first_line_of:
                    message = self.repeated_message(key, first_line_of[key])
                    errors.append(RowError(line=line, column=unique_column, message=message, value=str(key)))
                else:
                    first_line_of[key] = line
            objects.append(obj)

        if first_line_of:
            for existing in self.model._default_manager.filter(**{f"{self.unique_field}__in": list(first_line_of)}):
                key = getattr(existing, self.unique_field)
                errors.append(
                    RowError(
                        line=first_line_of[key],
                        column=unique_column,
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
                # Someone registered one of these values while the file was being checked.
                raise ConflictError(self.conflict_message, code=self.conflict_code) from exc
        return ImportResult(created=len(objects), dry_run=dry_run)
