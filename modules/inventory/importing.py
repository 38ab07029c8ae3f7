"""The materials import at PostgreSQL speed: COPY into a staging table, set-based checks, one upsert.

The file never becomes Python rows (only an XLSX does, read by python-calamine):

1. **Read.** A CSV is streamed in 1 MB chunks straight into ``COPY … FROM STDIN`` (UTF-8, or
   Windows-1252 as Excel writes it; a BOM is dropped; ``,`` ``;`` or tab as the header shows) into a
   temporary staging table of text columns named by the header. An XLSX is checked for what it
   expands to (the platform's zip and XML budget), then its rows go to the same ``COPY``.
2. **Check** with set-based SQL: one pass computes each cell's typed value and one pass lists every
   problem with its line, column, value and reason (types, ranges, category, unit, attributes of
   another category, a new SKU without name, a SKU twice in the file, a category that changes).
3. **Write**, all or nothing, in one transaction: the materials the file names are locked, one
   ``INSERT … ON CONFLICT (sku) DO UPDATE`` creates and updates them, and one ``INSERT … SELECT``
   writes the movements that bring each counted quantity (``existencias``) to the stock: opening
   stock for a new material, an adjustment for an existing one. The audit triggers and the ledger's
   rules (no negative stock, append-only movements) hold as for any other write.

Memory stays flat whatever the file's size (the CSV path holds one chunk and at most
``MAX_REPORTED_ERRORS`` errors); time is measured against a plain ``COPY`` by
``tests/benchmarks/bench_inventory_import.py``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.core.errors import ApplicationError
from fotostudio.spreadsheets.tabular import SpreadsheetError, XlsxLimits, _check_xlsx_archive

from .models import ATTRIBUTE_FIELDS, CATEGORY_ATTRIBUTES, CATEGORY_UNITS, Material, MaterialCategory, MaterialUnit
from .services import MAX_QUANTITY, MAX_UNIT_COST, InventoryErrorCode, low_stock_alerts_start
from .vocabulary import MATERIAL

#: Files up to this size are imported while the request waits; bigger ones run as a job.
SYNC_MAX_BYTES = 1024 * 1024
#: The largest file accepted (a CSV of a million materials is about 120 MB).
MAX_BYTES = 300 * 1024 * 1024
#: Errors listed in a refusal (the total is always given).
MAX_REPORTED_ERRORS = 200
_CHUNK = 1 << 20


def sync_max_bytes() -> int:
    return getattr(settings, "INVENTORY_IMPORT_SYNC_MAX_BYTES", SYNC_MAX_BYTES)


def max_bytes() -> int:
    return getattr(settings, "INVENTORY_IMPORT_MAX_BYTES", MAX_BYTES)


#: An XLSX of 200,000 materials, each with every column, fits these; a zip "bomb" does not.
XLSX_LIMITS = XlsxLimits(
    expanded_bytes=400 * 1024 * 1024,
    part_bytes=350 * 1024 * 1024,
    xml_elements=12_000_000,
    shared_strings=2_000_000,
    shared_text_chars=60_000_000,
    text_chars=200_000_000,
)
XLSX_MAX_ROWS = 200_000


@dataclass(frozen=True)
class ImportColumn:
    field: str
    kind: str  # text, decimal, quantity, choice, boolean, date
    max_length: int | None = None
    help: Any = ""


def _column(field_name: str, kind: str, help_text: Any = "") -> ImportColumn:
    model_field = Material._meta.get_field(field_name) if field_name != "counted_quantity" else None
    max_length = getattr(model_field, "max_length", None) if kind == "text" else None
    return ImportColumn(field_name, kind, max_length, help_text)


#: The file's columns by name (the API's keys); ``existencias`` is the counted or opening quantity.
COLUMNS: dict[str, ImportColumn] = {
    "sku": _column("sku", "text", gettext_lazy("Obligatorio. Un material por SKU: si existe se actualiza.")),
    "nombre": _column("name", "text", gettext_lazy("Obligatorio para un material nuevo.")),
    "categoria": _column("category", "choice", gettext_lazy("Obligatoria para un material nuevo.")),
    "unidad": _column("unit", "choice", gettext_lazy("Obligatoria para un material nuevo; las varillas, en metro.")),
    "costo_unitario": _column("unit_cost", "decimal", gettext_lazy("Número, con punto o coma decimal.")),
    "stock_minimo": _column("minimum_stock", "quantity"),
    "cantidad_reposicion": _column("reorder_quantity", "quantity"),
    "proveedor": _column("supplier", "text"),
    "ubicacion": _column("location", "text"),
    "es_activo": _column("is_active", "boolean", gettext_lazy("sí o no (por defecto sí).")),
    "existencias": ImportColumn(
        "counted_quantity",
        "quantity",
        None,
        gettext_lazy("Cantidad contada: el stock se lleva a ella con un movimiento."),
    ),
    "perfil": _column("profile", "text"),
    "ancho_cm": _column("width_cm", "decimal"),
    "color": _column("colour", "text"),
    "acabado": _column("finish", "text"),
    "largo_barra_m": _column("bar_length_m", "decimal"),
    "base": _column("base", "text"),
    "volumen_ml": _column("volume_ml", "decimal"),
    "tipo_material": _column("material_type", "text"),
    "tamano": _column("size", "text"),
    "numero_serie": _column("serial_number", "text"),
    "vence_el": _column("expires_on", "date", gettext_lazy("Fecha: AAAA-MM-DD o DD/MM/AAAA.")),
}
COMMON_COLUMNS = (
    "sku",
    "nombre",
    "categoria",
    "unidad",
    "costo_unitario",
    "stock_minimo",
    "cantidad_reposicion",
    "proveedor",
    "ubicacion",
    "es_activo",
    "existencias",
)
HEADER_ALIASES = {
    "codigo": "sku",
    "cantidad": "existencias",
    "stock": "existencias",
    "costo": "costo_unitario",
    "tamanio": "tamano",
    "serie": "numero_serie",
    "activo": "es_activo",
}
#: Decimal columns' largest value (beyond: a typing mistake, or more than the column holds).
LIMITS = {
    "unit_cost": MAX_UNIT_COST,
    "minimum_stock": MAX_QUANTITY,
    "reorder_quantity": MAX_QUANTITY,
    "counted_quantity": MAX_QUANTITY,
    "width_cm": Decimal("10000"),
    "bar_length_m": Decimal("100"),
    "volume_ml": Decimal("100000"),
}
SCALES = {"unit_cost": 4, "width_cm": 2, "bar_length_m": 2, "volume_ml": 2}


def category_columns(category: str) -> list[str]:
    """The template's columns for one category: the common ones and its attributes."""
    return [*COMMON_COLUMNS, *(MATERIAL.key(name) for name in CATEGORY_ATTRIBUTES[category])]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "_".join(plain.replace("-", " ").replace(".", " ").split())


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    value: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"fila": self.line, "columna": self.column, "valor": self.value, "motivo": self.reason}


