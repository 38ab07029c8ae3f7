"""The names of product fields outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Product

PRODUCT = Vocabulary(
    Product,
    {
        "id": "id",
        "code": "codigo",
        "description": "descripcion",
        "kind": "tipo",
        "width_cm": "ancho_cm",
        "height_cm": "alto_cm",
        "cost": "costo",
        "sale_price": "precio_venta",
        "status": "estado",
        "location": "ubicacion",
        "notes": "notas",
        "sold_at": "vendido_en",
        "sold_to": "vendido_a",
        "sold_price": "precio_vendido",
        "sold_by": "vendido_por",
        "created_by": "creado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)

#: The sale request (``POST /api/products/sell/{id}/``): model field → JSON key.
SALE_KEYS = {"client": "cliente", "price": "precio"}
