"""Attaching files to a client from its page: a document and a photo, listed there with their downloads."""

import io
import re
from uuid import uuid4

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_admin_forms import assert_fields_visible
from tests.browser.test_security_policy import watch

pytestmark = pytest.mark.browser

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def photo_with_gps() -> bytes:
    """A landscape JPEG that the camera says to turn 90° (EXIF orientation 6), with a GPS position."""
    image = Image.new("RGB", (320, 200), (30, 120, 190))
    for x in range(0, 320, 40):  # stripes, so the turned picture is visibly different
        image.paste((240, 200, 40), (x, 0, x + 20, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (0.0, 10.0, 30.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_attach_a_document_and_a_photo_to_a_client_from_its_page(admin_page, e2e):
    page = admin_page
    watcher = watch(page, e2e)
    tag = uuid4().hex[:6]
    page.goto(e2e.url("demo", "/admin/clients/client/"))
    page.locator("#result_list tbody tr").first.locator("th a, td a").first.click()
    client_url = page.url
    client_name = page.locator("input[name=name]").input_value()
    panel = page.get_by_test_id("record-attachments")
    expect(panel).to_be_visible()

    panel.get_by_role("link", name=re.compile("Adjuntar documento")).click()
    expect(page.get_by_text(f"Se adjuntará a Cliente: {client_name}")).to_be_visible()
    page.select_option("select[name=document_type]", "CERTIFICADO")
    page.fill("input[name=name]", f"Contrato firmado {tag}")
    page.set_input_files("input[name=file]", {"name": "contrato.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.screenshot(path=str(ARTIFACTS / "documents-attach-form.png"), full_page=True)
    page.locator("button[name=_save]").click()
    expect(page).to_have_url(client_url)

    panel.get_by_role("link", name=re.compile("Adjuntar foto")).click()
    page.select_option("select[name=photo_type]", "PRODUCTO")
    page.fill("textarea[name=description]", f"Marco terminado {tag}")
    page.set_input_files(
        "input[name=file]", {"name": "marco.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}
    )
    page.locator("button[name=_save]").click()
    expect(page).to_have_url(client_url)

    documents = panel.get_by_test_id("attached-documents")
    expect(documents).to_contain_text(f"Contrato firmado {tag}")
    expect(documents).to_contain_text("contrato.pdf")
    thumbnail = panel.get_by_test_id("attached-photos").get_by_alt_text(f"Marco terminado {tag}")
    expect(thumbnail).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    # Served re-encoded and turned upright: the landscape picture arrives as a portrait one.
    assert thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [200, 320]
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "documents-client-panel.png"), full_page=True)

    with page.expect_download() as download:
        documents.get_by_test_id("download").filter(has_text="contrato.pdf").first.click()
    assert download.value.suggested_filename == "contrato.pdf"
    assert open(download.value.path(), "rb").read() == PDF
    watcher.assert_clean("client page with attachments")
    photo_url = thumbnail.evaluate("img => img.src")

    page.goto(e2e.url("demo", "/admin/documents/photo/"))
    row = page.locator("#result_list tbody tr").filter(has_text=f"Marco terminado {tag}")
    expect(row).to_contain_text(client_name)
    expect(row.locator("img")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "documents-photo-list.png"), full_page=True)
    watcher.assert_clean("photo list")

    row.locator("th a, td a").first.click()
    expect(page.get_by_alt_text(f"Marco terminado {tag}")).to_be_visible()
    assert assert_fields_visible(page, page.url) >= 1  # the photo's page: its type and description, framed
    page.screenshot(path=str(ARTIFACTS / "documents-photo-page.png"), full_page=True)
    watcher.assert_clean("photo page")

    response = page.goto(photo_url)
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert b"Exif" not in response.body()
    page.screenshot(path=str(ARTIFACTS / "documents-photo-served.png"))
