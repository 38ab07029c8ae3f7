"""The spreadsheet vocabulary of clients: one set of columns for export and import.

``ClientResource`` (django-import-export) names the columns, in Spanish and the
same as the API's JSON keys, and its widgets convert cells both ways: ``render``
for export, ``clean`` for import. An exported file can be edited and imported
into another business as it is.

Imports do not go through the library's row-by-row ``import_data`` (about 700
rows/s, and it saves row by row): :class:`ClientImportParser` reuses the same
fields and widgets to parse cells, and ``services.clients_import`` validates the
whole file and writes it with ``bulk_create``.

Exports neutralise spreadsheet formulas (CSV/formula injection): a text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with
an apostrophe, so a spreadsheet program shows it as text instead of running it.
Phone-like values (``+593 99 123 4567``) are left alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.resources import ModelResource
from import_export.widgets import Widget

from .models import Client, ClientType, Month, SchoolLevel, fold_for_search
from .validators import document_type_choices

# --- Formula injection ----------------------------------------------------------------------

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d\s().]*\d[\d\s().]*$")


def neutralise_formula(value: str) -> str:
    """``=HYPERLINK(...)`` → ``'=HYPERLINK(...)``; ``+593 99 123 4567`` and ``-12`` stay as they are."""
    if value.startswith(_FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


# --- Widgets: one cell, both ways -----------------------------------------------------------


def _fold(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold_for_search(str(value)).strip()).strip("_")


def _number_text(value: Any) -> str | None:
    """Digits of a numeric cell (spreadsheets turn ``0991234567`` into ``991234567.0``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return str(int(value))


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return ""
        number = _number_text(value)
        return number if number is not None else str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DocumentWidget(TextWidget):
    """A numeric cell lost the leading zero of a cédula (``0102030405``) or RUC: put it back."""

    def clean(self, value, row=None, **kwargs):
        number = _number_text(value)
        if number is not None and len(number) in (9, 12):
            return "0" + number
        return super().clean(value, row, **kwargs)


class PhoneWidget(TextWidget):
    """A numeric cell lost the leading zero of an Ecuadorian number (``0991234567``, ``022456789``)."""

    def clean(self, value, row=None, **kwargs):
        number = _number_text(value)
        if number is not None and len(number) in (8, 9):
            return "0" + number
        return super().clean(value, row, **kwargs)


class ChoiceWidget(Widget):
    """Accepts a choice's code or its label, in any case and with or without accents."""

    def __init__(self, choices, *, default: Any = "", aliases: dict[str, Any] | None = None):
        super().__init__()
        self._choices = choices
        self.default = default
        self.aliases = aliases or {}

    def choices(self) -> list[tuple[Any, Any]]:
        return list(self._choices() if callable(self._choices) else self._choices)

    def lookup(self) -> dict[str, Any]:
        """Folded code, label or alias → code; rebuilt only when the choices (or their language) change."""
        choices = tuple((value, str(label)) for value, label in self.choices())
        cached = getattr(self, "_lookup_cache", None)
        if cached is None or cached[0] != choices:
            table = {_fold(alias): value for alias, value in self.aliases.items()}
            for value, label in choices:
                table[_fold(label)] = value
                table[_fold(value)] = value
            self._lookup_cache = cached = (choices, table)
        return cached[1]

    def valid_text(self) -> str:
        return ", ".join(str(value) for value, _label in self.choices())

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return self.default
        number = _number_text(value)
        key = _fold(number if number is not None else value)
        found = self.lookup().get(key)
        if found is None:
            raise ValueError(
                _("«%(value)s» no es un valor válido; use: %(valid)s.") % {"value": value, "valid": self.valid_text()}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value in (None, "") else str(value)


class MonthWidget(ChoiceWidget):
    """``9``, ``septiembre``, ``Setiembre`` → 9; exported as the month's name."""

    def __init__(self):
        super().__init__(Month.choices, default=None, aliases={"setiembre": Month.SEPTEMBER})

    def valid_text(self) -> str:
        return _("un número del 1 al 12 o el nombre del mes")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(Month(value).label)


class LevelsWidget(ChoiceWidget):
    """A list of school levels in one cell, separated by commas or semicolons."""

    SEPARATORS = re.compile(r"[,;|\n]")

    def __init__(self):
        super().__init__(
            SchoolLevel.choices,
            default=[],
            aliases={
                "elemental": SchoolLevel.ELEMENTARY,
                "basica elemental": SchoolLevel.ELEMENTARY,
                "media": SchoolLevel.MIDDLE,
                "basica media": SchoolLevel.MIDDLE,
                "superior": SchoolLevel.UPPER,
                "basica superior": SchoolLevel.UPPER,
                "bgu": SchoolLevel.HIGH_SCHOOL,
            },
        )

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return []
        lookup = self.lookup()
        levels, unknown = [], []
        for part in self.SEPARATORS.split(str(value)):
            if not part.strip():
                continue
            level = lookup.get(_fold(part))
            if level is None:
                unknown.append(part.strip())
            elif level not in levels:
                levels.append(level)
        if unknown:
            raise ValueError(
                _("Niveles no reconocidos: %(unknown)s. Use: %(valid)s.")
                % {"unknown": ", ".join(unknown), "valid": self.valid_text()}
            )
        return levels

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class YesNoWidget(Widget):
    TRUE = {"si", "s", "x", "1", "true", "verdadero", "yes", "y", "activo", "activa"}
    FALSE = {"no", "n", "0", "false", "falso", "inactivo", "inactiva"}

    def __init__(self, default: bool = True):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return self.default
        if isinstance(value, bool):
            return value
        number = _number_text(value)
        key = _fold(number if number is not None else value)
        if key in self.TRUE:
            return True
        if key in self.FALSE:
            return False
        raise ValueError(_("«%(value)s» no es válido: escriba «sí» o «no».") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("sí") if value else _("no")


class CountWidget(Widget):
    """A whole number; ``1.200`` and ``1,200`` are read as twelve hundred."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        number = _number_text(value)
        if number is None:
            text = re.sub(r"\s", "", str(value))
            if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
                text = re.sub(r"[.,]", "", text)
            if not re.fullmatch(r"-?\d+", text):
                raise ValueError(_("«%(value)s» no es un número entero.") % {"value": value})
            number = text
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateTimeWidget(Widget):
    def render(self, value, obj=None, **kwargs):
        if not isinstance(value, datetime):
            return ""
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


class UserWidget(Widget):
    def render(self, value, obj=None, **kwargs):
        return value.get_username() if value is not None else ""


# --- The resource -------------------------------------------------------------------------------


class ClientResource(ModelResource):
    """Clients as spreadsheet columns (export; the import parser reuses the writable ones)."""

    id = Field(attribute="id", column_name="id", widget=TextWidget(), readonly=True)
    tipo = Field(
        attribute="client_type",
        column_name="tipo",
        widget=ChoiceWidget(ClientType.choices, default=ClientType.PRIVATE, aliases={"escuela": ClientType.SCHOOL}),
    )
    tipo_documento = Field(
        attribute="document_type",
        column_name="tipo_documento",
        widget=ChoiceWidget(document_type_choices, aliases={"cédula": "cedula", "ci": "cedula"}),
    )
    documento = Field(attribute="document", column_name="documento", widget=DocumentWidget())
    nombre = Field(attribute="name", column_name="nombre", widget=TextWidget())
    email = Field(attribute="email", column_name="email", widget=TextWidget())
    telefono = Field(attribute="phone", column_name="telefono", widget=PhoneWidget())
    direccion = Field(attribute="address", column_name="direccion", widget=TextWidget())
    ciudad = Field(attribute="city", column_name="ciudad", widget=TextWidget())
    notas = Field(attribute="notes", column_name="notas", widget=TextWidget())
    es_activo = Field(attribute="is_active", column_name="es_activo", widget=YesNoWidget())
    codigo_institucion = Field(attribute="institution_code", column_name="codigo_institucion", widget=TextWidget())
    contacto_nombre = Field(attribute="contact_name", column_name="contacto_nombre", widget=TextWidget())
    contacto_cargo = Field(attribute="contact_role", column_name="contacto_cargo", widget=TextWidget())
    niveles = Field(attribute="levels", column_name="niveles", widget=LevelsWidget())
    numero_estudiantes = Field(attribute="student_count", column_name="numero_estudiantes", widget=CountWidget())
    mes_inicio_anio_lectivo = Field(
        attribute="school_year_start_month", column_name="mes_inicio_anio_lectivo", widget=MonthWidget()
    )
    creado_por = Field(attribute="created_by", column_name="creado_por", widget=UserWidget(), readonly=True)
    creado_en = Field(attribute="created_at", column_name="creado_en", widget=DateTimeWidget(), readonly=True)
    actualizado_en = Field(attribute="updated_at", column_name="actualizado_en", widget=DateTimeWidget(), readonly=True)

    class Meta:
        model = Client
        name = gettext_lazy("Clientes")
        fields = export_order = (
            "tipo",
            "tipo_documento",
            "documento",
            "nombre",
            "email",
            "telefono",
            "direccion",
            "ciudad",
            "notas",
            "es_activo",
            "codigo_institucion",
            "contacto_nombre",
            "contacto_cargo",
            "niveles",
            "numero_estudiantes",
            "mes_inicio_anio_lectivo",
            "creado_por",
            "creado_en",
            "actualizado_en",
            "id",
        )

    def get_queryset(self):
        from .selectors import client_list

        return client_list()

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return neutralise_formula(value) if isinstance(value, str) else value

    @classmethod
    def import_columns(cls) -> list[Field]:
        resource = cls()
        return [resource.fields[name] for name in cls._meta.export_order if not resource.fields[name].readonly]


# --- Reading rows for the import service ------------------------------------------------------

#: Other spellings people give the columns (folded: lower case, no accents, ``_`` for spaces).
HEADER_ALIASES = {
    "tipo_cliente": "tipo",
    "tipo_de_cliente": "tipo",
    "tipo_de_documento": "tipo_documento",
    "cedula": "documento",
    "ruc": "documento",
    "cedula_ruc": "documento",
    "identificacion": "documento",
    "numero_documento": "documento",
    "numero_de_documento": "documento",
    "nombres": "nombre",
    "nombre_completo": "nombre",
    "razon_social": "nombre",
    "correo": "email",
    "correo_electronico": "email",
    "e_mail": "email",
    "celular": "telefono",
    "activo": "es_activo",
    "observaciones": "notas",
    "amie": "codigo_institucion",
    "codigo_amie": "codigo_institucion",
    "contacto": "contacto_nombre",
    "cargo": "contacto_cargo",
    "nivel": "niveles",
    "estudiantes": "numero_estudiantes",
    "numero_de_estudiantes": "numero_estudiantes",
    "mes_inicio_ano_lectivo": "mes_inicio_anio_lectivo",
    "inicio_ano_lectivo": "mes_inicio_anio_lectivo",
    "inicio_anio_lectivo": "mes_inicio_anio_lectivo",
}
REQUIRED_COLUMNS = ("documento", "nombre")


class ClientImportParser:
    """Maps a file's headers to the resource's columns and parses each row with the widgets."""

    def __init__(self, headers: list[str]):
        columns = ClientResource.import_columns()
        self.fields = {field.column_name: field for field in columns}
        self.columns_by_field = {field.attribute: field.column_name for field in columns}
        export_only = {field.column_name for field in ClientResource().fields.values() if field.readonly}
        self.positions: dict[str, int] = {}
        self.header_errors: list[str] = []
        unknown, repeated = [], []
        for position, header in enumerate(headers):
            header = str(header or "").strip()
            if not header:
                continue  # columns without a name are ignored (often empty columns at the right)
            column = _fold(header)
            column = HEADER_ALIASES.get(column, column)
            if column in export_only:
                continue  # an exported file can be imported back: its read-only columns are skipped
            if column not in self.fields:
                unknown.append(header)
            elif column in self.positions:
                repeated.append(header)
            else:
                self.positions[column] = position
        missing = [column for column in REQUIRED_COLUMNS if column not in self.positions]
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
                errors.append((column, str(exc), self._text(raw)))
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
        return self._text(values[position])

    @staticmethod
    def _text(value: Any) -> str:
        if value is None:
            return ""
        number = _number_text(value)
        text = number if number is not None else str(value)
        return text if len(text) <= 80 else text[:79] + "…"


def import_template_rows() -> tuple[list[str], list[list[str]]]:
    """Headers and two example rows for the downloadable import template."""
    headers = [field.column_name for field in ClientResource.import_columns()]
    private = {
        "tipo": "particular",
        "tipo_documento": "cedula",
        "documento": "1700000019",
        "nombre": "María José Pérez",
        "email": "maria.perez@example.com",
        "telefono": "0991234567",
        "direccion": "Av. Amazonas N24-03",
        "ciudad": "Quito",
        "es_activo": "sí",
    }
    school = {
        "tipo": "colegio",
        "tipo_documento": "ruc",
        "documento": "1790000028001",
        "nombre": "Unidad Educativa San Andrés",
        "email": "secretaria@sanandres.edu.ec",
        "telefono": "022456789",
        "ciudad": "Quito",
        "es_activo": "sí",
        "codigo_institucion": "17H00123",
        "contacto_nombre": "Lcda. Rosa Almeida",
        "contacto_cargo": "Rectora",
        "niveles": "basica_media, basica_superior, bachillerato",
        "numero_estudiantes": "850",
        "mes_inicio_anio_lectivo": "septiembre",
    }
    return headers, [[row.get(header, "") for header in headers] for row in (private, school)]
