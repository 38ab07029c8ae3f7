"""A file is what its bytes say, whatever its name or declared type; images are re-encoded; sizes are limited."""

import io

import pytest
from django_tenants.utils import schema_context
from PIL import Image

from fotostudio.documents.files import inspect_upload, sniff
from fotostudio.documents.models import Photo
from fotostudio.documents.services import clean_file_name
from fotostudio.documents.tests.conftest import upload
from fotostudio.documents.tests.samples import PDF, jpeg, jpeg_with_gps_and_orientation, office, png, webp
from modules.clients.tests.factories import ClientFactory

DOCUMENTS = "/api/v1/documentos/documentos/"
PHOTOS = "/api/v1/documentos/fotos/"


@pytest.fixture
def client_id(tenant_a):
    with schema_context(tenant_a.schema_name):
        return str(ClientFactory().pk)


@pytest.fixture
def post_document(api_client, tenant_a, admin_a):
    api = api_client(tenant_a, admin_a)

    def post(data: bytes, name: str = "archivo.pdf", content_type: str = "application/pdf"):
        body = {"tipo_documento": "OTRO", "nombre": "Prueba", "archivo": upload(data, name, content_type)}
        return api.post(DOCUMENTS, body, format="multipart")

    return post


@pytest.fixture
def post_photo(api_client, tenant_a, admin_a, client_id):
    api = api_client(tenant_a, admin_a)

    def post(data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
        body = {"tipo_foto": "PRODUCTO", "cliente": client_id, "foto": upload(data, name, content_type)}
        return api.post(PHOTOS, body, format="multipart")

    return post


def downloaded(api_client, tenant, user, url) -> bytes:
    response = api_client(tenant, user).get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def refusal(response, key: str) -> str:
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body["errors"]) == [key], body
    return body["errors"][key][0].replace("\xa0", " ")  # sizes are written with non-breaking spaces


# --- Renamed files: the content decides ------------------------------------------------------------


def test_a_png_renamed_pdf_is_stored_and_served_as_the_png_it_is(post_document, api_client, tenant_a, admin_a):
    response = post_document(png(), "informe.pdf", "application/pdf")
    assert response.status_code == 201
    body = response.json()
    assert (body["tipo_contenido"], body["nombre_archivo"]) == ("image/png", "informe.png")
    served = api_client(tenant_a, admin_a).get(body["archivo"])
    assert served["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).format == "PNG"


def test_a_pdf_renamed_png_is_refused_as_a_photo(post_photo):
    message = refusal(post_photo(PDF, "foto.png", "image/png"), "foto")
    assert message == "Tipo de archivo no admitido: suba un archivo JPEG, PNG o WebP."


def test_a_pdf_renamed_png_is_a_pdf_document(post_document):
    body = post_document(PDF, "escaneo.png", "image/png").json()
    assert (body["tipo_contenido"], body["nombre_archivo"]) == ("application/pdf", "escaneo.pdf")


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"<html><script>alert(1)</script></html>", "factura.pdf", "application/pdf"),
        (b"#!/bin/sh\nrm -rf /\n", "certificado.pdf", "application/pdf"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "foto.gif", "image/gif"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg", "image/svg+xml"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "factura.pdf.exe", "application/pdf"),
    ],
)
def test_files_that_are_none_of_the_accepted_types_are_refused(post_document, data, name, content_type):
    message = refusal(post_document(data, name, content_type), "archivo")
    assert message == "Tipo de archivo no admitido: suba un archivo PDF, JPEG, PNG, WebP, XLSX o DOCX."


def test_an_old_binary_office_file_is_refused_with_what_to_do(post_document):
    message = refusal(post_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "acta.doc"), "archivo")
    assert ".docx" in message and "PDF" in message


def test_an_empty_file_is_refused(post_document):
    response = post_document(b"", "vacio.pdf")
    assert response.status_code == 400 and "archivo" in response.json()["errors"]


# --- Damaged, truncated and glued-together files ----------------------------------------------------------


