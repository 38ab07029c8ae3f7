"""Reading an uploaded spreadsheet (CSV or XLSX) into rows, with clear refusals.

Nothing here knows about any module: a module gets back headers and ``(line, values)``
rows (usually through :class:`fotostudio.spreadsheets.imports.TableImport`) and applies its own
rules. The checks are the ones every upload needs: size (``IMPORT_MAX_BYTES``), type
(by extension *and* content), encoding (UTF-8, or Windows-1252 as Excel writes "CSV"
on Spanish Windows), delimiter (``,`` or ``;`` or tab, as the header shows) and number
of rows — every row read counts, blank or not, and reading stops at the limit.

An XLSX is a zip of XML, and XML compresses a thousandfold: a 134 KB file can hold a
million empty rows, a 243 KB one a hundred megabytes of text. So before openpyxl
parses anything, :func:`_check_xlsx_archive` reads the sizes the zip declares (Python's
``zipfile`` never expands a part beyond its declared size) and streams every XML part
through expat, counting what the parser would have to build (:class:`XlsxLimits`); a
file past any limit is refused in about a second, with a message that says what to do.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError

#: Rows read from one file, the header aside, blank or not (a 5 MB CSV of clients holds about 25,000).
MAX_ROWS = 20_000
_MB = 1024 * 1024


@dataclass(frozen=True)
class XlsxLimits:
    """What an uploaded XLSX may expand to; every limit is far above a real list of 20,000 rows.

    A list of 20,000 clients saved by Excel or LibreOffice is about 1.5 million XML
    elements, 16 MB of sheet XML and (when its texts are shared) 350,000 shared strings.
    """

    #: All parts together, uncompressed.
    expanded_bytes: int = 100 * _MB
    #: Any one part, uncompressed.
    part_bytes: int = 50 * _MB
    #: Parts in the zip (a workbook has a dozen or two).
    parts: int = 1_000
    #: XML elements in all parts together: bounds the work openpyxl would do.
    xml_elements: int = 3_000_000
    #: Cells in one row: XLSX's own maximum (column XFD).
    cells_per_row: int = 16_384
    #: Shared strings (the workbook's distinct texts), all read when the file is opened.
    shared_strings: int = 500_000
    #: Characters of all the shared strings together.
    shared_text_chars: int = 10_000_000
    #: Characters in one cell: Excel's limit.
    cell_chars: int = 32_767
    #: Characters of text in the rows read (a cell may repeat a long shared string on every row).
    text_chars: int = 20_000_000


XLSX_LIMITS = XlsxLimits()
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
_CHUNK = 1 << 16


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
    return f"{size / _MB:.1f}".replace(".", ",")


def _count(number: int) -> str:
    """``20000`` → ``20.000``, as the messages show numbers."""
    return number_format(number, force_grouping=True)


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


def read_table(
    uploaded,
    *,
    max_bytes: int | None = None,
    max_rows: int = MAX_ROWS,
    xlsx_limits: XlsxLimits = XLSX_LIMITS,
) -> Table:
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
    table = _read_xlsx(data, max_rows, xlsx_limits) if kind == "xlsx" else _read_csv(data, max_rows)
    if not any(header for header in table.headers):
        raise SpreadsheetError(_("La primera fila debe tener los nombres de las columnas."))
    return table


def _too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "El archivo tiene más de %(max)s filas (las filas vacías también cuentan). "
            "Borre las filas vacías del final o divídalo en varios archivos."
        )
        % {"max": _count(max_rows)}
    )


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


def _read_csv(data: bytes, max_rows: int) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True)
    try:
        headers = next(reader, None)
        if headers is None:
            raise SpreadsheetError(_("El archivo está vacío."))
        rows = []
        for line, values in enumerate(reader, start=2):
            if line - 1 > max_rows:
                raise _too_many_rows(max_rows)
            if not _is_blank(values):
                rows.append((line, values))
    except csv.Error as exc:
        raise SpreadsheetError(
            _("El CSV está mal formado cerca de la fila %(line)d: %(reason)s.")
            % {"line": reader.line_num, "reason": exc}
        ) from exc
    return Table(headers=[header.strip() for header in headers], rows=rows, format="csv")


# --- XLSX -------------------------------------------------------------------------------------


def _not_a_workbook() -> SpreadsheetError:
    return SpreadsheetError(_("El archivo no es un XLSX válido."))


def _too_big() -> SpreadsheetError:
    return SpreadsheetError(_("El XLSX es demasiado grande una vez descomprimido. Divídalo en varios archivos."))


def _too_much_text() -> SpreadsheetError:
    return SpreadsheetError(_("El XLSX contiene demasiado texto una vez descomprimido. Divídalo en varios archivos."))


def _cell_too_long(limits: XlsxLimits) -> SpreadsheetError:
    return SpreadsheetError(
        _("Una celda del XLSX tiene más de %(max)s caracteres, el máximo de Excel: el archivo está dañado.")
        % {"max": _count(limits.cell_chars)}
    )


def _looks_like_xml(head: bytes) -> bool:
    """What an XML parser would read: ``<`` after a BOM and blanks, or UTF-16 text. Other parts (images) it cannot."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        return True
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<")


