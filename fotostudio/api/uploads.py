"""Multipart uploads with a size limit that holds while the body is still arriving.

A view that takes a file declares which key carries it and how big it may be::

    class DocumentViewSet(...):
        parser_classes = [SizeLimitedMultiPartParser]
        upload_field = "archivo"

        def upload_max_bytes(self) -> int:
            return settings.DOCUMENT_MAX_BYTES

A request whose declared length is far over the limit is refused before its body is read (400
naming the field); otherwise every file is counted as it streams in and, past the limit, the rest
of it is dropped instead of being written to a temporary file. The service then refuses the file
by its size with the usual message (it sees an :class:`OversizedUpload` of the size received).
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser

#: What the other fields and the multipart framing may add to the file's size.
FORM_OVERHEAD_BYTES = 64 * 1024


class OversizedUpload(UploadedFile):
    """A file that was larger than allowed: its name and the bytes received, none of its content."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class SizeLimitHandler(FileUploadHandler):
    """First of the upload handlers: passes each chunk on until the file is over the limit, then drops the rest."""

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0
        self.too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received, self.too_large = 0, False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.too_large = True
            return None  # the next handlers keep nothing more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.too_large:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None


class SizeLimitedMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        view = parser_context["view"]
        request = parser_context["request"]
        max_bytes = view.upload_max_bytes()
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_bytes + FORM_OVERHEAD_BYTES:
            message = _("El archivo pesa más que el máximo de %(max)s.") % {"max": filesizeformat(max_bytes)}
            raise ValidationError({view.upload_field: [message]})
        request.upload_handlers.insert(0, SizeLimitHandler(request, max_bytes=max_bytes))
        return super().parse(stream, media_type, parser_context)
