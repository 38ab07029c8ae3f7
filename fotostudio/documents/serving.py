"""Handing a stored file to someone the calling view has already let in (the API's or the admin's).

The response never lets the browser treat the file as a page: the real content type (checked on
upload), ``X-Content-Type-Options: nosniff``, a ``Content-Security-Policy`` that allows nothing to
run (``sandbox``), ``Content-Disposition`` with the uploaded name, and no caching outside the
user's browser. Images (re-encoded on upload) are shown inline; PDFs and Office files are always
downloads, never opened inside the application's origin.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .models import StoredFile

FILE_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"
)


def stored_file_response(row: StoredFile) -> FileResponse:
    """The file of ``row``; a row whose file is gone from the storage is a 404."""
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("El archivo no está disponible.")) from exc
    response = FileResponse(
        handle, content_type=row.mime_type, as_attachment=not row.is_image, filename=row.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-site"
    return response
