"""Every read of documents and photos: the API, the admin and the panels on other records' pages."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from fotostudio.core import links

from .models import Document, Photo


def document_list() -> QuerySet[Document]:
    """Newest first, with the uploader and the kind of linked record (no query per row)."""
    return Document.objects.select_related("uploaded_by", "link_type").order_by("-created_at", "id")


def photo_list() -> QuerySet[Photo]:
    return Photo.objects.select_related("uploaded_by", "link_type").order_by("-created_at", "id")


def attachments_of(record: models.Model) -> tuple[list[Document], list[Photo]]:
    """The documents and photos about ``record`` (two queries)."""
    kind = links.link_kind_for_model(type(record))
    if kind is None:
        return [], []
    documents = list(links.filter_linked_to(document_list(), kind, record.pk))
    photos = list(links.filter_linked_to(photo_list(), kind, record.pk))
    return documents, photos
