from fotostudio.api.filters import ApiFilterSet

from .models import Product
from .vocabulary import PRODUCT


class ProductFilter(ApiFilterSet):
    """``?es_activo=``, ``?creado_en_desde=`` / ``?creado_en_hasta=``, ``?search=`` and ``?ordering=``."""

    class Meta:
        model = Product
        vocabulary = PRODUCT
        fields = {"is_active": ["exact"], "created_at": ["date__gte", "date__lte"]}
        search = "search_text"
        ordering = ("name", "created_at", "updated_at")
