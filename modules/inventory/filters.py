from fotostudio.api.filters import ApiFilterSet

from .models import Material, StockMovement
from .vocabulary import MATERIAL, MOVEMENT


class MaterialFilter(ApiFilterSet):
    """``?es_activo=``, ``?unidad=``, ``?proveedor=``, ``?ubicacion=``, ``?search=`` and ``?ordering=``."""

    class Meta:
        model = Material
        vocabulary = MATERIAL
        fields = {
            "is_active": ["exact"],
            "unit": ["exact"],
            "supplier": ["iexact"],
            "location": ["iexact"],
            "created_at": ["date__gte", "date__lte"],
        }
        search = "search_text"
        ordering = ("name", "sku", "quantity_on_hand", "unit_cost", "created_at", "updated_at")


class MovementFilter(ApiFilterSet):
    """``?material=<id>``, ``?tipo=``, ``?creado_en_desde=`` / ``?creado_en_hasta=`` and ``?ordering=``."""

    class Meta:
        model = StockMovement
        vocabulary = MOVEMENT
        fields = {"material": ["exact"], "kind": ["exact"], "created_at": ["date__gte", "date__lte"]}
        ordering = ("created_at", "quantity")


class LowStockFilter(ApiFilterSet):
    """``?categoria=`` and ``?proveedor=`` on the low-stock list."""

    class Meta:
        model = Material
        vocabulary = MATERIAL
        fields = {"category": ["exact"], "supplier": ["iexact"]}
