"""A report as JSON, XLSX, CSV or PDF: every format renders the same :class:`~.selectors.Report`.

- **JSON**: each section under its key, ``{titulo, nota, filas, totales}``; amounts as text with the
  business's decimals (as the rest of the API), months as ``AAAA-MM``, days ISO.
- **XLSX** (openpyxl, write-only: rows go to disk as they come, memory stays flat): a first sheet with
  the business, the report and its filters, then one sheet per section with a header row, the rows
  (numbers and dates are real number and date cells) and a totals row.
- **CSV**: streamed row by row, UTF-8 with a BOM; the sections one after another, each with its title,
  header and totals; text that a spreadsheet would run as a formula is neutralised.
- **PDF** (reportlab, A4): the business's name and logo (:func:`fotostudio.core.pdf.business_header`), the
  filters, a table per section, with the section's chart above it when it declares one (reportlab.graphics:
  bars or a pie, :class:`~.selectors.Chart`). A section longer than :data:`PDF_MAX_ROWS` is cut with a line
  saying so (the spreadsheets have every row).

Big exports are written by a job to private storage; the files are deleted after
``REPORTS_EXPORT_RETENTION_DAYS`` (:func:`exports_delete_old`, every night).
"""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fotostudio.configuration import catalogue
from fotostudio.configuration.selectors import money_round, setting_value
from fotostudio.core.pdf import business_header, business_name
from fotostudio.spreadsheets.formats import UTF8_BOM, xlsx_text
from fotostudio.spreadsheets.resources import neutralise_formula

from . import vocabulary as v
from .filters import ReportErrorCode
from .selectors import Chart, Column, Report, Section

#: Rows of a section the PDF prints (the spreadsheets have them all).
PDF_MAX_ROWS = 2000
#: Rows read from the database at a time while a file is written.
CHUNK = 2000
XLSX_FORMATS = {
    "int": "#,##0",
    "money": "#,##0.00",
    "quantity": "#,##0.###",
    "percent": "0.00",
    "date": "dd/mm/yyyy",
    "month": "mm/yyyy",
}


def _rows(section: Section) -> Iterator[dict[str, Any]]:
    rows = section.rows
    if hasattr(rows, "iterator"):
        return rows.iterator(chunk_size=CHUNK)
    return iter(rows)


def report_filename(report: Report, extension: str) -> str:
    names = {"financial": "informe-financiero", "inventory": "informe-inventario", "production": "informe-produccion"}
    params = report.params
    return f"{names[report.key]}-{params.date_from:%Y-%m-%d}-a-{params.date_to:%Y-%m-%d}.{extension}"


# --- Values ---------------------------------------------------------------------------------------------


#: While a file is written: the business's money rounding, read once (``money_round`` reads two settings
#: per call, which costs more than writing the cell when a report has tens of thousands of rows).
_MONEY_RULE: ContextVar[tuple[Decimal, str] | None] = ContextVar("report_money_rule", default=None)


@contextlib.contextmanager
def money_rounding() -> Iterator[None]:
    """Round money as :func:`money_round` does, with the business's settings read once for the block."""
    places = setting_value(catalogue.MONEY_DECIMALS)
    rule = ROUND_HALF_EVEN if setting_value(catalogue.MONEY_ROUNDING) == catalogue.ROUND_HALF_EVEN else ROUND_HALF_UP
    token = _MONEY_RULE.set((Decimal(1).scaleb(-places), rule))
    try:
        yield
    finally:
        _MONEY_RULE.reset(token)


def _money(value: Any) -> Decimal:
    rule = _MONEY_RULE.get()
    if rule is None:
        return money_round(value)
    exponent, rounding = rule
    return Decimal(str(value)).quantize(exponent, rounding=rounding)


def _number(column: Column, value: Any) -> Any:
    """A cell's number as the report shows it: money rounded as the business rounds, percentages to 0.01."""
    if value is None:
        return None
    if column.kind == "money":
        return _money(value)
    if column.kind == "percent":
        return Decimal(value).quantize(Decimal("0.01"))
    if column.kind == "quantity":
        return Decimal(value).normalize() + 0  # 12.500 → 12.5 (and never 1E+1)
    return value


def json_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind in {"money", "percent", "quantity"}:
        return f"{_number(column, value):f}"
    if column.kind == "month":
        return f"{value:%Y-%m}"
    if column.kind == "date":
        return value.isoformat()
    return value


