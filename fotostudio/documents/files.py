"""What an uploaded file really is, decided by its bytes; images re-encoded before they are stored.

Neither the file's name nor the content type the browser declares is believed: the first bytes
say what a file claims to be, and a parser then checks it is that and nothing more.

- **Images** (JPEG, PNG, WebP) are decoded completely with Pillow (a truncated or damaged one is
  refused, so is one of more than ``IMAGE_MAX_PIXELS``) and written again in their own format:
  what is stored is only the picture — no EXIF (GPS position, camera, owner), no comments or text
  chunks, nothing hidden after the image data. The EXIF orientation is applied to the pixels first,
  so the picture still stands the right way up. The ICC colour profile is kept (colours matter to a
  studio, and it says nothing about anyone).
- **PDF** must start with the ``%PDF-`` header and end with its ``%%EOF`` marker after a
  ``startxref``: nothing before it, nothing after it but blank space, so a truncated file or a PDF
  with another file glued on (a polyglot) is refused. PDFs are stored as they came (their content
  cannot be rewritten safely) and are only ever downloaded, never shown in the page.
- **XLSX and DOCX** are zip archives: the archive must begin at the first byte and end at the last
  (nothing glued before or after), declare a modest size, hold no encrypted or escaping entries,
  and its ``[Content_Types].xml`` must declare a workbook or a Word document *without macros*
  (no ``vbaProject.bin``, no ActiveX). Old binary Office files (``.doc``, ``.xls``) are refused
  with a hint to save them again. Like PDFs, they are only downloaded.

:func:`inspect_upload` returns the bytes to store, the real content type and the extension; a
refusal is an ``ApplicationError`` on the upload's field with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from fotostudio.core.errors import ApplicationError


class FileErrorCode(StrEnum):
    TOO_LARGE = "file_too_large"
    EMPTY = "file_empty"
    TYPE_NOT_ALLOWED = "file_type_not_allowed"
    DAMAGED = "file_damaged"


class Kind(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    PDF = "pdf"
    XLSX = "xlsx"
    DOCX = "docx"


MIME_TYPES = {
    Kind.JPEG: "image/jpeg",
    Kind.PNG: "image/png",
    Kind.WEBP: "image/webp",
    Kind.PDF: "application/pdf",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {
    Kind.JPEG: "jpg",
    Kind.PNG: "png",
    Kind.WEBP: "webp",
    Kind.PDF: "pdf",
    Kind.XLSX: "xlsx",
    Kind.DOCX: "docx",
}
IMAGE_KINDS = frozenset({Kind.JPEG, Kind.PNG, Kind.WEBP})
DOCUMENT_KINDS = frozenset(Kind)
PHOTO_KINDS = IMAGE_KINDS
#: Pillow's name of each image format.
PILLOW_FORMATS = {Kind.JPEG: "JPEG", Kind.PNG: "PNG", Kind.WEBP: "WEBP"}
#: What the refusal names, in the order people know them.
KIND_NAMES = {
    Kind.PDF: "PDF",
    Kind.JPEG: "JPEG",
    Kind.PNG: "PNG",
    Kind.WEBP: "WebP",
    Kind.XLSX: "XLSX",
    Kind.DOCX: "DOCX",
}

_MB = 1024 * 1024
#: An Office archive: entries, and what they may expand to (real files are far below).
ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_EXPANDED = 200 * _MB
CONTENT_TYPES_MAX = 1 * _MB
#: The main part of each Office kind and the content type it must declare.
OFFICE_MAIN_PARTS = {
    Kind.DOCX: (
        "/word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    Kind.XLSX: ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
_MACROS = re.compile(r"macroenabled|vbaproject|activex", re.IGNORECASE)
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PDF_HEADER = re.compile(rb"%PDF-(1\.[0-7]|2\.0)")
_PDF_TRAILING = b" \t\r\n\f\x00"


@dataclass(frozen=True)
class InspectedFile:
    """An upload as it will be stored."""

    content: bytes
    kind: Kind
    width: int | None = None
    height: int | None = None

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


class FileRejected(ApplicationError):
    def __init__(self, message: Any, *, code: FileErrorCode, field: str):
        super().__init__(message, code=code, errors={field: [str(message)]})


def allowed_names(kinds) -> str:
    """«PDF, JPEG, PNG o WebP»."""
    names = [name for kind, name in KIND_NAMES.items() if kind in kinds]
    return (
        names[0] if len(names) == 1 else _("%(first)s o %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    )


def inspect_upload(upload, *, kinds=DOCUMENT_KINDS, max_bytes: int, field: str = "file") -> InspectedFile:
    """Read ``upload`` (anything with ``size`` and ``read()``) and return what to store, or refuse it."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(size, max_bytes, field)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes, field)
    if not data:
        raise FileRejected(_("El archivo está vacío."), code=FileErrorCode.EMPTY, field=field)
    kind = sniff(data)
    if kind is None or kind not in kinds:
        raise FileRejected(_not_allowed_message(data, kinds), code=FileErrorCode.TYPE_NOT_ALLOWED, field=field)
    if kind in IMAGE_KINDS:
        return _reencode_image(data, kind, field)
    if kind is Kind.PDF:
        _check_pdf(data, field)
    else:
        kind = _check_office(data, field)
        if kind not in kinds:
            raise FileRejected(_not_allowed_message(data, kinds), code=FileErrorCode.TYPE_NOT_ALLOWED, field=field)
    return InspectedFile(content=data, kind=kind)


