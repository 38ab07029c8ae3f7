"""The PDF exports draw each report's charts (reportlab.graphics): bars and pies with Spanish labels and the
figures of the tables they sit above."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django_tenants.utils import schema_context

from fotostudio.configuration.catalogue import BUSINESS_TRADE_NAME
from fotostudio.configuration.services import settings_update

from .conftest import PERIOD
from .production_fixture import build_workshop

PDF = "/api/v1/reports/export/pdf/"
BAR_BLUE = (0x25, 0x63, 0xEB)  # exports.CHART_COLORS[0]
BAR_FILL = b".145098 .388235 .921569 rg"  # the same blue as the page's fill colour: a bar is painted


@pytest.fixture
def readable_pdf(monkeypatch):
    """The pages' drawing operators readable in the file (no compression)."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "pageCompression", 0)


def _pdf(api, **params) -> bytes:
    response = api.get(PDF, {**PERIOD, **params})
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def _first_page_colours(content: bytes, tmp_path) -> set[tuple[int, int, int]]:
    """The colours of the first page rendered by poppler (the test is skipped without ``pdftoppm``)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    (tmp_path / "report.pdf").write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "report.pdf", "page"],
                   cwd=tmp_path, check=True)  # fmt: skip
    with Image.open(tmp_path / "page.png") as image:
        return {colour for _count, colour in image.convert("RGB").getcolors(maxcolors=1_000_000)}


def test_the_financial_pdf_draws_revenue_bars_payments_pie_and_receivables(api, business, tenant_a, readable_pdf,
                                                                           tmp_path):  # fmt: skip
    with schema_context(tenant_a.schema_name):
        settings_update(values={BUSINESS_TRADE_NAME: "Foto Andina Prueba"})
    content = _pdf(api, reporte="financial")
    for title in (b"Ingresos netos por servicio", b"Pagos por forma de pago", b"Saldo por cobrar por antig"):
        assert b"(" + title in content, title
    # The bars are labelled with the services' names and the amounts in Spanish (decimal comma);
    # the pie's legend with each method, its amount and its share.
    assert b"(Impresi\\363n) Tj" in content and b"(140,00) Tj" in content and b"(200,00) Tj" in content
    assert b"(Efectivo: 70,00 \\(40,3 %\\)) Tj" in content and b"(Tarjeta: 53,50 \\(30,8 %\\)) Tj" in content
    assert b"(M\\341s de 90 d\\355as) Tj" in content and b"(237,50) Tj" in content  # the oldest receivables
    assert b"(Foto Andina Prueba) Tj" in content  # the business's header is still there
    assert BAR_BLUE in _first_page_colours(content, tmp_path)  # the bars are painted on the first page


def test_the_inventory_pdf_draws_the_valuation_by_category(api, business, readable_pdf, tmp_path):
    content = _pdf(api, reporte="inventory")
    (tmp_path / "report.pdf").write_bytes(content)
    assert b"(Valor del inventario por categor" in content
    assert b"(Materiales de impresi" in content  # a category, by its Spanish label
    assert content.count(BAR_FILL) == 2  # one bar per category (printing, mouldings)


def test_the_production_pdf_draws_the_waste_by_reason(api, tenant_a, make_user, readable_pdf, tmp_path):
    build_workshop(tenant_a, make_user)
    content = _pdf(api, reporte="production")
    (tmp_path / "report.pdf").write_bytes(content)  # kept to look at when the test fails
    assert b"(Costo de las mermas por motivo) Tj" in content
    # Each reason by its Spanish label, with its cost and its share of the waste's cost (6.80).
    assert b"(Defecto del material: 5,00 \\(73,5 %\\)) Tj" in content
    assert b"(Error de corte: 0,80 \\(11,7 %\\)) Tj" in content