def _text(column: Column, value: Any) -> str:
    """A cell as a person reads it (CSV and PDF)."""
    if value is None:
        return ""
    if column.numeric:
        number = _number(column, value)
        if column.kind == "int":
            return str(number)
        return f"{number:f}"
    if column.kind == "month":
        return f"{value:%m/%Y}"
    if column.kind == "date":
        return f"{value:%d/%m/%Y}"
    return str(column.label_of(value))


def _totals_row(section: Section) -> dict[str, Any] | None:
    if section.totals is None:
        return None
    first = section.columns[0].key
    return {first: None, **section.totals}


def report_json(report: Report) -> dict[str, Any]:
    with money_rounding():
        return _report_json(report)


def _report_json(report: Report) -> dict[str, Any]:
    params = report.params
    data: dict[str, Any] = {
        v.FILTERS: {
            v.FROM: params.date_from.isoformat(),
            v.TO: params.date_to.isoformat(),
            v.SERVICE: params.service.code if params.service else None,
            v.CATEGORY: params.category,
            v.IDLE_DAYS: params.idle_days,
            v.RESPONSIBLE: str(params.responsible.pk) if params.responsible else None,
        }
    }
    for section in report.sections:
        by_key = {column.key: column for column in section.columns}
        data[section.key] = {
            v.TITLE: str(section.title),
            "nota": str(section.note),
            v.ROWS: [
                {column.key: json_value(column, row.get(column.key)) for column in section.columns}
                for row in _rows(section)
            ],
            v.TOTALS: {key: json_value(by_key[key], value) for key, value in (section.totals or {}).items()},
        }
    return data


