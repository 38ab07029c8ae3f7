"""Printable labels: a QR code that opens the product's page in the admin, with its code, description,
dimensions and price. A sheet of labels (A4, 3 × 8 labels of 70 × 37 mm) or one label on its own page.

The QR code holds the absolute address of the product's admin page on the business's host: scanned by a
phone, it opens the page for a signed-in member of staff (anyone else meets the sign-in page).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

import segno
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from .models import Product

LABEL_WIDTH, LABEL_HEIGHT = 70 * mm, 37 * mm
COLUMNS, ROWS = 3, 8
QR_SIZE = 31 * mm
#: QR error correction: "m" survives a scuffed label (15 %).
QR_ERROR = "m"


def label_qr(url: str) -> segno.QRCode:
    """The QR code of ``url`` (what the label prints)."""
    return segno.make(url, error=QR_ERROR, micro=False)


def _draw_qr(pdf: canvas.Canvas, qr: segno.QRCode, x: float, y: float, size: float) -> None:
    """Draw ``qr`` as vector squares in a ``size`` box whose lower-left corner is (x, y)."""
    matrix = qr.matrix
    modules = len(matrix) + 8  # four modules of quiet zone each side
    cell = size / modules
    pdf.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 4 + 1) * cell
        start = None
        for col_index, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                pdf.rect(x + (start + 4) * cell, top, (col_index - start) * cell, cell, stroke=0, fill=1)
                start = None


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_label(pdf: canvas.Canvas, product: Product, url: str, x: float, y: float) -> None:
    _draw_qr(pdf, label_qr(url), x + 2 * mm, y + (LABEL_HEIGHT - QR_SIZE) / 2, QR_SIZE)
    text_x = x + QR_SIZE + 4 * mm
    width = LABEL_WIDTH - QR_SIZE - 6 * mm
    top = y + LABEL_HEIGHT - 8 * mm
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(text_x, top, _fit(product.code, "Helvetica-Bold", 10, width))
    pdf.setFont("Helvetica", 7.5)
    words, lines = product.description.split(), [""]
    for word in words:
        candidate = f"{lines[-1]} {word}".strip()
        if stringWidth(candidate, "Helvetica", 7.5) <= width:
            lines[-1] = candidate
        elif len(lines) < 3:
            lines.append(word)
        else:
            lines[-1] = _fit(lines[-1] + " " + word, "Helvetica", 7.5, width)
            break
    for number, line in enumerate(lines):
        pdf.drawString(text_x, top - (number + 1) * 9, _fit(line, "Helvetica", 7.5, width))
    if product.dimensions:
        pdf.drawString(text_x, y + 12 * mm, product.dimensions)
    pdf.setFont("Helvetica-Bold", 11)
    price = number_format(product.sale_price, decimal_pos=2, use_l10n=True, force_grouping=True)
    pdf.drawString(text_x, y + 5 * mm, f"$ {price}")


def labels_pdf(products: Iterable[Product], url_of: Callable[[Product], str], *, title: str = "") -> bytes:
    """A PDF of labels, one per product, ``url_of(product)`` in each QR code: a sheet of 3 × 8 per A4 page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title or _("Etiquetas de productos"))
    page_width, page_height = A4
    left = (page_width - COLUMNS * LABEL_WIDTH) / 2
    bottom = (page_height - ROWS * LABEL_HEIGHT) / 2
    count = 0
    for product in products:
        if count and count % (COLUMNS * ROWS) == 0:
            pdf.showPage()
        slot = count % (COLUMNS * ROWS)
        column, row = slot % COLUMNS, slot // COLUMNS
        x = left + column * LABEL_WIDTH
        y = bottom + (ROWS - 1 - row) * LABEL_HEIGHT
        pdf.setStrokeColorRGB(0.8, 0.8, 0.8)
        pdf.setDash(1, 2)
        pdf.rect(x, y, LABEL_WIDTH, LABEL_HEIGHT, stroke=1, fill=0)  # cutting guide
        pdf.setDash()
        _draw_label(pdf, product, url_of(product), x, y)
        count += 1
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def label_pdf(product: Product, url: str) -> bytes:
    """One label, on a page of its own the label's size (label printers)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(LABEL_WIDTH, LABEL_HEIGHT))
    pdf.setTitle(_("Etiqueta %(code)s") % {"code": product.code})
    _draw_label(pdf, product, url, 0, 0)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
