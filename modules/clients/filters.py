"""One FilterSet for the API's query parameters, the admin's export and the report pages."""

from fotostudio.api.filters import ApiFilterSet

from .models import Client
from .vocabulary import CLIENT


class ClientFilter(ApiFilterSet):
    """``?tipo=``, ``?tipo_documento=``, ``?ciudad=`` (any case), ``?es_activo=``,
    ``?creado_en_desde=`` / ``?creado_en_hasta=`` (dates, whole days), ``?search=`` and ``?ordering=``."""

    class Meta:
        model = Client
        vocabulary = CLIENT
        fields = {
            "client_type": ["exact"],
            "document_type": ["exact"],
            "city": ["iexact"],
            "is_active": ["exact"],
            "created_at": ["date__gte", "date__lte"],
        }
        search = "search_text"
        ordering = ("name", "document", "city", "client_type", "created_at", "updated_at")
