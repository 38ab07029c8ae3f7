"""From a spreadsheet's rows to the parsed rows a module's import service takes.

1. :func:`fotostudio.spreadsheets.tabular.read_table` reads the upload (size, type,
   encoding, rows);
2. :func:`parse_table` maps its headers to the module's resource columns (case,
   accents and the resource's ``header_aliases`` do not matter; export-only columns
   are skipped) and parses each cell with the column's widget, giving
   :class:`~fotostudio.core.bulk.ImportRow` objects (values by model field);
3. the module's service validates and writes them (``fotostudio.core.bulk.BulkCreate``)
   and refuses with errors by model field, which :func:`column_of` names back as the
   file's columns.

django-import-export's own ``import_data`` works row by row (about 700 rows/s, every
row saved on its own and previewed twice); this path checks a file as a whole and
writes it with ``bulk_create``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fotostudio.core.bulk import ImportRejected, ImportRow, RowError

from .resources import ModelResource, fold_key, number_text
from .tabular import Table

#: ``ImportRejected.code`` when the file's columns are not the resource's.
COLUMNS_INVALID = "import_columns_invalid"


def cell_text(value: Any) -> str:
    """A cell as an error report shows it (numbers without ``.0``, long text cut)."""
    if value is None:
        return ""
    number = number_text(value)
    text = number if number is not None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def column_of(resource_class: type[ModelResource], field: str) -> str:
    """The column that holds a model field ("" for a problem of the whole row)."""
    for column in resource_class.import_columns():
        if column.attribute == field:
            return column.column_name
    return field


def _positions(resource_class: type[ModelResource], headers: list[Any]) -> dict[str, int]:
    """Column name → position in the file; refuses missing, unknown and repeated columns."""
    fields = {field.column_name for field in resource_class.import_columns()}
    export_only = resource_class.export_only_columns()
    aliases = resource_class.header_aliases
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for position, header in enumerate(headers):
        header = str(header or "").strip()
        if not header:
            continue  # columns without a name are ignored (often empty columns at the right)
        column = fold_key(header)
        column = aliases.get(column, column)
        if column in export_only:
            continue  # an exported file can be imported back: its read-only columns are skipped
        if column not in fields:
            unknown.append(header)
        elif column in positions:
            repeated.append(header)
        else:
            positions[column] = position
    problems = []
    missing = [column for column in resource_class.required_columns if column not in positions]
    if missing:
        problems.append(_("Faltan columnas obligatorias: %(columns)s.") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(
            _("Columnas no reconocidas: %(unknown)s. Las columnas válidas son: %(valid)s.")
            % {
                "unknown": ", ".join(unknown),
                "valid": ", ".join(field.column_name for field in resource_class.import_columns()),
            }
        )
    if repeated:
        problems.append(_("Columnas repetidas: %(columns)s.") % {"columns": ", ".join(repeated)})
    if problems:
        raise ImportRejected(
            _("Las columnas del archivo no son las esperadas: %(problems)s") % {"problems": " ".join(problems)},
            code=COLUMNS_INVALID,
            row_errors=[RowError(line=1, field="", message=problem) for problem in problems],
        )
    return positions


def parse_table(table: Table, resource_class: type[ModelResource]) -> list[ImportRow]:
    """Every data row of ``table`` parsed with ``resource_class``'s columns."""
    positions = _positions(resource_class, table.headers)
    columns = {field.column_name: field for field in resource_class.import_columns()}
    rows = []
    for line, values in table.rows:
        row = ImportRow(line=line, data={})
        for column, position in positions.items():
            field = columns[column]
            raw = values[position] if position < len(values) else None
            row.raw[field.attribute] = cell_text(raw)
            try:
                row.data[field.attribute] = field.widget.clean(raw)
            except ValueError as exc:
                row.errors[field.attribute] = str(exc)
        rows.append(row)
    return rows