# --- XLSX -----------------------------------------------------------------------------------------------


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(" " if char in "[]:*?/\\" else char for char in title)[:31].strip()
    name, number = clean, 2
    while name in used:
        suffix = f" {number}"
        name, number = clean[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def _xlsx_cell(sheet, column: Column, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    if column.numeric:
        value = _number(column, value)
    elif column.kind in {"date", "month"}:
        value = value if isinstance(value, date | datetime) else None
    elif value is not None:
        value = xlsx_text(neutralise_formula(str(column.label_of(value))))
    cell = WriteOnlyCell(sheet, value=value)
    if column.kind in XLSX_FORMATS:
        cell.number_format = XLSX_FORMATS[column.kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def report_xlsx(report: Report, target) -> None:
    """Write the workbook to ``target`` (a path or a binary file)."""
    with money_rounding():
        _report_xlsx(report, target)


def _report_xlsx(report: Report, target) -> None:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    cover = workbook.create_sheet(_sheet_title(_("Informe"), used))
    bold = Font(bold=True, size=13)
    title = WriteOnlyCell(cover, value=xlsx_text(neutralise_formula(business_name())))
    title.font = bold
    cover.append([title])
    cover.append([str(report.title)])
    cover.append([_("Generado el"), timezone.localtime().replace(tzinfo=None, microsecond=0)])
    for label, value in report.params.described():
        cover.append([str(label), xlsx_text(neutralise_formula(str(value)))])
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_title(str(section.sheet or section.title), used))
        header = []
        for column in section.columns:
            cell = WriteOnlyCell(sheet, value=str(column.label))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in _rows(section):
            sheet.append([_xlsx_cell(sheet, column, row.get(column.key)) for column in section.columns])
        totals = _totals_row(section)
        if totals is not None:
            cells = [_xlsx_cell(sheet, column, totals.get(column.key), bold=True) for column in section.columns]
            cells[0] = WriteOnlyCell(sheet, value=_("Total"))
            cells[0].font = Font(bold=True)
            sheet.append(cells)
        if section.note:
            sheet.append([])
            sheet.append([str(section.note)])
    workbook.save(target)


def report_xlsx_file(report: Report):
    """The workbook in a temporary file (deleted when closed), rewound: stream it with ``FileResponse``."""
    file = tempfile.TemporaryFile()
    report_xlsx(report, file)
    file.seek(0)
    return file


# --- CSV ------------------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def report_csv(report: Report) -> Iterator[str]:
    """The CSV, line by line (for a ``StreamingHttpResponse``).

    The lines are written while the response is sent, after the middleware has deactivated the business's
    time zone and language: the generator keeps those of the request that made it (the rows' dates are
    local days and months of the business, the titles in its language).
    """
    zone, language = timezone.get_current_timezone(), translation.get_language()

    def lines() -> Iterator[str]:
        with timezone.override(zone), translation.override(language), money_rounding():
            yield from _csv_lines(report)

    return lines()


def _csv_lines(report: Report) -> Iterator[str]:
    writer = csv.writer(_Echo())

    def line(cells: Iterable[Any]) -> str:
        return writer.writerow([neutralise_formula(str(cell)) for cell in cells])

    yield UTF8_BOM + line([business_name()])
    yield line([report.title])
    for label, value in report.params.described():
        yield line([label, value])
    for section in report.sections:
        yield line([])
        yield line([section.title])
        yield line([column.label for column in section.columns])
        for row in _rows(section):
            yield line([_text(column, row.get(column.key)) for column in section.columns])
        totals = _totals_row(section)
        if totals is not None:
            yield line([_("Total"), *[_text(column, totals.get(column.key)) for column in section.columns[1:]]])


# --- PDF ------------------------------------------------------------------------------------------------


def _pdf_number(column: Column, value: Any) -> str:
    if value is None:
        return ""
    number = _number(column, value)
    if column.kind == "int":
        return number_format(number, force_grouping=True)
    if column.kind == "quantity":
        return number_format(number, use_l10n=True, force_grouping=True)
    return number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True)


def _pdf_text(column: Column, value: Any) -> str:
    if column.numeric:
        return _pdf_number(column, value)
    if value is None:
        return ""
    if column.kind == "date":
        return date_format(value, "SHORT_DATE_FORMAT")
    return _text(column, value)


def report_pdf_file(report: Report):
    """The PDF in a temporary file, rewound."""
    with money_rounding():
        return _report_pdf_file(report)


def _report_pdf_file(report: Report):
    wide = max(len(section.columns) for section in report.sections) > 7
    pagesize = landscape(A4) if wide else A4
    styles = getSampleStyleSheet()
    normal = ParagraphStyle("report-normal", parent=styles["Normal"], fontSize=8, leading=10)
    small = ParagraphStyle("report-small", parent=normal, fontSize=7.5, leading=9, textColor=colors.HexColor("#4b5563"))
    heading = ParagraphStyle("report-heading", parent=styles["Heading3"], fontSize=11, leading=14, spaceBefore=6)
    title_style = ParagraphStyle("report-title", parent=styles["Title"], fontSize=15, leading=18, alignment=2)
    file = tempfile.TemporaryFile()
    margin = 12 * mm
    document = SimpleDocTemplate(
        file,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=str(report.title),
        author=business_name(),
    )
    width = pagesize[0] - 2 * margin
    name = Paragraph(f"<b>{escape(business_name())}</b>", ParagraphStyle("b", parent=normal, fontSize=11, leading=14))
    left = business_header(name, valign="MIDDLE")
    generated = _("Generado el %(when)s") % {"when": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")}
    right = Paragraph(f"{escape(str(report.title))}<br/><font size=8>{escape(generated)}</font>", title_style)
    story: list[Any] = [Table([[left, right]], colWidths=[width * 0.55, width * 0.45]), Spacer(1, 4 * mm)]
    filters = Table(
        [
            [Paragraph(escape(str(label)), small), Paragraph(escape(str(value)), normal)]
            for label, value in report.params.described()
        ],
        colWidths=[45 * mm, width - 45 * mm],
        hAlign="LEFT",
    )
    filters.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    story += [filters, Spacer(1, 3 * mm)]
    for section in report.sections:
        story += _pdf_section(section, width, normal, small, heading)
    document.build(story)
    file.seek(0)
    return file


def _pdf_section(section: Section, width: float, normal, small, heading) -> list[Any]:
    columns = section.columns
    header = [Paragraph(escape(str(column.label)), small) for column in columns]
    rows: list[list[Any]] = [header]
    cut = 0
    chart = section.chart
    plotted: dict[Any, Decimal] = {}  # the chart's figures, from every row (those cut from the table too)
    for count, row in enumerate(_rows(section)):
        if chart is not None:
            label = row.get(chart.label)
            plotted[label] = plotted.get(label, ZERO) + Decimal(row.get(chart.value) or 0)
        if count >= PDF_MAX_ROWS:
            cut += 1
            continue
        rows.append(
            [
                _pdf_text(column, row.get(column.key))
                if column.numeric
                else Paragraph(escape(_pdf_text(column, row.get(column.key))), normal)
                for column in columns
            ]
        )
    data_rows = len(rows) - 1
    totals = _totals_row(section)
    if totals is not None:
        rows.append([_("Total"), *[_pdf_text(column, totals.get(column.key)) for column in columns[1:]]])
    text_columns = sum(1 for column in columns if not column.numeric)
    numeric_width = 24 * mm
    numeric = len(columns) - text_columns
    text_width = (width - numeric * numeric_width) / text_columns if text_columns else 0
    widths = [numeric_width if column.numeric else text_width for column in columns]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d1d5db")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 1), (-1, -1), 8),
    ]
    style += [("ALIGN", (index, 0), (index, -1), "RIGHT") for index, column in enumerate(columns) if column.numeric]
    if totals is not None:
        style += [
            ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
            ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
        ]
    table.setStyle(TableStyle(style))
    parts: list[Any] = [Paragraph(escape(str(section.title)), heading)]
    if section.note:
        parts.append(Paragraph(escape(str(section.note)), small))
    parts.append(Spacer(1, 1.5 * mm))
    if not data_rows:
        parts.append(Paragraph(escape(_("Sin datos en el periodo.")), normal))
        return [KeepTogether(parts), Spacer(1, 3 * mm)]
    drawing = _pdf_chart(section, plotted, width) if chart is not None else None
    if drawing is not None:
        parts += [drawing, Spacer(1, 2 * mm)]
    out: list[Any] = [KeepTogether([*parts, table]) if data_rows < 20 else KeepTogether(parts), Spacer(1, 1)]
    if data_rows >= 20:
        out.insert(1, table)
    if cut:
        out.append(
            Paragraph(
                escape(_("… y %(count)s filas más: la exportación a Excel o CSV las incluye todas.") % {"count": cut}),
                small,
            )
        )
    out.append(Spacer(1, 3 * mm))
    return out


# --- PDF charts (reportlab.graphics) --------------------------------------------------------------------

ZERO = Decimal(0)
#: Bars or slices a chart shows; the smaller ones beyond these are added up as «Otros».
CHART_MAX_ITEMS = 8
CHART_COLORS = tuple(
    colors.HexColor(code)
    for code in ("#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#84cc16", "#ec4899", "#6b7280")
)
CHART_FONT, CHART_BOLD = "Helvetica", "Helvetica-Bold"


def _chart_items(section: Section, chart: Chart, plotted: dict[Any, Decimal]) -> list[tuple[str, Decimal]]:
    """(label as read, figure), at most :data:`CHART_MAX_ITEMS` (the rest together as «Otros»)."""
    column = next(column for column in section.columns if column.key == chart.label)
    items = [(_pdf_text(column, label) or "—", value) for label, value in plotted.items()]
    if len(items) > CHART_MAX_ITEMS:
        items.sort(key=lambda item: item[1], reverse=True)
        rest = sum((value for _label, value in items[CHART_MAX_ITEMS - 1 :]), ZERO)
        items = [*items[: CHART_MAX_ITEMS - 1], (_("Otros"), rest)]
    return items


def _pdf_chart(section: Section, plotted: dict[Any, Decimal], width: float) -> Drawing | None:
    """The section's chart as a reportlab drawing (``None`` when there is nothing to draw)."""
    chart = section.chart
    value_column = next(column for column in section.columns if column.key == chart.value)
    items = _chart_items(section, chart, plotted)

    def amount(value: float | Decimal) -> str:
        return _pdf_number(value_column, Decimal(str(value)))

    if chart.kind == "pie":
        items = [(label, value) for label, value in items if value > 0]
        if not items:
            return None
        return _pdf_pie(str(chart.title), items, amount, width)
    if not any(value for _label, value in items):
        return None
    return _pdf_bars(str(chart.title), items, amount, width)


def _chart_title(drawing: Drawing, title: str, height: float) -> None:
    drawing.hAlign = "LEFT"
    drawing.add(String(0, height - 10, title, fontName=CHART_BOLD, fontSize=9, fillColor=colors.HexColor("#111827")))


def _pdf_bars(title: str, items: list[tuple[str, Decimal]], amount, width: float) -> Drawing:
    """Horizontal bars (long Spanish labels read on the left), each with its figure at its end."""
    bar_step = 7 * mm
    label_width = 55 * mm
    chart_width = min(width, 175 * mm) - label_width - 30 * mm
    plot_height = bar_step * len(items)
    height = plot_height + 9 * mm
    drawing = Drawing(min(width, 175 * mm), height)
    _chart_title(drawing, title, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = label_width, 2 * mm
    bars.width, bars.height = chart_width, plot_height
    bars.data = [[float(value) for _label, value in reversed(items)]]  # the first item on top
    bars.categoryAxis.categoryNames = [label for label, _value in reversed(items)]
    bars.categoryAxis.labels.fontName, bars.categoryAxis.labels.fontSize = CHART_FONT, 7.5
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -3
    bars.categoryAxis.strokeColor = colors.HexColor("#9ca3af")
    lowest = min(0.0, *bars.data[0])
    bars.valueAxis.valueMin = lowest * 1.15 if lowest < 0 else 0
    bars.valueAxis.valueMax = max(0.0, *bars.data[0]) * 1.15 or 1
    bars.valueAxis.visible = False
    bars.bars[0].fillColor = CHART_COLORS[0]
    bars.bars.strokeColor = None
    bars.barWidth = bar_step * 0.6
    bars.groupSpacing = bar_step * 0.4
    bars.barLabelFormat = amount
    bars.barLabels.fontName, bars.barLabels.fontSize = CHART_FONT, 7.5
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 3
    drawing.add(bars)
    return drawing


def _pdf_pie(title: str, items: list[tuple[str, Decimal]], amount, width: float) -> Drawing:
    """A pie and, beside it, a legend with each slice's figure and share."""
    diameter = 34 * mm
    legend_rows = len(items)
    height = max(diameter, legend_rows * 5 * mm) + 10 * mm
    drawing = Drawing(min(width, 175 * mm), height)
    _chart_title(drawing, title, height)
    pie = Pie()
    pie.x, pie.y = 2 * mm, (height - 8 * mm - diameter) / 2
    pie.width = pie.height = diameter
    pie.data = [float(value) for _label, value in items]
    pie.labels = None
    pie.slices.strokeColor, pie.slices.strokeWidth = colors.white, 0.5
    for index in range(len(items)):
        pie.slices[index].fillColor = CHART_COLORS[index % len(CHART_COLORS)]
    drawing.add(pie)
    total = sum((value for _label, value in items), ZERO)
    legend = Legend()
    legend.x, legend.y = diameter + 12 * mm, height - 12 * mm
    legend.alignment = "right"
    legend.fontName, legend.fontSize = CHART_FONT, 8
    legend.columnMaximum = legend_rows
    legend.deltay = 5 * mm
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [
        (
            CHART_COLORS[index % len(CHART_COLORS)],
            f"{label}: {amount(value)} ({number_format(value * 100 / total, decimal_pos=1, use_l10n=True)} %)",
        )
        for index, (label, value) in enumerate(items)
    ]
    drawing.add(legend)
    return drawing


def pdf_bytes(report: Report) -> bytes:
    with report_pdf_file(report) as file:
        return file.read()


def xlsx_bytes(report: Report) -> bytes:
    buffer = io.BytesIO()
    report_xlsx(report, buffer)
    return buffer.getvalue()


# --- Big exports: a background job ----------------------------------------------------------------------

#: The job that writes a big export to private storage (``@tenant_job`` in ``tasks.py``).
EXPORT_JOB = "reports.export"
#: The nightly job that deletes old export files (``@per_tenant_periodic`` in ``tasks.py``).
EXPORTS_CLEANUP_JOB = "reports.exports_cleanup"
#: Above this many rows (all sections together) an export runs as a job; settable as
#: ``REPORTS_EXPORT_SYNC_MAX_ROWS``.
SYNC_MAX_ROWS = 20000
#: ``file_format`` of the admin's URLs and the API's paths → the file's extension and content type.
FILE_FORMATS = {
    "pdf": ("pdf", "application/pdf"),
    "excel": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}


def sync_max_rows() -> int:
    return int(getattr(settings, "REPORTS_EXPORT_SYNC_MAX_ROWS", SYNC_MAX_ROWS))


def report_rows_count(report: Report) -> int:
    """How many rows the report's tables have: one ``COUNT`` per section read from the database."""
    total = 0
    for section in report.sections:
        rows = section.rows
        total += rows.count() if hasattr(rows, "count") and hasattr(rows, "iterator") else len(list(rows))
    return total


def report_export_start(*, kind: str, file_format: str, params, acting_user, filename: str):
    """Queue the job that writes the export to private storage (→ the ``jobs.Job`` to follow)."""
    from django.db import transaction

    from fotostudio.jobs.services import job_start

    query = {**params.as_query(), v.IDLE_DAYS: str(params.idle_days)}
    with transaction.atomic():
        return job_start(
            kind=EXPORT_JOB,
            title=_("Exportar %(file)s") % {"file": filename},
            payload={"reporte": kind, "formato": file_format, "filtros": query},
            acting_user=acting_user,
        )


def report_file(report: Report, file_format: str, *, progress=None):
    """The export as a rewound temporary file (``progress(done, total, message)`` per section for the CSV)."""
    if file_format == "pdf":
        return report_pdf_file(report)
    if file_format == "excel":
        return report_xlsx_file(report)
    file = tempfile.TemporaryFile()
    for line in report_csv(report):
        file.write(line.encode("utf-8"))
    file.seek(0)
    return file


#: Where the export jobs keep their files, in the business's private storage.
EXPORTS_FOLDER = "reports/exports"
#: Days an export job's file is kept before the nightly clean-up deletes it; settable as
#: ``REPORTS_EXPORT_RETENTION_DAYS``.
EXPORT_RETENTION_DAYS = 7


def export_stored_name(job_id: Any, extension: str) -> str:
    return f"{EXPORTS_FOLDER}/{job_id}.{extension}"


def export_retention_days() -> int:
    return int(getattr(settings, "REPORTS_EXPORT_RETENTION_DAYS", EXPORT_RETENTION_DAYS))


def exports_delete_old(*, older_than: timedelta) -> int:
    """Delete the export files (of the current business) written more than ``older_than`` ago: how many.

    Idempotent (a file already gone is skipped), so the job that calls it may run twice. A job whose file
    is gone answers «expórtelo otra vez» when downloaded."""
    from fotostudio.documents.storage import private_storage

    storage = private_storage()
    try:
        _folders, files = storage.listdir(EXPORTS_FOLDER)
    except FileNotFoundError:
        return 0
    limit = timezone.now() - older_than
    deleted = 0
    for file_name in files:
        name = f"{EXPORTS_FOLDER}/{file_name}"
        try:
            if storage.get_modified_time(name) < limit:
                storage.delete(name)
                deleted += 1
        except FileNotFoundError:
            continue
    return deleted


def export_download(*, job_id: Any, user):
    """The file a finished export job wrote, for ``user`` (their own jobs; every job for the management):
    ``(file, filename, content_type)``. 404 when there is no such export; 409 while it is not ready."""
    from django.core.exceptions import ValidationError

    from fotostudio.core.errors import ApplicationError, ConflictError
    from fotostudio.documents.storage import private_storage
    from fotostudio.jobs.models import JobStatus
    from fotostudio.jobs.selectors import job_list

    try:
        job = job_list(user=user).filter(kind=EXPORT_JOB, pk=job_id).first()
    except ValidationError:
        job = None
    if job is None:
        raise ApplicationError(_("No existe esa exportación."), code=ReportErrorCode.EXPORT_NOT_FOUND, status=404)
    if job.status != JobStatus.SUCCEEDED or not job.result:
        raise ConflictError(
            _("La exportación aún no está lista (estado: %(status)s).") % {"status": job.get_status_display()},
            code=ReportErrorCode.EXPORT_NOT_READY,
        )
    extension = job.result["formato"]
    storage = private_storage()
    name = export_stored_name(job.pk, extension)
    if not storage.exists(name):
        raise ApplicationError(
            _("El archivo de esa exportación ya no está: expórtelo otra vez."),
            code=ReportErrorCode.EXPORT_NOT_FOUND,
            status=404,
        )
    content_type = next(ct for ext, ct in FILE_FORMATS.values() if ext == extension)
    return storage.open(name, "rb"), job.result["archivo"], content_type
