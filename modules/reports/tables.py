"""A report's sections as django-tables2 tables for the admin's pages: sortable, paginated, totals in the footer."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exports import _number
from .selectors import Column, Section

PER_PAGE = 25
_NUMBER_CELL = {"class": "py-2 pr-4 text-right tabular-nums whitespace-nowrap"}
_TEXT_CELL = {"class": "py-2 pr-4 text-left"}


def display(column: Column, value: Any) -> str:
    """A value as the admin shows it (Spanish number and date formats)."""
    if value is None:
        return "—"
    if column.kind == "int":
        return number_format(value, force_grouping=True)
    if column.kind in {"money", "percent"}:
        return number_format(_number(column, value), decimal_pos=2, use_l10n=True, force_grouping=True)
    if column.kind == "quantity":
        return number_format(_number(column, value), use_l10n=True, force_grouping=True)
    if column.kind == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    if column.kind == "date":
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(column.label_of(value))


class _ReportColumn(tables.Column):
    def __init__(self, column: Column, footer: Any):
        cell = _NUMBER_CELL if column.numeric else _TEXT_CELL
        bold = {"class": cell["class"] + " font-semibold"}
        super().__init__(
            verbose_name=column.label,
            accessor=tables.A(column.key),
            footer=footer,
            empty_values=(),
            attrs={"th": bold, "td": cell, "tf": bold},
        )
        self.report_column = column

    def render(self, value):
        return display(self.report_column, value)


class SectionTable(tables.Table):
    class Meta:
        template_name = "admin/reports/table.html"
        attrs = {"class": "w-full text-sm", "tbody": {"class": "divide-y divide-base-200 dark:divide-base-800"}}
        empty_text = gettext_lazy("Sin datos en el periodo.")


def section_table(section: Section) -> SectionTable:
    """The table of one section: every row (sections are aggregates or one row per material), sorted by the
    user's choice (``<key>-orden``) and paginated (``<key>-pagina``)."""
    totals = section.totals
    extra = []
    for index, column in enumerate(section.columns):
        if totals is None:
            footer = None
        elif index == 0 and column.key not in totals:
            footer = _("Total")
        else:
            footer = display(column, totals[column.key]) if column.key in totals else ""
        extra.append((column.key, _ReportColumn(column, footer)))
    return SectionTable(
        list(section.rows),
        extra_columns=extra,
        prefix=f"{section.key}-",
        order_by_field="orden",
        page_field="pagina",
    )