def sniff(data: bytes) -> Kind | None:
    """What the first bytes claim (the parsers then check the claim); ``None``: nothing we take."""
    if data.startswith(b"%PDF-"):
        return Kind.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Kind.WEBP
    if data.startswith(b"PK\x03\x04"):
        return Kind.DOCX  # an Office archive: _check_office says which
    return None


def _too_large(size: int, max_bytes: int, field: str) -> FileRejected:
    message = _("El archivo pesa %(size)s y el máximo es %(max)s.") % {
        "size": filesizeformat(size),
        "max": filesizeformat(max_bytes),
    }
    return FileRejected(message, code=FileErrorCode.TOO_LARGE, field=field)


def _not_allowed_message(data: bytes, kinds) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if Kind.DOCX in kinds:
            return _("Es un archivo antiguo de Office (.doc o .xls): ábralo y guárdelo como .docx, .xlsx o PDF.")
        return _("Es un archivo de Office, no una imagen: suba una foto en %(formats)s.") % {
            "formats": allowed_names(kinds)
        }
    return _("Tipo de archivo no admitido: suba un archivo %(formats)s.") % {"formats": allowed_names(kinds)}


def _damaged(field: str, message: str | None = None) -> FileRejected:
    return FileRejected(
        message or _("El archivo está incompleto o dañado: vuelva a guardarlo o a exportarlo y súbalo otra vez."),
        code=FileErrorCode.DAMAGED,
        field=field,
    )


# --- Images ---------------------------------------------------------------------------------------


def _reencode_image(data: bytes, kind: Kind, field: str) -> InspectedFile:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format != PILLOW_FORMATS[kind]:
                raise _damaged(field)
            if image.width * image.height > settings.IMAGE_MAX_PIXELS:
                raise FileRejected(
                    _("La imagen mide %(width)d × %(height)d píxeles; el máximo es %(max)d megapíxeles.")
                    % {"width": image.width, "height": image.height, "max": settings.IMAGE_MAX_PIXELS // 1_000_000},
                    code=FileErrorCode.TOO_LARGE,
                    field=field,
                )
            image.load()  # decodes every pixel: a truncated file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _damaged(field) from exc
    except Image.DecompressionBombWarning as exc:
        raise _damaged(field) from exc
    icc_profile = image.info.get("icc_profile")
    try:
        upright = ImageOps.exif_transpose(image)  # the orientation tag applied to the pixels
    except Exception:  # a malformed EXIF block: keep the pixels as they are stored
        upright = image.copy()
    # Nothing of the original's metadata may reach the encoder (some formats read it from ``info``),
    # except a palette's transparent colour, which is part of the picture.
    upright.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    return InspectedFile(
        content=_encode(upright, kind, icc_profile), kind=kind, width=upright.width, height=upright.height
    )


def _encode(image: Image.Image, kind: Kind, icc_profile: bytes | None) -> bytes:
    """The pixels alone (and the colour profile) in ``kind``'s format: no EXIF, XMP, comments or text chunks."""
    out = io.BytesIO()
    options: dict[str, Any] = {"icc_profile": icc_profile} if icc_profile else {}
    if kind is Kind.JPEG:
        if image.mode not in ("L", "RGB", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True, **options)
    elif kind is Kind.PNG:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        image.save(out, "PNG", compress_level=6, **options)  # optimize=True doubles the time for ~1 %
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, "WEBP", quality=90, method=2, **options)  # method 4 (the default): 1.6× slower, ~2 % smaller
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------


