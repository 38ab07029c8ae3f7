"""Spreadsheet columns shared by every module: a safe base resource and the cell widgets.

A module describes its columns once with a :class:`ModelResource` (django-import-export):
the export uses it as the library does, and the fast import
(:func:`fotostudio.spreadsheets.imports.parse_table`) reuses its writable fields and widgets to
parse cells. :class:`VocabularyResource` names the columns from the module's vocabulary
and picks each cell's widget from the model field. Widgets here convert one cell both
ways: ``clean`` for import (accepting what people type in a spreadsheet), ``render``
for export.

Exports are safe by construction (:meth:`ModelResource.export_field`):

- text a spreadsheet program would run as a formula (CSV/formula injection) is
  prefixed with an apostrophe (:func:`neutralise_formula`). The library's own
  ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only strips *one* leading ``=``, so
  ``==cmd`` still starts with ``=`` and ``+``, ``-``, ``@`` pass untouched;
- a blank cell stays blank. With that setting on, the library turns every cell into
  ``str(cell)``, and XLSX exports (which ask widgets for native values) would read
  ``None`` wherever a value is missing.

Numbers and dates are real numbers and dates in an XLSX (they sum and sort in Excel):
the admin asks widgets for native values there (``force_native_type``), and
:class:`CountWidget`, :class:`DecimalWidget`, :class:`DateWidget` and
:class:`DateTimeWidget` give them — a date-time in the business's local time, without a
time zone, which XLSX cannot store. In CSV they are text that reads back on import.
The formats themselves (a BOM for CSV, the XLSX cell limit) are in
:mod:`fotostudio.spreadsheets.formats`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from import_export.widgets import Widget

from fotostudio.core.text import fold
from fotostudio.core.vocabulary import Vocabulary

# --- Formula injection ----------------------------------------------------------------------

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d\s().]*\d[\d\s().]*$")


def neutralise_formula(value: str) -> str:
    """``=HYPERLINK(...)`` → ``'=HYPERLINK(...)``; ``+593 99 123 4567`` and ``-12`` stay as they are."""
    if value.startswith(_FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


# --- Cells ------------------------------------------------------------------------------------


def fold_key(value: Any) -> str:
    """``"Correo Electrónico"`` → ``"correo_electronico"``: how headers and choices are compared."""
    return re.sub(r"[^a-z0-9]+", "_", fold(str(value)).strip()).strip("_")


def number_text(value: Any) -> str | None:
    """Digits of a numeric cell (spreadsheets turn ``0991234567`` into ``991234567.0``), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return str(int(value))


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def native(kwargs: Mapping[str, Any]) -> bool:
    """Whether the export asks for native cell values (XLSX) rather than text (CSV)."""
    return bool(kwargs.get("force_native_type"))


# --- Widgets: one cell, both ways -----------------------------------------------------------


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        number = number_text(value)
        return number if number is not None else str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class LeadingZeroWidget(TextWidget):
    """Text of digits whose leading zero a spreadsheet drops when it stores the cell as a number.

    ``LeadingZeroWidget(lengths=(9, 12))``: a numeric cell of 9 or 12 digits gets its ``0`` back
    (``100000041`` → ``0100000041``).
    """

    def __init__(self, *, lengths: Sequence[int]):
        super().__init__()
        self.lengths = tuple(lengths)

    def clean(self, value, row=None, **kwargs):
        number = number_text(value)
        if number is not None and len(number) in self.lengths:
            return "0" + number
        return super().clean(value, row, **kwargs)


class ChoiceWidget(Widget):
    """Accepts a choice's code or its label, in any case and with or without accents.

    ``choices`` may be a callable (read at each use, so choices registered at start-up count).
    """

    def __init__(self, choices, *, default: Any = "", aliases: Mapping[str, Any] | None = None):
        super().__init__()
        self._choices = choices
        self.default = default
        self.aliases = dict(aliases or {})

    def choices(self) -> list[tuple[Any, Any]]:
        return list(self._choices() if callable(self._choices) else self._choices)

    def lookup(self) -> dict[str, Any]:
        """Folded code, label or alias → code; rebuilt only when the choices (or their language) change."""
        choices = tuple((value, str(label)) for value, label in self.choices())
        cached = getattr(self, "_lookup_cache", None)
        if cached is None or cached[0] != choices:
            table = {fold_key(alias): value for alias, value in self.aliases.items()}
            for value, label in choices:
                table[fold_key(label)] = value
                table[fold_key(value)] = value
            self._lookup_cache = cached = (choices, table)
        return cached[1]

    def valid_text(self) -> str:
        return ", ".join(str(value) for value, _label in self.choices())

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return self.default
        number = number_text(value)
        found = self.lookup().get(fold_key(number if number is not None else value))
        if found is None:
            raise ValueError(
                _("«%(value)s» no es un valor válido; use: %(valid)s.") % {"value": value, "valid": self.valid_text()}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value in (None, "") else str(value)


class YesNoWidget(Widget):
    TRUE = {"si", "s", "x", "1", "true", "verdadero", "yes", "y", "activo", "activa"}
    FALSE = {"no", "n", "0", "false", "falso", "inactivo", "inactiva"}

    def __init__(self, default: bool = True):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return self.default
        if isinstance(value, bool):
            return value
        number = number_text(value)
        key = fold_key(number if number is not None else value)
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
        if is_blank(value):
            return None
        number = number_text(value)
        if number is None:
            text = re.sub(r"\s", "", str(value))
            if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
                text = re.sub(r"[.,]", "", text)
            if not re.fullmatch(r"-?\d+", text):
                raise ValueError(_("«%(value)s» no es un número entero.") % {"value": value})
            number = text
        return int(number)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return int(value) if native(kwargs) else str(value)


class DecimalWidget(Widget):
    """An amount: ``12.50``, ``12,50``, ``1.234,56`` and ``1,234.56`` are read; exported as a number.

    The last of ``.`` and ``,`` is the decimal separator; the other one groups thousands.
    """

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return Decimal(str(value))
        text = re.sub(r"\s", "", str(value))
        decimal_separator = max(",", ".", key=text.rfind) if {",", "."} & set(text) else ""
        if decimal_separator:
            grouping = "." if decimal_separator == "," else ","
            text = text.replace(grouping, "").replace(decimal_separator, ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(_("«%(value)s» no es un número.") % {"value": value})
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if native(kwargs) else str(value)


class DateWidget(Widget):
    """A day: a spreadsheet's date cell, ``2026-03-01`` or ``01/03/2026`` (day first); exported as a date."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in self.FORMATS:
            try:
                return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a day: no time zone)
            except ValueError:
                continue
        raise ValueError(_("«%(value)s» no es una fecha: escríbala como 31/12/2026.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if not isinstance(value, date):
            return ""
        return value if native(kwargs) else value.isoformat()


class DateTimeWidget(Widget):
    """Export only: the business's local time, ``2026-03-01 09:30`` in CSV, a date-time cell in XLSX."""

    def render(self, value, obj=None, **kwargs):
        if not isinstance(value, datetime):
            return ""
        local = timezone.localtime(value)
        if native(kwargs):
            return local.replace(tzinfo=None, microsecond=0)  # XLSX has no time zones
        return local.strftime("%Y-%m-%d %H:%M")


class UserWidget(Widget):
    """Export only: the username of a user foreign key (``created_by``)."""

    def render(self, value, obj=None, **kwargs):
        return value.get_username() if value is not None else ""


# --- The base resource ------------------------------------------------------------------------


class ModelResource(resources.ModelResource):
    """A module's spreadsheet columns; exports neutralise formulas and keep blanks blank.

    Besides the library's fields and ``Meta``, the fast import reads:

    - ``required_columns``: columns a file must have;
    - ``header_aliases``: other spellings of a column, folded (``"correo_electronico": "email"``);
    - ``column_help``: a sentence per column for the import page;
    - ``import_examples``: example rows (column → text) for the downloadable template.

    Read-only fields are export-only columns: an import skips them, so an export imports back.
    """

    required_columns: tuple[str, ...] = ()
    header_aliases: Mapping[str, str] = {}
    column_help: Mapping[str, Any] = {}
    import_examples: Sequence[Mapping[str, str]] = ()

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if value is None:
            return ""
        return neutralise_formula(value) if isinstance(value, str) else value

    @classmethod
    def import_columns(cls) -> list[Field]:
        """The writable fields, in export order: the columns an import reads."""
        resource = cls()
        return [resource.fields[name] for name in resource.get_export_order() if not resource.fields[name].readonly]

    @classmethod
    def column_labels(cls) -> list[tuple[str, str]]:
        """``(column, label)`` of every exported column: ``("tipo_documento", "Tipo de documento")``.

        The label is the model field's verbose name; a column that is not a model field is its own label.
        """
        resource = cls()
        model = resource._meta.model
        labels = []
        for field in resource.get_export_fields():
            try:
                label = model._meta.get_field(field.attribute).verbose_name if model and field.attribute else None
            except FieldDoesNotExist:
                label = None
            labels.append((field.column_name, capfirst(str(label or field.column_name))))
        return labels

    @classmethod
    def export_only_columns(cls) -> set[str]:
        return {field.column_name for field in cls().fields.values() if field.readonly}

    @classmethod
    def import_template(cls) -> tuple[list[str], list[list[str]]]:
        """Headers and the example rows of the downloadable import template."""
        headers = [field.column_name for field in cls.import_columns()]
        return headers, [[example.get(header, "") for header in headers] for example in cls.import_examples]


class VocabularyResource(ModelResource):
    """Columns named by the module's vocabulary, cells read and written by the model field's type.

    ::

        class ClientResource(VocabularyResource):
            vocabulary = CLIENT
            cell_widgets = {"document": LeadingZeroWidget(lengths=(9, 12))}

            class Meta:
                model = Client
                fields = export_order = CLIENT.fields()

    A field that is not editable (an id, an author, creation dates) is an export-only column.
    """

    vocabulary: Vocabulary
    #: model field → widget, for cells the defaults do not read right
    cell_widgets: Mapping[str, Widget] = {}

    @classmethod
    def default_widget(cls, django_field) -> Widget:
        if isinstance(django_field, models.ForeignKey) and django_field.related_model._meta.label == "users.User":
            return UserWidget()
        if django_field.choices and not isinstance(django_field, ArrayField):
            return ChoiceWidget(
                django_field.choices, default=django_field.get_default() if django_field.has_default() else ""
            )
        if isinstance(django_field, models.BooleanField):
            return YesNoWidget(default=django_field.default if django_field.has_default() else True)
        if isinstance(django_field, models.IntegerField):
            return CountWidget()
        if isinstance(django_field, models.DecimalField):
            return DecimalWidget()
        if isinstance(django_field, models.DateTimeField):
            return DateTimeWidget()
        if isinstance(django_field, models.DateField):
            return DateWidget()
        return TextWidget()

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        readonly = readonly or not django_field.editable or django_field.primary_key
        return Field(
            attribute=field_name,
            column_name=cls.vocabulary.key(field_name),
            widget=cls.cell_widgets.get(field_name) or cls.default_widget(django_field),
            readonly=readonly,
        )