class ImportRefused(ApplicationError):
    """The file or its rows were refused: nothing was written."""

    def __init__(self, message: Any, *, problems: list[RowProblem] = (), total: int = 0, file_error: bool = False):
        rows = [problem.as_json() for problem in problems]
        super().__init__(
            message,
            code=InventoryErrorCode.IMPORT_FILE_INVALID if file_error else InventoryErrorCode.IMPORT_INVALID,
            errors={"archivo": [message]},
            extra={"filas": rows, "total_errores": total} if not file_error else {},
        )
        self.problems = list(problems)
        self.total = total


def _file_error(message: Any) -> ImportRefused:
    return ImportRefused(message, file_error=True)


@dataclass
class ImportSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    movements: int = 0
    file_format: str = "csv"
    timings: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "filas": self.rows,
            "creados": self.created,
            "actualizados": self.updated,
            "movimientos": self.movements,
        }


# --- reading the file ---------------------------------------------------------------------------


def _headers(raw: list[str]) -> list[str]:
    """The file's header → column names, or a refusal naming the unknown, repeated and missing ones."""
    names, unknown, seen, repeated = [], [], set(), []
    for text in raw:
        folded = _fold(text or "")
        name = HEADER_ALIASES.get(folded, folded)
        if name not in COLUMNS:
            unknown.append(text or _("(sin nombre)"))
        elif name in seen:
            repeated.append(text)
        seen.add(name)
        names.append(name)
    if unknown:
        raise _file_error(
            _("Columnas desconocidas: %(columns)s. Las columnas posibles son: %(valid)s.")
            % {"columns": ", ".join(f"«{name}»" for name in unknown), "valid": ", ".join(COLUMNS)}
        )
    if repeated:
        raise _file_error(
            _("Columnas repetidas: %(columns)s.") % {"columns": ", ".join(f"«{name}»" for name in repeated)}
        )
    if "sku" not in names:
        raise _file_error(_("Falta la columna «sku»: cada fila dice qué material es."))
    return names


def _stage_create(cursor, columns: list[str]) -> None:
    cursor.execute("DROP TABLE IF EXISTS pg_temp.inventory_import_stage")
    definitions = ", ".join(f'"{name}" text' for name in columns)
    cursor.execute(
        "CREATE TEMP TABLE inventory_import_stage "
        f"(line bigint GENERATED ALWAYS AS IDENTITY (START WITH 2), {definitions})"
    )


