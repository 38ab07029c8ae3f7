"""The lists' query parameters; the record filters (``?cliente=<id>``, ``?lote=<id>``…) are added for
the kinds of record the business has (``fotostudio.api.links.LinkFilterBackend``)."""

from fotostudio.api.filters import ApiFilterSet

from .models import Document, Photo
from .vocabulary import DOCUMENT, PHOTO


class DocumentFilter(ApiFilterSet):
    """``?tipo_documento=``, ``?tipo_contenido=``, ``?creado_en_desde=`` / ``?creado_en_hasta=``, ``?search=``,
    ``?ordering=``."""

    class Meta:
        model = Document
        vocabulary = DOCUMENT
        fields = {
            "document_type": ["exact"],
            "mime_type": ["exact"],
            "created_at": ["date__gte", "date__lte"],
        }
        search = "search_text"
        ordering = ("name", "document_type", "size", "created_at")


class PhotoFilter(ApiFilterSet):
    """``?tipo_foto=``, ``?creado_en_desde=`` / ``?creado_en_hasta=``, ``?search=``, ``?ordering=``."""

    class Meta:
        model = Photo
        vocabulary = PHOTO
        fields = {"photo_type": ["exact"], "created_at": ["date__gte", "date__lte"]}
        search = "search_text"
        ordering = ("size", "created_at")
