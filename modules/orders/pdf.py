"""The printable order / receipt (PDF, reportlab): business data and logo from the configuration."""

from __future__ import annotations

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fotostudio.configuration import catalogue
from fotostudio.configuration.selectors import setting_value
from fotostudio.core.pdf import business_header

from .models import Order


def order_pdf_filename(order: Order) -> str:
    return f"pedido-{order.number}.pdf"


def _money(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def order_pdf(order: Order) -> bytes:
    """The order with the business's data, its client, lines, totals, payments and balance."""
    styles = getSampleStyleSheet()
    normal = ParagraphStyle("order-normal", parent=styles["Normal"], fontSize=9, leading=11)
    small = ParagraphStyle("order-small", parent=normal, fontSize=8, leading=10, textColor=colors.HexColor("#4b5563"))
    title = ParagraphStyle("order-title", parent=styles["Title"], fontSize=15, leading=18, alignment=2)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{_('Pedido')} {order.number}",
        author=setting_value(catalogue.BUSINESS_TRADE_NAME) or "",
    )
    business_name = setting_value(catalogue.BUSINESS_TRADE_NAME) or setting_value(catalogue.BUSINESS_LEGAL_NAME)
    business_lines = [
        f"<b>{escape(business_name or '')}</b>",
        escape(setting_value(catalogue.BUSINESS_LEGAL_NAME) or ""),
        escape(_("RUC %(ruc)s") % {"ruc": setting_value(catalogue.BUSINESS_RUC)})
        if setting_value(catalogue.BUSINESS_RUC)
        else "",
        escape(setting_value(catalogue.BUSINESS_ADDRESS) or ""),
        escape(
            " · ".join(
                v for v in (setting_value(catalogue.BUSINESS_PHONE), setting_value(catalogue.BUSINESS_EMAIL)) if v
            )
        ),
    ]
    business = Paragraph("<br/>".join(line for line in business_lines if line), normal)
    header_left = business_header(business)
    heading = Paragraph(f"{escape(_('Pedido'))}<br/>{escape(order.number)}", title)
    story = [Table([[header_left, heading]], colWidths=[120 * mm, 60 * mm]), Spacer(1, 6 * mm)]

    currency = setting_value(catalogue.CURRENCY)
    client = order.client
    facts = [
        [
            _p(_("Cliente"), small),
            _p(client.name, normal),
            _p(_("Fecha"), small),
            _p(date_format(order.order_date), normal),
        ],
        [
            _p(_("Documento"), small),
            _p(client.document, normal),
            _p(_("Fecha prometida"), small),
            _p(date_format(order.promised_date) if order.promised_date else "—", normal),
        ],
        [
            _p(_("Teléfono"), small),
            _p(client.phone or "—", normal),
            _p(_("Servicio"), small),
            _p(order.service_type.name, normal),
        ],
        [
            _p(_("Estado"), small),
            _p(order.get_status_display(), normal),
            _p(_("Prioridad"), small),
            _p(order.get_priority_display(), normal),
        ],
    ]
    facts_table = Table(facts, colWidths=[25 * mm, 65 * mm, 30 * mm, 60 * mm])
    facts_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    story += [facts_table, Spacer(1, 5 * mm)]

    rows = [
        [_p(h, small) for h in (_("Descripción"), _("Cant."), _("P. unitario"), _("Desc. %"), _("IVA %"), _("Total"))]
    ]
    for line in order.line_rows:
        description = line.description
        if line.frame_width is not None:
            spec = [f"{line.frame_width:g} × {line.frame_height:g} cm"]
            spec += [part for part in (line.moulding, line.glass, line.mat) if part]
            description = f"{description}\n{' · '.join(spec)}"
        rows.append(
            [
                _p(description, normal),
                _money(line.quantity),
                _money(line.unit_price),
                _money(line.discount_percent),
                _money(line.tax_rate or 0),
                _money(line.total),
            ]
        )
    lines_table = Table(rows, colWidths=[78 * mm, 16 * mm, 24 * mm, 18 * mm, 16 * mm, 28 * mm], repeatRows=1)
    lines_table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d1d5db")),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 1), (-1, -1), 9),
            ]
        )
    )
    story += [lines_table, Spacer(1, 4 * mm)]

    totals = [
        (_("Subtotal"), order.subtotal),
        (_("Descuento"), -order.discount_total),
        (_("IVA"), order.tax_total),
        (_("Total %(currency)s") % {"currency": currency}, order.total),
        (_("Pagado"), order.paid_total),
        (_("Saldo"), order.balance),
    ]
    if order.refund_due:
        totals.append((_("A reembolsar"), order.refund_due))
    totals_table = Table(
        [[label, _money(amount)] for label, amount in totals], colWidths=[40 * mm, 30 * mm], hAlign="RIGHT"
    )
    totals_table.setStyle(
        TableStyle(
            [
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("FONTNAME", (0, 3), (-1, 3), "Helvetica-Bold"),
                ("FONTNAME", (0, 5), (-1, 5), "Helvetica-Bold"),
                ("LINEABOVE", (0, 3), (-1, 3), 0.5, colors.black),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
            ]
        )
    )
    story += [totals_table, Spacer(1, 5 * mm)]

    payments = order.payment_rows
    if payments:
        story.append(_p(_("Pagos"), styles["Heading4"]))
        payment_rows = [[_p(h, small) for h in (_("Fecha"), _("Forma de pago"), _("Referencia"), _("Monto"))]]
        payment_rows += [
            [date_format(p.paid_on), p.get_method_display(), _p(p.reference or "—", normal), _money(p.amount)]
            for p in payments
        ]
        payments_table = Table(payment_rows, colWidths=[30 * mm, 35 * mm, 85 * mm, 30 * mm])
        payments_table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d1d5db")),
                    ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                    ("FONTSIZE", (0, 1), (-1, -1), 9),
                ]
            )
        )
        story += [payments_table, Spacer(1, 4 * mm)]
    if order.notes:
        story += [_p(_("Notas"), styles["Heading4"]), _p(order.notes, normal)]
    document.build(story)
    return buffer.getvalue()
