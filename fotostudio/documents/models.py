"""Documents (certificates, inspections, invoices…) and photos, each about a record of the business.

The file itself lives in the private storage (``PRIVATE_MEDIA_ROOT/<schema>/documents/…``) under a
random name; what it is (its real content type, size, checksum, the name it was uploaded with) is
recorded here by the service, which checked it (:mod:`fotostudio.documents.files`). The record a
row is about is a generic link (:class:`fotostudio.core.links.RecordLinkModel`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.links import RecordLinkModel
from fotostudio.core.models import TimeStampedModel, search_column, sort_key

from .storage import private_storage


class DocumentType(models.TextChoices):
    """Stored values are the API's values (``tipo_documento``), accents included."""

    CERTIFICATE = "CERTIFICADO", _("Certificado")
    INSPECTION = "INSPECCIÓN", _("Inspección")
    INVOICE = "FACTURA", _("Factura")
    OTHER = "OTRO", _("Otro")


class PhotoType(models.TextChoices):
    PRODUCT = "PRODUCTO", _("Producto")
    PACKAGING = "EMPAQUES", _("Empaques")
    OTHER = "OTRO", _("Otro")


def document_upload_to(instance: StoredFile, filename: str) -> str:
    """A random name with the extension of what the file really is (the service passes it as ``filename``)."""
    return f"{instance.folder}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class StoredFile(RecordLinkModel, TimeStampedModel):
    """What documents and photos share: the file, what it really is, who uploaded it, what it is about."""

    folder = "files"

    file = models.FileField(_("archivo"), upload_to=document_upload_to, storage=private_storage, max_length=255)
    original_name = models.CharField(
        _("nombre del archivo"), max_length=160, editable=False, help_text=_("Como se subió, con la extensión real.")
    )
    mime_type = models.CharField(_("tipo de contenido"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"), editable=False)
    sha256 = models.CharField(_("huella SHA-256"), max_length=64, editable=False)
    description = models.TextField(_("descripción"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("subido por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(RecordLinkModel.Meta):
        abstract = True

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


@audited()
class Document(StoredFile):
    folder = "documents"

    document_type = models.CharField(_("tipo de documento"), max_length=20, choices=DocumentType.choices)
    name = models.CharField(_("nombre"), max_length=200)

    #: Maintained by PostgreSQL: what ``?search=`` looks in.
    search_text = search_column("name", "description", "original_name")

    class Meta(StoredFile.Meta):
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")
        ordering = ["-created_at", "id"]
        constraints = [
            *RecordLinkModel.Meta.constraints,
            models.CheckConstraint(condition=Q(document_type__in=DocumentType.values), name="documents_type_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="documents_document_name_not_empty"),
        ]
        indexes = [
            *RecordLinkModel.Meta.indexes,
            models.Index(fields=["-created_at", "id"], name="documents_document_recent_idx"),
            models.Index(sort_key("name"), F("id"), name="documents_document_order_idx"),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class Photo(StoredFile):
    folder = "photos"

    photo_type = models.CharField(_("tipo de foto"), max_length=20, choices=PhotoType.choices)
    width = models.PositiveIntegerField(_("ancho (px)"), editable=False)
    height = models.PositiveIntegerField(_("alto (px)"), editable=False)

    search_text = search_column("description", "original_name")

    class Meta(StoredFile.Meta):
        verbose_name = _("foto")
        verbose_name_plural = _("fotos")
        ordering = ["-created_at", "id"]
        constraints = [
            *RecordLinkModel.Meta.constraints,
            models.CheckConstraint(condition=Q(photo_type__in=PhotoType.values), name="documents_photo_type_valid"),
            # The API and the admin always link a photo; the column stays nullable so that a linked
            # record's module can be switched off without touching its photos.
        ]
        indexes = [
            *RecordLinkModel.Meta.indexes,
            models.Index(fields=["-created_at", "id"], name="documents_photo_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name or str(self.pk)