def _csv_encoding(stream: IO[bytes]) -> tuple[str, bytes, int]:
    """Pass over the file once: its encoding (UTF-8 or Windows-1252), its first line, its size; refuse binary."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, size, head = True, 0, b""
    stream.seek(0)
    while chunk := stream.read(_CHUNK):
        if b"\x00" in chunk:
            raise _file_error(_("El archivo no es un CSV de texto (¿UTF-16 o un binario?): guárdelo como «CSV UTF-8»."))
        if size == 0:
            head = chunk
        size += len(chunk)
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if not utf8:
        undefined = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
        stream.seek(0)
        while chunk := stream.read(_CHUNK):
            if undefined & set(chunk):
                raise _file_error(
                    _("No se reconoce la codificación del archivo: guárdelo como «CSV UTF-8 (delimitado por comas)».")
                )
    return ("UTF8" if utf8 else "WIN1252"), head, size


def _copy_csv(cursor, stream: IO[bytes]) -> tuple[list[str], int]:
    encoding, head, size = _csv_encoding(stream)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise _file_error(_("El archivo está vacío."))
    bom = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    text = head[bom:].decode("utf-8" if encoding == "UTF8" else "cp1252", errors="replace")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if "\n" not in text and len(head) == _CHUNK:
        raise _file_error(_("La primera fila es demasiado larga: ¿es un CSV?"))
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    try:
        raw_headers = next(csv.reader([first_line], delimiter=delimiter))
    except csv.Error as exc:
        raise _file_error(_("La fila de títulos está mal formada.")) from exc
    columns = _headers(raw_headers)
    _stage_create(cursor, columns)
    column_list = ", ".join(f'"{name}"' for name in columns)
    quoted_delimiter = "E'\\t'" if delimiter == "\t" else f"'{delimiter}'"
    sql = (
        f"COPY inventory_import_stage ({column_list}) FROM STDIN WITH (FORMAT csv, HEADER true, "
        f"DELIMITER {quoted_delimiter}, ENCODING '{encoding}', FORCE_NULL ({column_list}))"
    )
    stream.seek(bom)
    remaining = size - bom
    try:
        with cursor.copy(sql) as copy:
            while remaining > 0:
                chunk = stream.read(min(_CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                if remaining <= 0:  # blank lines at the end are not rows
                    chunk = chunk.rstrip(b"\r\n\t ") + (b"\r\n" if b"\r\n" in head else b"\n")
                copy.write(chunk)
    except DatabaseError as exc:
        raise _copy_error(exc) from exc
    except Exception as exc:  # psycopg's own errors (raised before Django wraps them)
        if exc.__class__.__module__.startswith("psycopg"):
            raise _copy_error(exc) from exc
        raise
    return columns, cursor.rowcount


def _copy_error(exc: Exception) -> ImportRefused:
    """PostgreSQL's COPY complaint → a sentence: which line, and what to do."""
    cause = getattr(exc, "__cause__", None) or exc
    diag = getattr(cause, "diag", None)
    context = (getattr(diag, "context", "") or "") if diag else ""
    primary = (getattr(diag, "message_primary", "") or str(cause)) if diag else str(cause)
    line = ""
    for part in context.replace(",", " ").split():
        if part.isdigit():
            line = part
            break
    if "extra data" in primary:
        reason = _("tiene más columnas que la fila de títulos")
    elif "missing data" in primary:
        reason = _("tiene menos columnas que la fila de títulos (¿una fila vacía o cortada?)")
    elif "unterminated CSV quoted field" in primary or "unquoted" in primary:
        reason = _("tiene comillas sin cerrar")
    elif "encoding" in primary or "invalid byte sequence" in primary:
        reason = _("tiene caracteres que no se pueden leer: guarde el archivo como «CSV UTF-8»")
    else:
        reason = _("no se puede leer")
    if line:
        return _file_error(_("La fila %(line)s %(reason)s. No se importó nada.") % {"line": line, "reason": reason})
    return _file_error(_("El archivo %(reason)s. No se importó nada.") % {"reason": reason})


def _cell_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if value == value else None  # noqa: PLR0124
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if not hasattr(value, "hour") or not value.hour else value.isoformat()
    return str(value)


