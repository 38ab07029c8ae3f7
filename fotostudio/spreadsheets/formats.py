"""The files exports and import templates are written as: what a person opens in Excel.

- **CSV**: UTF-8 with a byte order mark, or Excel on Windows reads «Begoña» as
  «BegoÃ±a»; every cell is text.
- **XLSX**: numbers and dates are native cells (the resource's widgets give native values
  when the admin asks, ``force_native_type``), so they sum and sort. Text longer than a
  cell may hold (32,767 characters) is cut with a marker saying so, never silently, and
  the control characters XLSX cannot store become «�».

Both neutralise formulas in text cells (:func:`~fotostudio.spreadsheets.resources.neutralise_formula`,
a no-op on text a resource already neutralised) instead of the library's
``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``, which turns every cell into text.
"""

from __future__ import annotations

from collections.abc import Callable

import tablib
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .resources import neutralise_formula

#: Characters an XLSX cell holds (Excel's limit).
XLSX_CELL_CHARS = 32_767
UTF8_BOM = "\ufeff"


def cut_marker(length: int) -> str:
    return _(" […] (texto cortado: tenía %(count)s caracteres y una celda de Excel admite %(max)s)") % {
        "count": number_format(length, force_grouping=True),
        "max": number_format(XLSX_CELL_CHARS, force_grouping=True),
    }


def xlsx_text(value: str) -> str:
    """``value`` as an XLSX cell can hold it: no control characters, at most 32,767 characters."""
    value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    if len(value) <= XLSX_CELL_CHARS:
        return value
    marker = cut_marker(len(value))
    return value[: XLSX_CELL_CHARS - len(marker)] + marker


def _with_text(dataset: tablib.Dataset, convert: Callable[[str], str]) -> tablib.Dataset:
    """A copy of ``dataset`` with ``convert`` applied to its text cells (numbers and dates untouched)."""
    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([convert(cell) if isinstance(cell, str) else cell for cell in row])
    return copy


class CSV(base_formats.CSV):
    CONTENT_TYPE = "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs) -> str:
        return UTF8_BOM + _with_text(dataset, neutralise_formula).export(self.get_title(), **kwargs)


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs) -> bytes:
        return _with_text(dataset, lambda text: xlsx_text(neutralise_formula(text))).export(self.get_title(), **kwargs)
