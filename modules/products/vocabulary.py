"""The names of producto fields outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Product

PRODUCT = Vocabulary(
    Product,
    {
        "id": "id",
        "name": "nombre",
        "notes": "notas",
        "is_active": "es_activo",
        "created_by": "creado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)
