from fotostudio.api.filters import ApiFilterSet

from .models import Contract
from .vocabulary import CONTRACT


class ContractFilter(ApiFilterSet):
    """``?es_activo=``, ``?creado_en_desde=`` / ``?creado_en_hasta=``, ``?search=`` and ``?ordering=``."""

    class Meta:
        model = Contract
        vocabulary = CONTRACT
        fields = {"is_active": ["exact"], "created_at": ["date__gte", "date__lte"]}
        search = "search_text"
        ordering = ("name", "created_at", "updated_at")
