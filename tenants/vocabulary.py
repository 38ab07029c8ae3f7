"""The names of tenant fields outside Python (JSON keys, query parameters)."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Tenant

TENANT = Vocabulary(
    Tenant,
    {
        "id": "id",
        "name": "nombre",
        "schema_name": "slug",
        "business_type": "tipo_negocio",
        "plan": "plan",
        "is_active": "es_activo",
        "timezone": "zona_horaria",
        "language": "idioma",
        "logo": "logo",
        "created_at": "creado_en",
    },
)
