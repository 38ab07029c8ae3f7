"""Reading an uploaded spreadsheet (CSV or XLSX) into rows, with clear refusals.

Nothing here knows about any module: a module gets back headers and ``(line, values)``
rows (usually through :class:`fotostudio.spreadsheets.imports.TableImport`) and applies its own
rules. The checks are the ones every upload needs: size (``IMPORT_MAX_BYTES``), type
(by extension *and* content), encoding (UTF-8, or Windows-1252 as Excel writes "CSV"
on Spanish Windows), delimiter (``,`` or ``;`` or tab, as the header shows), number
of rows, and compressed size of an XLSX (a zip: a small file may expand enormously).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError

#: Data rows accepted in one file (a 5 MB CSV of clients holds about 25,000).
MAX_ROWS = 20_000
#: Uncompressed size an XLSX may expand to.
MAX_XLSX_EXPANDED_BYTES = 100 * 1024 * 1024
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


class SpreadsheetError(ApplicationError):
    """The file itself cannot be used (size, type, encoding, shape)."""

    def __init__(self, message: Any):
        super().__init__(message, code="import_file_invalid", errors={"archivo": [message]})


@dataclass
class Table:
    headers: list[str]
    #: ``(line, values)``: ``line`` is the row number a spreadsheet program shows (the header is row 1).
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    format: str = "csv"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def file_format(name: str) -> str:
    """``"csv"`` or ``"xlsx"`` from the file name, or a :class:`SpreadsheetError` saying what to do."""
    lowered = (name or "").lower()
    for extension, kind in FORMATS.items():
        if lowered.endswith(extension):
            return kind
    if lowered.endswith((".xls", ".ods", ".numbers")):
        raise SpreadsheetError(
            _("Este tipo de hoja de cálculo no se admite: guárdela como «Libro de Excel (.xlsx)» o como CSV.")
        )
    raise SpreadsheetError(_("Formato no admitido: suba un archivo CSV o XLSX."))


def read_table(uploaded, *, max_bytes: int | None = None, max_rows: int = MAX_ROWS) -> Table:
    """Read an uploaded file (anything with ``name``, ``size`` and ``read()``) into a :class:`Table`."""
    max_bytes = max_bytes or settings.IMPORT_MAX_BYTES
    kind = file_format(getattr(uploaded, "name", ""))
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise SpreadsheetError(
            _("El archivo pesa %(size)s MB y el máximo es %(max)s MB. Divídalo en varios archivos.")
            % {"size": _megabytes(size), "max": _megabytes(max_bytes)}
        )
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(_("El archivo supera el máximo de %(max)s MB.") % {"max": _megabytes(max_bytes)})
    if not data.strip():
        raise SpreadsheetError(_("El archivo está vacío."))
    table = _read_xlsx(data, max_rows) if kind == "xlsx" else _read_csv(data)
    if not any(header for header in table.headers):
        raise SpreadsheetError(_("La primera fila debe tener los nombres de las columnas."))
    if len(table.rows) > max_rows:
        raise SpreadsheetError(
            _("El archivo tiene %(count)d filas y el máximo es %(max)d. Divídalo en varios archivos.")
            % {"count": len(table.rows), "max": max_rows}
        )
    return table


def _is_blank(values: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise SpreadsheetError(_("El archivo no es un CSV de texto: parece un archivo binario."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV (delimitado por comas)" on a Spanish Windows.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _("No se reconoce la codificación del archivo: guárdelo como «CSV UTF-8 (delimitado por comas)».")
        ) from exc


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise SpreadsheetError(
            _("El CSV está mal formado cerca de la fila %(line)d: %(reason)s.")
            % {"line": reader.line_num, "reason": exc}
        ) from exc
    if not records:
        raise SpreadsheetError(_("El archivo está vacío."))
    headers = [header.strip() for header in records[0]]
    rows = [(line, values) for line, values in enumerate(records[1:], start=2) if not _is_blank(values)]
    return Table(headers=headers, rows=rows, format="csv")


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    import openpyxl

    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(_("El archivo no es un XLSX válido."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(_("El archivo no es un XLSX válido.")) from exc
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        raise SpreadsheetError(_("El XLSX es demasiado grande una vez descomprimido. Divídalo en varios archivos."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise SpreadsheetError(_("No se pudo leer el XLSX: ¿está dañado o protegido con contraseña?")) from exc
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header_row = next(iterator, None)
        if header_row is None:
            raise SpreadsheetError(_("El archivo está vacío."))
        headers = [str(value).strip() if value is not None else "" for value in header_row]
        while headers and not headers[-1]:
            headers.pop()
        rows = []
        for line, values in enumerate(iterator, start=2):
            values = list(values[: len(headers)])
            if not _is_blank(values):
                rows.append((line, values))
            if len(rows) > max_rows:
                break  # enough to refuse the file without reading the rest
    finally:
        workbook.close()
    return Table(headers=headers, rows=rows, format="xlsx")
