"""The names of inventory fields outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Material, StockMovement

#: The common part of every material, in the order the API and the templates show it.
COMMON = {
    "id": "id",
    "sku": "sku",
    "name": "nombre",
    "category": "categoria",
    "unit": "unidad",
    "unit_cost": "costo_unitario",
    "minimum_stock": "stock_minimo",
    "reorder_quantity": "cantidad_reposicion",
    "supplier": "proveedor",
    "location": "ubicacion",
    "is_active": "es_activo",
    "quantity_on_hand": "existencias",
    "average_cost": "costo_promedio",
    "stock_level": "nivel_stock",
}
ATTRIBUTES = {
    "profile": "perfil",
    "width_cm": "ancho_cm",
    "colour": "color",
    "finish": "acabado",
    "bar_length_m": "largo_barra_m",
    "base": "base",
    "volume_ml": "volumen_ml",
    "material_type": "tipo_material",
    "size": "tamano",
    "serial_number": "numero_serie",
    "expires_on": "vence_el",
}
TRAILER = {"created_by": "creado_por", "created_at": "creado_en", "updated_at": "actualizado_en"}

MATERIAL = Vocabulary(Material, {**COMMON, **ATTRIBUTES, **TRAILER}, extra=("stock_level",))

MOVEMENT = Vocabulary(
    StockMovement,
    {
        "id": "id",
        "material": "material",
        "kind": "tipo",
        "quantity": "cantidad",
        "unit_cost": "costo_unitario",
        "balance_after": "saldo",
        "reference": "referencia",
        "note": "motivo",
        "created_by": "registrado_por",
        "created_at": "creado_en",
    },
)
