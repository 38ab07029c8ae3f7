"""The accountant opens «Informes» in the demo tenant, filters the financial report and downloads its Excel;
the administrator downloads the financial report as PDF and opens it."""

import re
import shutil
import subprocess
import zlib
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def _amount(text: str) -> Decimal:
    """«143 128,19» (the admin's Spanish format: a space between thousands) → Decimal("143128.19")."""
    return Decimal(re.sub(r"[^\d,-]", "", text).replace(",", "."))


def test_the_financial_report_page_and_its_excel(page, admin_login, e2e):
    from django.utils import timezone

    admin_login(page, username="contabilidad")
    sidebar = page.locator("#nav-sidebar-inner")
    sidebar.get_by_role("heading", name="Informes").click()
    sidebar.get_by_role("link", name=re.compile(r" Informes$")).click()
    report = page.get_by_test_id("report")
    expect(report).to_have_attribute("data-report", "financial")
    expect(page.get_by_role("heading", name="Informe financiero")).to_be_visible()

    today = timezone.localdate()
    page.fill("input[name=desde]", (today - timedelta(days=365)).isoformat())
    page.fill("input[name=hasta]", today.isoformat())
    page.get_by_role("button", name="Aplicar filtros").click()
    payments = page.locator("section[data-section=pagos_por_forma]")
    expect(payments.locator("tbody tr")).not_to_have_count(0)
    for key in ("ingresos_por_servicio", "cuentas_por_cobrar", "costo_de_materiales", "margen_por_servicio"):
        expect(page.locator(f"section[data-section={key}]")).to_be_visible()
    page_total = _amount(payments.locator("[data-testid=totals] td").last.inner_text())
    assert page_total > 0
    page.screenshot(path=str(ARTIFACTS / "reports-financial.png"), full_page=True)

    payments.get_by_role("link", name="Monto").click()  # sort by amount
    expect(payments.get_by_role("link", name="Monto ↑")).to_be_visible()

    with page.expect_download() as download_info:
        page.locator("[data-testid=report-exports] [data-export=excel]").click()
    download = download_info.value
    assert download.suggested_filename.startswith("informe-financiero-") and download.suggested_filename.endswith(
        ".xlsx"
    )
    path = ARTIFACTS / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(path)
    rows = list(workbook["Pagos"].iter_rows(values_only=True))
    assert rows[0] == ("Forma de pago", "Pagos", "Monto")
    totals = next(row for row in rows if row[0] == "Total")
    assert Decimal(str(totals[2])).quantize(Decimal("0.01")) == page_total

    page.goto(e2e.url("demo", "/admin/reports/report/inventory/"))
    expect(page.locator("section[data-section=valoracion_por_categoria] tbody tr")).not_to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "reports-inventory.png"), full_page=True)

    page.get_by_role("link", name=re.compile("Producción$")).first.click()
    expect(report).to_have_attribute("data-report", "production")
    expect(page.get_by_role("heading", name="Informe de producción")).to_be_visible()
    page.fill("input[name=desde]", (today - timedelta(days=365)).isoformat())
    page.fill("input[name=hasta]", today.isoformat())
    page.get_by_role("button", name="Aplicar filtros").click()
    for key in ("produccion_por_mes", "mermas_por_material", "mermas_por_motivo", "eficiencia_por_responsable"):
        expect(page.locator(f"section[data-section={key}] tbody tr")).not_to_have_count(0)
    expect(page.locator("select[name=responsable]")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "reports-production.png"), full_page=True)


def _pdf_text(path) -> str:
    """The PDF's text: ``pdftotext`` (poppler) when installed, else the strings drawn in its pages' streams."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    import base64

    content, parts = path.read_bytes(), []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = stream.strip()
        with_base85 = data.endswith(b"~>")
        try:
            data = zlib.decompress(base64.a85decode(data, adobe=False) if with_base85 else data)
        except (ValueError, zlib.error):
            continue
        for text in re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", data):
            text = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), text)
            parts.append(re.sub(rb"\\(.)", rb"\1", text).decode("cp1252"))
    return "\n".join(parts)


def _digits(text: str) -> str:
    """Thousands separators out (a space, a no-break space or a dot before three digits): «143 128,19» → «143128,19»."""
    return re.sub(r"(?<=\d)[\s\u00a0\u202f.](?=\d{3}\b)", "", text)


def test_the_administrator_downloads_the_financial_report_as_pdf_and_opens_it(page, admin_login, e2e):
    from django.utils import timezone

    admin_login(page)  # the administrator
    sidebar = page.locator("#nav-sidebar-inner")
    sidebar.get_by_role("heading", name="Informes").click()
    sidebar.get_by_role("link", name=re.compile(r" Informes$")).click()
    expect(page.get_by_test_id("report")).to_have_attribute("data-report", "financial")
    today = timezone.localdate()
    page.fill("input[name=desde]", (today - timedelta(days=365)).isoformat())
    page.fill("input[name=hasta]", today.isoformat())
    page.get_by_role("button", name="Aplicar filtros").click()
    payments = page.locator("section[data-section=pagos_por_forma]")
    expect(payments.locator("tbody tr")).not_to_have_count(0)
    shown_total = payments.locator("[data-testid=totals] td").last.inner_text().strip()
    assert _amount(shown_total) > 0

    with page.expect_download() as download_info:
        page.locator("[data-testid=report-exports] [data-export=pdf]").click()
    download = download_info.value
    name = download.suggested_filename
    assert name.startswith("informe-financiero-") and name.endswith(".pdf"), name
    path = ARTIFACTS / name
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")

    text = _pdf_text(path)
    assert e2e.tenant_name in text  # the business's name, in the header
    assert "Informe financiero" in text and "Pagos recibidos por forma de pago" in text
    assert _digits(shown_total) in _digits(text), (shown_total, text[:2000])  # the total the page shows
    if shutil.which("pdftoppm"):  # the first page as an image, to look at (the charts and their labels)
        pages = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(path), str(ARTIFACTS / "reports-pdf")]
        subprocess.run(pages, check=True)