def test_a_truncated_pdf_is_refused(post_document):
    response = post_document(PDF[: len(PDF) // 2], "cortado.pdf")
    assert response.json()["code"] == "file_damaged"
    assert "incompleto" in refusal(response, "archivo")


def test_a_pdf_with_a_zip_appended_is_refused(post_document):
    polyglot = PDF + office("docx")
    response = post_document(polyglot, "doble.pdf")
    assert response.json()["code"] == "file_damaged"
    assert "otro archivo añadido" in refusal(response, "archivo")


def test_a_zip_with_a_pdf_in_front_is_refused(post_document):
    response = post_document(b"%PDF-1.4\n" + b"x" * 50 + office("docx"), "doble.docx")
    assert response.status_code == 400 and response.json()["code"] == "file_damaged"


def test_an_office_document_with_data_glued_before_it_is_refused(post_document):
    response = post_document(b"PK\x03\x04" + b"\x00" * 26 + office("xlsx"), "hoja.xlsx")
    assert response.status_code == 400 and response.json()["code"] == "file_damaged"


def test_an_office_document_with_data_glued_after_it_is_refused(post_document):
    response = post_document(office("xlsx") + b"<script>alert(1)</script>", "hoja.xlsx")
    assert "datos añadidos" in refusal(response, "archivo")


@pytest.mark.parametrize("make", [png, jpeg, webp])
def test_a_truncated_image_is_refused(post_photo, make):
    data = make(size=(300, 200))
    response = post_photo(data[: len(data) * 2 // 3])
    assert response.json()["code"] == "file_damaged"
    refusal(response, "foto")


def test_an_image_whose_header_lies_about_its_body_is_refused(post_photo):
    data = bytearray(png(size=(64, 64)))
    data[40:80] = b"\x00" * 40  # inside the compressed pixels
    assert refusal(post_photo(bytes(data), "foto.png"), "foto")


def test_bytes_appended_after_an_image_are_not_stored(post_photo, api_client, tenant_a, admin_a):
    for original, name in ((png(), "foto.png"), (jpeg(), "foto.jpg")):
        glued = original + b"<html><script>alert('hola')</script></html>" + office("docx")
        body = post_photo(glued, name).json()
        stored = downloaded(api_client, tenant_a, admin_a, body["foto"])
        assert b"<script>" not in stored and b"PK\x03\x04" not in stored
        assert body["tamano"] == len(stored) < len(glued)
        Image.open(io.BytesIO(stored)).verify()


# --- Images are re-encoded -----------------------------------------------------------------------------------


def test_exif_gps_and_comments_are_gone_and_the_orientation_is_applied(post_photo, api_client, tenant_a, admin_a):
    original = jpeg_with_gps_and_orientation(size=(40, 20), orientation=6)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the upload does carry a GPS position
    body = post_photo(original).json()
    stored = downloaded(api_client, tenant_a, admin_a, body["foto"])
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and "exif" not in image.info and "comment" not in image.info
        assert image.size == (20, 40)  # turned as the camera said, so it stands the right way up
    for secret in (b"Exif", b"GPS", "Fotógrafo Secreto".encode(), "CámaraMarca".encode(), b"comentario oculto"):
        assert secret not in stored
    assert (body["ancho"], body["alto"]) == (20, 40)
    with schema_context(tenant_a.schema_name):
        assert Photo.objects.get(pk=body["id"]).sha256 != ""


def test_png_text_chunks_are_gone_but_transparency_stays(post_photo, api_client, tenant_a, admin_a):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Fotógrafo Secreto")
    info.add_text("Location", "-0.18, -78.47")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    stored = downloaded(api_client, tenant_a, admin_a, post_photo(out.getvalue(), "f.png").json()["foto"])
    assert b"Author" not in stored and b"-78.47" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


def test_an_image_with_too_many_pixels_is_refused(post_photo, settings):
    settings.IMAGE_MAX_PIXELS = 1000
    message = refusal(post_photo(png(size=(50, 50)), "grande.png"), "foto")
    assert "50 × 50" in message


def test_a_webp_photo_is_accepted(post_photo):
    body = post_photo(webp(), "foto.webp", "image/webp").json()
    assert body["tipo_contenido"] == "image/webp"


# --- Office documents ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "mime"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_docx_and_xlsx_are_documents_downloaded_as_attachments(
    post_document, api_client, tenant_a, admin_a, kind, mime
):
    body = post_document(office(kind), f"analisis.{kind}", "application/octet-stream").json()
    assert (body["tipo_contenido"], body["nombre_archivo"]) == (mime, f"analisis.{kind}")
    response = api_client(tenant_a, admin_a).get(body["archivo"])
    assert response["Content-Type"] == mime and response["Content-Disposition"].startswith("attachment;")


def test_an_office_document_is_not_a_photo(post_photo):
    assert refusal(post_photo(office("docx"), "foto.jpg"), "foto").startswith("Tipo de archivo no admitido")


@pytest.mark.parametrize(
    "data",
    [
        office("docx", macros=True),
        office("xlsx", macros=True),
        office("docx", extra={"word/vbaProject.bin": b"\x00" * 10}),
        office("xlsx", extra={"xl/activeX/activeX1.xml": b"<ax/>"}),
    ],
)
def test_office_documents_with_macros_are_refused(post_document, data):
    assert "macros" in refusal(post_document(data, "con-macros.docx"), "archivo")


def test_a_zip_that_is_not_an_office_document_is_refused(post_document):
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("leeme.txt", "hola")
    assert refusal(post_document(out.getvalue(), "fotos.zip"), "archivo")


def test_an_office_document_whose_content_types_declare_a_dtd_is_refused(post_document):
    data = office("docx", extra={})
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "[Content_Types].xml":
                content = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + content.split(b"?>", 1)[1]
            target.writestr(item, content)
    assert refusal(post_document(out.getvalue(), "bomba.docx"), "archivo")


# --- Size limits ------------------------------------------------------------------------------------------------


def test_a_document_over_the_limit_is_a_400_saying_the_limit(post_document, settings):
    settings.DOCUMENT_MAX_BYTES = len(PDF) - 1
    response = post_document(PDF, "grande.pdf")
    assert response.json()["code"] == "file_too_large"
    assert refusal(response, "archivo") == f"El archivo pesa {len(PDF)} bytes y el máximo es {len(PDF) - 1} bytes."


def test_a_photo_over_the_limit_is_dropped_while_it_arrives(post_photo, settings):
    settings.PHOTO_MAX_BYTES = 2000
    big = png(size=(600, 600))
    big = (
        big + b"\x00" * (50_000 - len(big)) if len(big) < 50_000 else big
    )  # bigger than the limit, under the form slack
    response = post_photo(big, "grande.png")
    assert response.json()["code"] == "file_too_large"
    assert refusal(response, "foto") == "El archivo pesa 48,8 KB y el máximo es 2,0 KB."


def test_a_request_declaring_far_more_than_the_limit_is_refused_before_it_is_read(post_document, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    response = post_document(PDF + b" " * 200_000, "enorme.pdf")
    assert refusal(response, "archivo") == "El archivo pesa más que el máximo de 1000 bytes."


def test_the_limits_are_settings(settings):
    assert settings.DOCUMENT_MAX_BYTES == 20 * 1024 * 1024
    assert settings.PHOTO_MAX_BYTES == 15 * 1024 * 1024


# --- Pieces --------------------------------------------------------------------------------------------------


def test_sniffing_reads_the_first_bytes_only():
    assert sniff(PDF) == "pdf" and sniff(png()) == "png" and sniff(jpeg()) == "jpeg" and sniff(webp()) == "webp"
    assert sniff(b"hola") is None and sniff(b"") is None


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("Certificado final.PDF", "pdf", "Certificado final.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\ana\\foto.jpeg", "jpg", "foto.jpg"),
        ("informe\x00\r\n.png", "pdf", "informe.pdf"),
        ("", "png", "documento.png"),
        ("." * 5, "png", "documento.png"),
        ("a" * 300 + ".pdf", "pdf", "a" * 150 + ".pdf"),
        ("sin extensión", "docx", "sin extensión.docx"),
    ],
)
def test_the_download_name_is_cleaned_and_carries_the_real_extension(name, extension, expected):
    assert clean_file_name(name, extension, default="documento") == expected


def test_inspecting_without_a_size_reads_at_most_the_limit():
    class Stream(io.BytesIO):
        name = "x.pdf"

    with pytest.raises(Exception) as error:
        inspect_upload(Stream(PDF), max_bytes=10)
    assert error.value.code == "file_too_large"


# --- The inspection itself, case by case ----------------------------------------------------------------


class Upload(io.BytesIO):
    def __init__(self, data: bytes, name: str = "archivo"):
        super().__init__(data)
        self.name, self.size = name, len(data)


def inspected_code(data: bytes, **kwargs) -> str:
    with pytest.raises(Exception) as error:
        inspect_upload(Upload(data), max_bytes=10_000_000, **kwargs)
    return error.value.code


def zipped(entries: dict[str, bytes]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        zipped({"leeme.txt": b"hola"}),  # no [Content_Types].xml
        zipped({"[Content_Types].xml": b"<Types"}),  # not XML
        zipped({"../[Content_Types].xml": b"<Types/>"}),  # a path out of the archive
        zipped(
            {"[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'}
        ),
        zipped({f"{index}.xml": b"" for index in range(2_001)}),  # too many entries
        b"PK\x03\x04 not really a zip",
    ],
)
def test_zip_archives_that_are_no_office_document_are_damaged(data):
    assert inspected_code(data) == "file_damaged"


def test_an_office_document_whose_main_part_is_missing_is_refused():
    import zipfile

    with zipfile.ZipFile(io.BytesIO(office("docx"))) as source:
        content_types = source.read("[Content_Types].xml")
    assert inspected_code(zipped({"[Content_Types].xml": content_types})) == "file_damaged"


def test_an_encrypted_zip_entry_is_refused():
    data = bytearray(office("docx"))
    # Set the "encrypted" flag of every entry, in the local headers and the central directory.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    with pytest.raises(Exception) as error:
        inspect_upload(Upload(bytes(data)), max_bytes=10**6)
    assert error.value.code == "file_damaged" and "contraseña" in str(error.value.message)


def test_a_photo_may_not_be_an_office_document_even_when_only_office_kinds_are_missing():
    from fotostudio.documents.files import Kind

    assert inspected_code(office("xlsx"), kinds=frozenset({Kind.DOCX})) == "file_type_not_allowed"


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [("CMYK", "JPEG"), ("L", "JPEG"), ("P", "PNG"), ("LA", "PNG"), ("I;16", "PNG"), ("1", "PNG"), ("RGBA", "WEBP")],
)
def test_images_of_every_common_mode_are_re_encoded_in_their_format(mode, fmt):
    out = io.BytesIO()
    Image.new(mode, (8, 6)).save(out, fmt)
    result = inspect_upload(Upload(out.getvalue()), max_bytes=10_000_000)
    with Image.open(io.BytesIO(result.content)) as image:
        assert (image.format, image.size) == (fmt, (8, 6))


def test_an_old_office_file_is_not_a_photo_either():
    from fotostudio.documents.files import PHOTO_KINDS

    with pytest.raises(Exception) as error:
        inspect_upload(Upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100), kinds=PHOTO_KINDS, max_bytes=10**6)
    assert "no una imagen" in str(error.value.message)


def test_a_decompression_bomb_is_refused_before_its_pixels_are_read(settings):
    settings.IMAGE_MAX_PIXELS = 10**12  # our limit out of the way: Pillow's own stops it
    out = io.BytesIO()
    Image.new("1", (20_000, 10_000)).save(out, "PNG")  # 200 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    assert inspected_code(out.getvalue()) == "file_damaged"
