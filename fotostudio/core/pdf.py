"""What every PDF of a business shares (reportlab): its name and its logo, drawn at the top of the first page.

The order's receipt (``modules/orders/pdf.py``) and the reports' exports (``modules/reports/exports.py``)
both start with :func:`business_header`: the logo from the configuration (when there is one, and it can
be read) beside a paragraph the document writes (the business's data, or just its name).
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Table, TableStyle

from fotostudio.configuration import catalogue
from fotostudio.configuration.selectors import setting_value

#: The logo's height in the header; its width follows its proportions, up to :data:`LOGO_MAX_WIDTH`.
LOGO_HEIGHT = 18 * mm
LOGO_MAX_WIDTH = 60 * mm


def business_name() -> str:
    """The name a document shows: the trade name, or the legal name without one."""
    return setting_value(catalogue.BUSINESS_TRADE_NAME) or setting_value(catalogue.BUSINESS_LEGAL_NAME) or ""


def business_logo() -> Image | None:
    """The business's logo (Configuración › Negocio) as a reportlab image, or ``None``: without a logo, or
    when its file is missing or unreadable (the document goes out without it)."""
    logo = setting_value(catalogue.BUSINESS_LOGO)
    if not logo:
        return None
    try:
        with logo.open("rb") as file:
            data = io.BytesIO(file.read())
        image = Image(data)
    except (OSError, ValueError):
        return None
    ratio = image.imageWidth / float(image.imageHeight or 1)
    image.drawHeight = LOGO_HEIGHT
    image.drawWidth = min(LOGO_HEIGHT * ratio, LOGO_MAX_WIDTH)
    return image


def business_header(text: Flowable, *, valign: str = "TOP") -> Table:
    """The logo (if any) and ``text`` side by side, left-aligned: the top left of a document's first page."""
    logo = business_logo()
    header = Table([[logo, text]] if logo else [[text]], hAlign="LEFT")
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), valign), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return header