def _check_pdf(data: bytes, field: str) -> None:
    if not _PDF_HEADER.match(data):
        raise _damaged(field)
    end = data.rstrip(_PDF_TRAILING)
    if not end.endswith(b"%%EOF"):
        raise _damaged(
            field,
            _(
                "El PDF no termina donde debe: está incompleto o lleva otro archivo añadido. "
                "Vuelva a generarlo y súbalo otra vez."
            ),
        )
    if b"startxref" not in end[-1024:]:
        raise _damaged(field)


# --- XLSX and DOCX ----------------------------------------------------------------------------------


def _check_office(data: bytes, field: str) -> Kind:
    """The Office kind of a zip archive, after checking it is one and nothing else."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _damaged(field) from exc
    if not entries or len(entries) > ZIP_MAX_ENTRIES:
        raise _damaged(field)
    # The archive must span the whole file: its first entry at byte 0 and its end record last.
    tail = 22 + len(archive.comment)
    if min(entry.header_offset for entry in entries) != 0 or not data[-tail:].startswith(b"PK\x05\x06"):
        raise _damaged(
            field,
            _("El archivo lleva datos añadidos antes o después del documento: vuelva a guardarlo y súbalo otra vez."),
        )
    if sum(entry.file_size for entry in entries) > ZIP_MAX_EXPANDED:
        raise _damaged(field)
    names = set()
    for entry in entries:
        name = entry.filename
        if entry.flag_bits & 0x1:
            raise _damaged(
                field, _("El documento está protegido con contraseña: quite la contraseña y súbalo otra vez.")
            )
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise _damaged(field)
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged(field)
        if _MACROS.search(name):
            raise _macros(field)
        names.add("/" + name)
    if "/[Content_Types].xml" not in names:
        raise _damaged(field)
    content_types = _read_content_types(archive, field)
    if any(_MACROS.search(value) for value in content_types.values()):
        raise _macros(field)
    for kind, (part, main_type) in OFFICE_MAIN_PARTS.items():
        if content_types.get(part) == main_type and part in names:
            return kind
    raise _damaged(field, _("El archivo comprimido no es un documento de Word ni de Excel."))


def _macros(field: str) -> FileRejected:
    return FileRejected(
        _("El documento tiene macros o controles ActiveX: guárdelo sin macros (.docx, .xlsx) o como PDF."),
        code=FileErrorCode.TYPE_NOT_ALLOWED,
        field=field,
    )


def _read_content_types(archive: zipfile.ZipFile, field: str) -> dict[str, str]:
    """``[Content_Types].xml``'s overrides (part → type) and defaults (extension → type), refusing any DTD."""
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > CONTENT_TYPES_MAX:
        raise _damaged(field)
    try:
        raw = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(field) from exc
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise _damaged(field)
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise _damaged(field) from exc
    types = {}
    for element in root:
        if element.tag == f"{_CONTENT_TYPES_NS}Override":
            types[element.get("PartName", "")] = element.get("ContentType", "")
        elif element.tag == f"{_CONTENT_TYPES_NS}Default":
            types["*." + element.get("Extension", "").lower()] = element.get("ContentType", "")
    return types
