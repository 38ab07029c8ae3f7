"""Small, real files for the tests: each built in memory, each what its name says (unless a test says otherwise)."""

from __future__ import annotations

import io
import zipfile

from PIL import Image

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def image_bytes(fmt: str = "PNG", size=(40, 20), color=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    mode = "RGB" if fmt != "PNG" else "RGBA"
    Image.new(mode, size, color + ((255,) if mode == "RGBA" else ())).save(out, fmt, **save)
    return out.getvalue()


def png(**kwargs) -> bytes:
    return image_bytes("PNG", **kwargs)


def jpeg(**kwargs) -> bytes:
    return image_bytes("JPEG", **kwargs)


def webp(**kwargs) -> bytes:
    return image_bytes("WEBP", **kwargs)


GPS_LATITUDE = ((0, 1), (10, 1), (0, 1))


def jpeg_with_gps_and_orientation(size=(40, 20), orientation: int = 6) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a camera owner and an orientation ("rotate 90° to view")."""
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x013B] = "Fotógrafo Secreto"  # Artist
    exif[0x010F] = "CámaraMarca"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"  # GPSLatitudeRef
    gps[2] = (0.0, 10.0, 30.0)  # GPSLatitude
    gps[3] = "W"
    gps[4] = (78.0, 30.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"comentario oculto")
    return out.getvalue()


def office(kind: str = "docx", *, macros: bool = False, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX or XLSX (a zip with its content types and main part)."""
    main = {"docx": "/word/document.xml", "xlsx": "/xl/workbook.xml"}[kind]
    flavour = "macroEnabled" if macros else None
    main_type = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    }[kind]
    if flavour:
        main_type = {
            "docx": "application/vnd.ms-word.document.macroEnabled.main+xml",
            "xlsx": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        }[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{main}" ContentType="{main_type}"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(main.lstrip("/"), "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()
