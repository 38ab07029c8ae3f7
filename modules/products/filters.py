from fotostudio.api.filters import ApiFilterSet

from .models import Product
from .vocabulary import PRODUCT


class ProductFilter(ApiFilterSet):
    """``?tipo=``, ``?estado=``, ``?ubicacion=``, ``?vendido_a=``, ``?creado_en_desde=`` / ``?creado_en_hasta=``,
    ``?vendido_en_desde=`` / ``?vendido_en_hasta=``, ``?search=`` (code, description, notes) and ``?ordering=``."""

    class Meta:
        model = Product
        vocabulary = PRODUCT
        fields = {
            "kind": ["exact"],
            "status": ["exact"],
            "location": ["exact"],
            "sold_to": ["exact"],
            "created_at": ["date__gte", "date__lte"],
            "sold_at": ["date__gte", "date__lte"],
        }
        search = "search_text"
        ordering = ("code", "created_at", "sale_price", "sold_at")
