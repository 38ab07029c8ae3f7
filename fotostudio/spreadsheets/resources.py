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
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
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
        return "" if value is None else str(value)


class DateTimeWidget(Widget):
    """Export only: the business's local time, ``2026-03-01 09:30``."""

    def render(self, value, obj=None, **kwargs):
        if not isinstance(value, datetime):
            return ""
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


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
        if isinstance(django_field, models.DateTimeField):
            return DateTimeWidget()
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