class _XmlBudget:
    """Streams the XML parts through expat and refuses at the first limit passed.

    It counts what openpyxl would build: elements (all parts), cells per row, shared strings
    (``<si>``) and their characters. A DTD is refused outright: a workbook never has one,
    and it is where entity expansion ("billion laughs") lives.
    """

    def __init__(self, limits: XlsxLimits):
        self.limits = limits
        self.elements = 0
        self.cells_in_row = 0
        self.shared_strings = 0
        self.shared_chars = 0
        self.string_chars = 0
        self.parser = None

    def scan(self, stream, head: bytes) -> None:
        self.parser = parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.StartDoctypeDeclHandler = self._doctype
        chunk = head
        while chunk:
            parser.Parse(chunk, False)
            chunk = stream.read(_CHUNK)
        parser.Parse(b"", True)

    def _start(self, name: str, attributes) -> None:
        self.elements += 1
        if self.elements > self.limits.xml_elements:
            raise SpreadsheetError(
                _("El XLSX tiene demasiadas celdas, filas o estilos para importarlo. Divídalo en varios archivos.")
            )
        local = name.rpartition("}")[2]
        if local == "c":
            self.cells_in_row += 1
            if self.cells_in_row > self.limits.cells_per_row:
                raise SpreadsheetError(
                    _("Una fila del XLSX tiene más de %(max)s celdas, el máximo de Excel: el archivo está dañado.")
                    % {"max": _count(self.limits.cells_per_row)}
                )
        elif local == "row":
            self.cells_in_row = 0
        elif local == "si":
            self.shared_strings += 1
            if self.shared_strings > self.limits.shared_strings:
                raise _too_much_text()
            # Text is counted inside a shared string only: no callback for every other text node.
            self.string_chars = 0
            self.parser.CharacterDataHandler = self._text
            self.parser.EndElementHandler = self._end

    def _end(self, name: str) -> None:
        if name.rpartition("}")[2] == "si":
            self.parser.CharacterDataHandler = self.parser.EndElementHandler = None

    def _text(self, text: str) -> None:
        self.string_chars += len(text)
        self.shared_chars += len(text)
        if self.string_chars > self.limits.cell_chars:
            raise _cell_too_long(self.limits)
        if self.shared_chars > self.limits.shared_text_chars:
            raise _too_much_text()

    def _doctype(self, *args) -> None:
        raise _not_a_workbook()


def _check_xlsx_archive(data: bytes, limits: XlsxLimits) -> None:
    """Refuse a zip whose parts would expand beyond ``limits``, before any of it is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > limits.parts:
                raise _not_a_workbook()
            if sum(member.file_size for member in members) > limits.expanded_bytes:
                raise _too_big()
            if any(member.file_size > limits.part_bytes for member in members):
                raise _too_big()
            budget = _XmlBudget(limits)
            for member in members:
                with archive.open(member) as stream:
                    head = stream.read(_CHUNK)
                    if _looks_like_xml(head):
                        budget.scan(stream, head)
    except (zipfile.BadZipFile, zlib.error, EOFError, expat.ExpatError) as exc:
        raise _not_a_workbook() from exc
    except (NotImplementedError, RuntimeError) as exc:  # an unknown compression, or a password
        raise SpreadsheetError(_("No se pudo leer el XLSX: ¿está dañado o protegido con contraseña?")) from exc


def _read_xlsx(data: bytes, max_rows: int, limits: XlsxLimits) -> Table:
    import openpyxl

    if not data.startswith(b"PK\x03\x04"):
        raise _not_a_workbook()
    _check_xlsx_archive(data, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise SpreadsheetError(_("No se pudo leer el XLSX: ¿está dañado o protegido con contraseña?")) from exc
    try:
        sheet = workbook.worksheets[0]
        # The size a sheet declares (``A1:XFD1048576``) would pad every row to 16,384 cells: ignore it.
        sheet.reset_dimensions()
        header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
        if header_row is None:
            raise SpreadsheetError(_("El archivo está vacío."))
        headers = [str(value).strip() if value is not None else "" for value in header_row]
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            return Table(headers=[], format="xlsx")
        rows, text_chars = [], 0
        # Only the named columns are read; every row counts, and reading stops at the limit.
        for line, values in enumerate(sheet.iter_rows(min_row=2, max_col=len(headers), values_only=True), start=2):
            if line - 1 > max_rows:
                raise _too_many_rows(max_rows)
            for value in values:
                if isinstance(value, str):
                    if len(value) > limits.cell_chars:
                        raise _cell_too_long(limits)
                    text_chars += len(value)
            if text_chars > limits.text_chars:
                raise _too_much_text()
            if not _is_blank(values):
                rows.append((line, list(values)))
    except SpreadsheetError:
        raise
    except Exception as exc:  # a damaged sheet fails while it is read
        raise SpreadsheetError(_("No se pudo leer el XLSX: ¿está dañado o protegido con contraseña?")) from exc
    finally:
        workbook.close()
    return Table(headers=headers, rows=rows, format="xlsx")
