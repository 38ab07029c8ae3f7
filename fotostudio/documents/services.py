"""Every write on documents and photos: upload (create), change the texts, delete.

The rules live here:

- the file is checked by its content and re-encoded when it is an image
  (:func:`fotostudio.documents.files.inspect_upload`); documents take PDF, JPEG, PNG, WebP, XLSX
  and DOCX up to ``DOCUMENT_MAX_BYTES``, photos JPEG, PNG and WebP up to ``PHOTO_MAX_BYTES``;
- it is stored under a random name in the business's private folder; the name it was uploaded
  with is kept (for the download), with the extension of what it really is;
- the record it is about is a link (:mod:`fotostudio.core.links`): registered, enabled for the
  business, existing in its schema and visible to the user. A document may be about nothing;
  a photo is always about a record (the frontend's contract requires ``lote``; other businesses
  link photos to their own records);
- the file and the link never change once stored (upload it again instead); the name, type
  and description may be corrected;
- deleting a row deletes its file once the transaction commits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fotostudio.core import links
from fotostudio.core.errors import ApplicationError
from fotostudio.core.links import LinkErrorCode, LinkRef
from fotostudio.core.services import editable_fields, model_update, only_fields

from .files import DOCUMENT_KINDS, PHOTO_KINDS, InspectedFile, inspect_upload
from .models import Document, Photo, StoredFile


class DocumentErrorCode(StrEnum):
    INVALID = "document_invalid"
    PHOTO_INVALID = "photo_invalid"


#: What a caller may set besides the file (which the service stores itself) and the link.
DOCUMENT_EDITABLE_FIELDS = editable_fields(Document, exclude=("file",))
PHOTO_EDITABLE_FIELDS = editable_fields(Photo, exclude=("file",))
#: Fields the service fills in from the file, the user and the link (not validated as input).
SERVICE_FIELDS = ["file", "original_name", "mime_type", "size", "sha256", "width", "height", "uploaded_by", "link_type"]
#: Characters of the uploaded name kept (the column holds 160 with the extension).
NAME_MAX = 150


def clean_file_name(name: str, extension: str, *, default: str) -> str:
    """The name to offer on download: no folders or control characters, at most ``NAME_MAX`` characters,
    and the extension of what the file really is (``informe.PNG`` holding a PDF → ``informe.pdf``)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in base if unicodedata.category(char)[0] != "C").strip().strip(".")
    stem = base.rsplit(".", 1)[0].strip() if "." in base else base
    stem = stem[:NAME_MAX].strip() or default
    return f"{stem}.{extension}"


def _validate(row: StoredFile, code: DocumentErrorCode) -> None:
    for field in ("name", "description"):
        if hasattr(row, field):
            setattr(row, field, (getattr(row, field) or "").strip())
    try:
        row.full_clean(exclude=SERVICE_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, code=code, errors=errors) from exc


def _store(row: StoredFile, inspected: InspectedFile, upload_name: str, acting_user) -> None:
    """Fill in what the file is, write it to the private storage and insert the row (the file goes if that fails)."""
    row.original_name = clean_file_name(upload_name, inspected.extension, default=str(row._meta.verbose_name))
    row.mime_type = inspected.mime_type
    row.size = inspected.size
    row.sha256 = inspected.sha256
    row.uploaded_by = acting_user if getattr(acting_user, "pk", None) else None
    row.file.save(f"upload.{inspected.extension}", ContentFile(inspected.content), save=False)
    stored_name = row.file.name
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except BaseException:
        row.file.storage.delete(stored_name)
        raise
    # If a transaction around this one rolls back later, the file stays behind without a row: it has a
    # random name and nothing points at it, so nobody can reach it (docs/modules/documents.md).


def _link(ref: LinkRef | None, acting_user):
    return links.link_resolve(ref, acting_user=acting_user if getattr(acting_user, "pk", None) else None)


# --- Documents ------------------------------------------------------------------------------------------


@transaction.atomic
def document_create(*, data: Mapping[str, Any], upload, link: LinkRef | None = None, acting_user=None) -> Document:
    """Upload a document: ``data`` holds ``document_type``, ``name`` and ``description`` (model fields),
    ``upload`` the file (anything with ``name``, ``size`` and ``read()``), ``link`` what it is about."""
    document = Document(**only_fields(data, DOCUMENT_EDITABLE_FIELDS))
    links.link_set(document, _link(link, acting_user))
    _validate(document, DocumentErrorCode.INVALID)
    inspected = inspect_upload(upload, kinds=DOCUMENT_KINDS, max_bytes=settings.DOCUMENT_MAX_BYTES)
    _store(document, inspected, getattr(upload, "name", ""), acting_user)
    return document


@transaction.atomic
def document_update(*, document: Document, data: Mapping[str, Any], acting_user=None) -> Document:
    """Correct a document's name, type or description (the file and the link stay)."""
    model_update(
        instance=document,
        fields=DOCUMENT_EDITABLE_FIELDS,
        data=data,
        clean=lambda row: _validate(row, DocumentErrorCode.INVALID),
    )
    return document


# --- Photos ----------------------------------------------------------------------------------------------


def photo_link_required(available: list[str]) -> ApplicationError:
    """A photo sent without the record it shows."""
    if available:
        message = _("Indique a qué registro pertenece la foto: %(keys)s.") % {"keys": ", ".join(available)}
    else:
        message = _(
            "Las fotos se vinculan a un registro y este negocio aún no tiene ningún tipo de registro para ello."
        )
    return ApplicationError(message, code=LinkErrorCode.REQUIRED, errors={"link": [message]})


@transaction.atomic
def photo_create(*, data: Mapping[str, Any], upload, link: LinkRef | None, acting_user=None) -> Photo:
    """Upload a photo of a record: ``data`` holds ``photo_type`` and ``description``; ``link`` is required."""
    if link is None:
        raise photo_link_required([kind.key for kind in links.available_kinds()])
    photo = Photo(**only_fields(data, PHOTO_EDITABLE_FIELDS))
    links.link_set(photo, _link(link, acting_user))
    inspected = inspect_upload(upload, kinds=PHOTO_KINDS, max_bytes=settings.PHOTO_MAX_BYTES)
    photo.width, photo.height = inspected.width, inspected.height
    _validate(photo, DocumentErrorCode.PHOTO_INVALID)
    _store(photo, inspected, getattr(upload, "name", ""), acting_user)
    return photo


@transaction.atomic
def photo_update(*, photo: Photo, data: Mapping[str, Any], acting_user=None) -> Photo:
    model_update(
        instance=photo,
        fields=PHOTO_EDITABLE_FIELDS,
        data=data,
        clean=lambda row: _validate(row, DocumentErrorCode.PHOTO_INVALID),
    )
    return photo


# --- Delete (both) ------------------------------------------------------------------------------------------


@transaction.atomic
def stored_file_delete(*, row: StoredFile, acting_user=None) -> None:
    """Delete a document or a photo; its file is removed once the deletion is committed."""
    storage, name = row.file.storage, row.file.name
    row.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