_FORMULA = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether a sheet of the workbook holds a formula (``<f>`` in its XML); streamed, never expanded at once."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if not member.filename.startswith("xl/worksheets/"):
                continue
            with archive.open(member) as stream:
                tail = b""
                while chunk := stream.read(_CHUNK):
                    if _FORMULA.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def _copy_xlsx(cursor, stream: IO[bytes]) -> tuple[list[str], int]:
    from python_calamine import CalamineWorkbook

    data = stream.read()
    if not data.strip():
        raise _file_error(_("El archivo está vacío."))
    if not data.startswith(b"PK\x03\x04"):
        raise _file_error(_("El archivo no es un XLSX válido."))
    try:
        _check_xlsx_archive(data, XLSX_LIMITS)
    except SpreadsheetError as exc:
        raise _file_error(exc.message) from exc
    if _has_formulas(data):
        raise _file_error(
            _("El XLSX tiene fórmulas: copie las celdas y péguelas como «solo valores» antes de importarlo.")
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
        header = next(rows, None)
    except (zipfile.BadZipFile, ValueError, OSError, Exception) as exc:  # calamine raises several kinds
        raise _file_error(_("No se pudo leer el XLSX: ¿está dañado o protegido con contraseña?")) from exc
    del data
    if not header or not any(cell not in (None, "") for cell in header):
        raise _file_error(_("La primera fila debe tener los nombres de las columnas."))
    header = [str(cell) if cell is not None else "" for cell in header]
    while header and not header[-1].strip():
        header.pop()
    columns = _headers(header)
    _stage_create(cursor, columns)
    width = len(columns)
    column_list = ", ".join(f'"{name}"' for name in columns)
    count = 0
    try:
        with cursor.copy(f"COPY inventory_import_stage ({column_list}) FROM STDIN") as copy:
            for values in rows:
                count += 1
                if count > XLSX_MAX_ROWS:
                    raise _file_error(
                        _("El XLSX tiene más de %(max)s filas: impórtelo como CSV o divídalo.") % {"max": XLSX_MAX_ROWS}
                    )
                cells = [_cell_text(value) for value in values[:width]]
                cells += [None] * (width - len(cells))
                copy.write_row(cells)
    except ImportRefused:
        raise
    except DatabaseError as exc:
        raise _copy_error(exc) from exc
    return columns, count


# --- checking the rows --------------------------------------------------------------------------

_NUMBER = r"^\s*[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)\s*$"
_ISO_DATE = r"^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$"
_LATIN_DATE = r"^\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}\s*$"
_YES = ("si", "s", "true", "verdadero", "1", "x", "yes")
_NO = ("no", "n", "false", "falso", "0")


def _fold_sql(expression: str) -> str:
    return f"lower(translate(btrim({expression}), 'ÁÉÍÓÚÜÑáéíóúüñ', 'AEIOUUNaeiouun'))"


def _typed_expression(name: str, column: ImportColumn) -> str:
    raw = f's."{name}"'
    if column.kind == "text":
        return f"nullif(btrim(regexp_replace({raw}, '\\s+', ' ', 'g')), '')"
    if column.kind in ("decimal", "quantity"):
        return f"CASE WHEN {raw} ~ '{_NUMBER}' THEN replace(btrim({raw}), ',', '.')::numeric END"
    if column.kind == "choice":
        return f"nullif({_fold_sql(raw)}, '')"
    if column.kind == "boolean":
        yes = ", ".join(f"'{word}'" for word in _YES)
        no = ", ".join(f"'{word}'" for word in _NO)
        return f"CASE WHEN {_fold_sql(raw)} IN ({yes}) THEN true WHEN {_fold_sql(raw)} IN ({no}) THEN false END"
    if column.kind == "date":
        # DD/MM/AAAA is rewritten as AAAA-MM-DD; a day that does not exist (31/02) is refused, never a crash.
        iso = (
            f"CASE WHEN {raw} ~ '{_LATIN_DATE}' "
            f"THEN regexp_replace(btrim({raw}), '^([0-9]{{1,2}})/([0-9]{{1,2}})/([0-9]{{4}})$', '\\3-\\2-\\1') "
            f"WHEN {raw} ~ '{_ISO_DATE}' THEN btrim({raw}) END"
        )
        return f"CASE WHEN pg_input_is_valid({iso}, 'date') THEN ({iso})::date END"
    raise ValueError(column.kind)


def _sql_text(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _problem_cases(columns: list[str]) -> list[tuple[str, str, str]]:
    """``(column, raw value expression, reason expression)`` for every check; a reason is NULL when the cell is fine."""
    checks: list[tuple[str, str, str]] = []
    present = set(columns)
    categories = ", ".join(f"'{value}'" for value in MaterialCategory.values)
    units = ", ".join(f"'{value}'" for value in MaterialUnit.values)
    for name in columns:
        column = COLUMNS[name]
        raw, typed = f'p."raw_{name}"', f'p."{column.field}"'
        whens = []
        if column.kind == "text":
            whens.append(
                (
                    f"{raw} ~ '^\\s*[=@]'",
                    _sql_text(_("Parece una fórmula: escriba el valor, no la fórmula.")),
                )
            )
            whens.append(
                (
                    f"length({typed}) > {column.max_length}",
                    _sql_text(_("Texto demasiado largo (máximo %(max)s caracteres).") % {"max": column.max_length}),
                )
            )
        elif column.kind in ("decimal", "quantity"):
            scale = SCALES.get(column.field, 3)
            whens += [
                (f"{typed} IS NULL", _sql_text(_("No es un número (use solo cifras y punto o coma decimal)."))),
                (f"{typed} < 0", _sql_text(_("No puede ser negativo."))),
                (
                    f"{typed} > {LIMITS[column.field]}",
                    _sql_text(_("Valor fuera de rango (máximo %(max)s).") % {"max": LIMITS[column.field]}),
                ),
                (
                    f"scale({typed}) > {scale} AND {typed} <> round({typed}, {scale})",
                    _sql_text(_("Demasiados decimales (máximo %(scale)s).") % {"scale": scale}),
                ),
            ]
        elif column.kind == "choice":
            valid = categories if column.field == "category" else units
            label = ", ".join(MaterialCategory.values if column.field == "category" else MaterialUnit.values)
            whens.append(
                (
                    f"{typed} NOT IN ({valid})",
                    _sql_text(_("Valor no válido; use uno de: %(valid)s.") % {"valid": label}),
                )
            )
        elif column.kind == "boolean":
            whens.append((f"{typed} IS NULL", _sql_text(_("Escriba «sí» o «no»."))))
        elif column.kind == "date":
            whens.append((f"{typed} IS NULL", _sql_text(_("Fecha no válida: use AAAA-MM-DD o DD/MM/AAAA."))))
        cases = " ".join(f"WHEN {condition} THEN {reason}" for condition, reason in whens)
        if cases:
            checks.append((name, raw, f"CASE WHEN {raw} IS NULL THEN NULL {cases} END"))
    # Rules across cells and against the stored materials.
    for name, field_name in (("nombre", "name"), ("categoria", "category"), ("unidad", "unit")):
        missing = f'p."{field_name}" IS NULL' if name in present else "true"
        raw = f'p."raw_{name}"' if name in present else "NULL::text"
        checks.append(
            (
                name,
                raw,
                f"CASE WHEN p.existing_id IS NULL AND {missing} "
                f"THEN {_sql_text(_('Obligatorio para un material nuevo.'))} END",
            )
        )
    checks.append(
        (
            "sku",
            'p."raw_sku"',
            f"CASE WHEN p.sku IS NULL THEN {_sql_text(_('Falta el SKU.'))} "
            f"WHEN length(p.sku) > 40 THEN {_sql_text(_('El SKU tiene más de 40 caracteres.'))} "
            f"WHEN p.first_line <> p.line THEN {_sql_text(_('SKU repetido en el archivo (primera vez en la fila '))} "
            "|| p.first_line || ')' END",
        )
    )
    if "categoria" in present:
        checks.append(
            (
                "categoria",
                'p."raw_categoria"',
                f"CASE WHEN p.existing_category IS NOT NULL AND p.category IS NOT NULL "
                f"AND p.category <> p.existing_category THEN "
                f"{_sql_text(_('El material ya existe en la categoría '))} || p.existing_category "
                f"|| {_sql_text(_(': la categoría no cambia.'))} END",
            )
        )
    if "unidad" in present:
        for category, allowed in CATEGORY_UNITS.items():
            allowed_sql = ", ".join(f"'{unit}'" for unit in allowed)
            checks.append(
                (
                    "unidad",
                    'p."raw_unidad"',
                    f"CASE WHEN p.effective_category = '{category}' AND p.unit IS NOT NULL "
                    f"AND p.unit NOT IN ({allowed_sql}) "
                    f"THEN {_sql_text(_('Esta categoría se lleva en %(units)s.') % {'units': ', '.join(allowed)})} END",
                )
            )
    for name in columns:
        field_name = COLUMNS[name].field
        if field_name not in ATTRIBUTE_FIELDS:
            continue
        owners = [category for category, names in CATEGORY_ATTRIBUTES.items() if field_name in names]
        owners_sql = ", ".join(f"'{category}'" for category in owners)
        checks.append(
            (
                name,
                f'p."raw_{name}"',
                f'CASE WHEN p."raw_{name}" IS NOT NULL AND btrim(p."raw_{name}") <> \'\' '
                f"AND p.effective_category IS NOT NULL AND p.effective_category NOT IN ({owners_sql}) "
                f"THEN {_sql_text(_('No corresponde a la categoría del material.'))} END",
            )
        )
    return checks


# --- the import ---------------------------------------------------------------------------------


Progress = Callable[[int, int | None, str], None]


def _no_progress(done: int, total: int | None, message: str) -> None:
    return None


class MaterialsImport:
    """One file → materials and their counted stock, all or nothing. See the module's docstring."""

    def __init__(self, *, acting_user=None, reference: str = "", progress: Progress = _no_progress):
        self.acting_user = acting_user
        self.acting_user_id = getattr(acting_user, "pk", None)
        self.reference = reference
        self.progress = progress

    def run(self, stream: IO[bytes], *, file_format: str) -> ImportSummary:
        import time

        summary = ImportSummary(file_format=file_format)
        started = time.perf_counter()
        try:
            with connection.cursor() as cursor:
                self.progress(0, None, _("Leyendo el archivo"))  # its rows are not known yet
                with transaction.atomic():
                    reader = _copy_xlsx if file_format == "xlsx" else _copy_csv
                    columns, _copied = reader(cursor.cursor if hasattr(cursor, "cursor") else cursor, stream)
                    cursor.execute(
                        "DELETE FROM inventory_import_stage WHERE "
                        + " AND ".join(f'("{name}" IS NULL OR btrim("{name}") = \'\')' for name in columns)
                    )  # rows with nothing in them (",,,,") are not materials
                    cursor.execute("SELECT count(*) FROM inventory_import_stage")
                    summary.rows = cursor.fetchone()[0]
                summary.timings["read"] = time.perf_counter() - started
                if summary.rows == 0:
                    raise _file_error(_("El archivo no tiene filas de materiales debajo de los títulos."))
                # Reported before the transaction of the check and the write, never inside it: a report made
                # there would show only at its commit and would keep the job's row locked until then (a
                # «Cancelar el trabajo» would wait for the whole import). The new total makes it written at once.
                self.progress(1, 3, _("Comprobando y guardando %(rows)s filas") % {"rows": summary.rows})
                with transaction.atomic():
                    self._plan(cursor, columns)
                    self._check(cursor, columns)
                    summary.timings["check"] = time.perf_counter() - started
                    self._write(cursor, columns, summary)
                    low_stock_alerts_start(acting_user=self.acting_user)
                summary.timings["write"] = time.perf_counter() - started
                self.progress(3, 3, _("Importación terminada"))
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS pg_temp.inventory_import_stage")
                cursor.execute("DROP TABLE IF EXISTS pg_temp.inventory_import_plan")
        return summary

    def _plan(self, cursor, columns: list[str]) -> None:
        """Typed values of every row, beside the raw text and the stored material it names (locked)."""
        typed = []
        for name in columns:
            column = COLUMNS[name]
            if name != "sku":
                typed.append(f'{_typed_expression(name, column)} AS "{column.field}"')
            typed.append(f's."{name}" AS "raw_{name}"')
        sku = "upper(regexp_replace(s.sku, '\\s', '', 'g'))"
        # Lock the stored materials the file names, in a fixed order (two imports never deadlock).
        cursor.execute(
            "SELECT m.id FROM inventory_material m "
            f"WHERE m.sku IN (SELECT nullif({sku}, '') FROM inventory_import_stage s) ORDER BY m.id FOR UPDATE"
        )
        category = 't."category"' if "categoria" in columns else "NULL::text"
        cursor.execute("DROP TABLE IF EXISTS pg_temp.inventory_import_plan")
        cursor.execute(
            "CREATE TEMP TABLE inventory_import_plan AS "
            "SELECT t.*, m.id AS existing_id, coalesce(m.id, gen_random_uuid()) AS material_id, "
            "m.category AS existing_category, m.quantity_on_hand AS existing_quantity, "
            "m.average_cost AS existing_average, m.unit_cost AS existing_unit_cost, "
            f"coalesce({category}, m.category) AS effective_category, "
            "min(t.line) OVER (PARTITION BY t.sku) AS first_line "
            f"FROM (SELECT s.line, nullif({sku}, '') AS sku, {', '.join(typed)} FROM inventory_import_stage s) t "
            "LEFT JOIN inventory_material m ON m.sku = t.sku"
        )

    def _check(self, cursor, columns: list[str]) -> None:
        checks = _problem_cases(columns)
        values = ", ".join(f"({_sql_text(name)}, {raw}, {reason})" for name, raw, reason in checks)
        cursor.execute(
            "SELECT line, e.column_name, e.value, e.reason, count(*) OVER () FROM inventory_import_plan p "
            f"CROSS JOIN LATERAL (VALUES {values}) AS e(column_name, value, reason) "
            f"WHERE e.reason IS NOT NULL ORDER BY line, e.column_name LIMIT {MAX_REPORTED_ERRORS}"
        )
        found = cursor.fetchall()
        if found:
            total = found[0][4]
            problems = [RowProblem(line, column, value or "", reason) for line, column, value, reason, _total in found]
            message = _("El archivo tiene %(count)s errores; no se importó nada. Corríjalos y vuelva a subirlo.") % {
                "count": total
            }
            raise ImportRefused(message, problems=problems, total=total)

    def _write(self, cursor, columns: list[str], summary: ImportSummary) -> None:
        present = {COLUMNS[name].field for name in columns}
        fields = [column.field for column in COLUMNS.values() if column.field not in ("sku", "counted_quantity")]
        has_quantity = "existencias" in columns
        defaults = {
            "name": "''",
            "category": "NULL",
            "unit": "NULL",
            "unit_cost": "0",
            "minimum_stock": "0",
            "reorder_quantity": "0",
            "is_active": "true",
            "width_cm": "NULL",
            "bar_length_m": "NULL",
            "volume_ml": "NULL",
            "expires_on": "NULL",
        }
        text_fields = {"supplier", "location", *(f for f in ATTRIBUTE_FIELDS if f not in defaults)}
        for name in text_fields:
            defaults[name] = "''"
        insert_fields = [*fields]
        counted = "p.counted_quantity" if has_quantity else "NULL::numeric"
        new_quantity = f"coalesce({counted}, p.existing_quantity, 0)"
        cost = (
            "coalesce(p.unit_cost, p.existing_unit_cost, 0)"
            if "costo_unitario" in columns
            else "coalesce(p.existing_unit_cost, 0)"
        )
        delta = f"({new_quantity} - coalesce(p.existing_quantity, 0))"
        new_average = (
            f"CASE WHEN {delta} > 0 THEN round((coalesce(p.existing_quantity, 0) * coalesce(p.existing_average, 0) "
            f"+ {delta} * {cost}) / {new_quantity}, 4) ELSE coalesce(p.existing_average, 0) END"
        )
        # For an existing material an empty cell keeps the stored value: the proposed row carries the stored
        # value itself then (coalesce with the locked row), so DO UPDATE takes EXCLUDED as it is.
        stored = {name: f"m.{name}" for name in insert_fields}
        proposed = [
            f"coalesce(p.{name}, {stored[name]}, {defaults[name]})" if name in present
            else f"coalesce({stored[name]}, {defaults[name]})"
            for name in insert_fields
        ]  # fmt: skip
        cursor.execute(
            "WITH written AS ("
            "INSERT INTO inventory_material (id, created_at, updated_at, created_by_id, sku, quantity_on_hand, "
            f"average_cost, {', '.join(insert_fields)}) "
            "SELECT p.material_id, now(), now(), %s, p.sku, "
            f"{new_quantity}, {new_average}, {', '.join(proposed)} "
            "FROM inventory_import_plan p LEFT JOIN inventory_material m ON m.id = p.existing_id "
            "ON CONFLICT (sku) DO UPDATE SET updated_at = EXCLUDED.updated_at, "
            "quantity_on_hand = EXCLUDED.quantity_on_hand, average_cost = EXCLUDED.average_cost, "
            + ", ".join(f'"{name}" = EXCLUDED."{name}"' for name in insert_fields)
            + " RETURNING inventory_material.sku, old.id IS NULL AS inserted) "
            "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted), "
            "count(*) FILTER (WHERE inserted AND p.existing_id IS NOT NULL OR NOT inserted AND p.existing_id IS NULL) "
            "FROM written JOIN inventory_import_plan p ON p.sku = written.sku",
            [self.acting_user_id],
        )
        created, updated, raced = cursor.fetchone()
        if raced:
            raise ApplicationError(
                _(
                    "Otra persona creó o cambió alguno de estos materiales durante la importación: "
                    "vuelva a subir el archivo."
                ),
                code=InventoryErrorCode.IMPORT_INVALID,
                status=409,
            )
        summary.created, summary.updated = created, updated
        if not has_quantity:
            return
        cursor.execute(
            "INSERT INTO inventory_stockmovement (id, created_at, updated_at, material_id, kind, quantity, unit_cost, "
            "balance_after, reference, note, created_by_id) "
            "SELECT gen_random_uuid(), clock_timestamp(), now(), p.material_id, "
            "CASE WHEN p.existing_id IS NULL THEN 'inicial' ELSE 'ajuste' END, "
            f"{delta}, CASE WHEN {delta} > 0 THEN {cost} ELSE coalesce(p.existing_average, 0) END, "
            f"{new_quantity}, %s, %s, %s "
            "FROM inventory_import_plan p "
            f"WHERE {delta} <> 0",
            [self.reference[:200], _("Existencia contada (importación)"), self.acting_user_id],
        )
        summary.movements = cursor.rowcount


def materials_import(
    *, stream: IO[bytes], file_format: str, acting_user=None, reference: str = "", progress: Progress = _no_progress
) -> ImportSummary:
    """Import a CSV or XLSX of materials (see the module's docstring); raises :class:`ImportRefused`."""
    return MaterialsImport(acting_user=acting_user, reference=reference, progress=progress).run(
        stream, file_format=file_format
    )


def template_rows(category: str) -> Iterable[list[str]]:
    """A template for one category: the header and an example row."""
    examples = {
        MaterialCategory.MOULDING: ["VAR-001", "Varilla madera nogal 3 cm", "varillas", "metro", "4.50", "20", "60",
                                    "Molduras Andinas", "Bodega A1", "sí", "48", "plano", "3", "nogal", "mate", "2.9"],
        MaterialCategory.PAINTS: ["PIN-001", "Acrílico blanco titanio", "pinturas", "mililitro", "0.02", "500", "2000",
                                  "Pinturas del Sur", "Estante P2", "sí", "1500", "blanco", "acrílica", "250"],
        MaterialCategory.PRINTING: ["IMP-001", "Papel fotográfico brillante", "impresion", "hoja", "0.35", "200", "500",
                                    "Distribuidora Foto", "Taller", "sí", "800", "fotográfico", "A4", "brillante"],
        MaterialCategory.SOUVENIR: ["REC-001", "Tarjeta recordatorio escolar", "recordatorio", "unidad", "0.40", "300",
                                    "1000", "Gráficas Quito", "Bodega B", "sí", "1200", "tarjeta", "10x15"],
        MaterialCategory.SOFTWARE: ["SOF-001", "Licencia editor de fotos", "software", "licencia", "120", "0", "0",
                                    "Tienda Software", "Oficina", "sí", "3", "ABC-123-XYZ", "2027-06-30"],
        MaterialCategory.PAINTING: ["PTA-001", "Lienzo 40x50", "pintura", "unidad", "6.80", "5", "20",
                                    "Arte y Color", "Estante L1", "sí", "12", "lienzo", "crudo"],
        MaterialCategory.DESIGN: ["DIS-001", "Cartulina opalina", "diseno", "hoja", "0.25", "100", "300",
                                  "Papelería Central", "Estante D1", "sí", "250", "cartulina", "A3"],
    }  # fmt: skip
    yield category_columns(category)
    yield examples[MaterialCategory(category)]


# --- starting an import: now, or as a job -------------------------------------------------------

IMPORT_JOB = "inventory.import"


def _stored_name(file_format: str) -> str:
    import uuid

    return f"inventory/imports/{uuid.uuid4().hex}.{file_format}"


def file_format_of(name: str) -> str:
    lowered = (name or "").lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".xlsx"):
        return "xlsx"
    if lowered.endswith((".xls", ".ods", ".numbers")):
        raise _file_error(
            _("Este tipo de hoja de cálculo no se admite: guárdela como «Libro de Excel (.xlsx)» o como CSV.")
        )
    raise _file_error(_("Formato no admitido: suba un archivo CSV o XLSX."))


def materials_import_start(*, uploaded, acting_user=None):
    """A file from the API or the admin: imported now when small (→ :class:`ImportSummary`), or stored
    privately and handed to a job when bigger (→ the ``jobs.Job`` to follow)."""
    from fotostudio.documents.storage import private_storage
    from fotostudio.jobs.services import job_start

    name = getattr(uploaded, "name", "") or ""
    file_format = file_format_of(name)
    size = getattr(uploaded, "size", 0) or 0
    if size == 0:
        raise _file_error(_("El archivo está vacío."))
    if size > max_bytes():
        raise _file_error(
            _("El archivo pesa %(size)s MB y el máximo es %(max)s MB. Divídalo en varios archivos.")
            % {"size": f"{size / 1048576:.1f}", "max": max_bytes() // 1048576}
        )
    reference = (_("Importación %(file)s") % {"file": name})[:200]
    if size <= sync_max_bytes():
        uploaded.seek(0)
        return materials_import(stream=uploaded, file_format=file_format, acting_user=acting_user, reference=reference)
    uploaded.seek(0)
    stored = private_storage().save(_stored_name(file_format), uploaded)
    with transaction.atomic():
        return job_start(
            kind=IMPORT_JOB,
            title=_("Importar materiales de %(file)s") % {"file": name},
            payload={"path": stored, "file_format": file_format, "reference": reference},
            acting_user=acting_user,
        )
