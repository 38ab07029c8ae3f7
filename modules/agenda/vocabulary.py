"""The names of agenda fields outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Appointment, Resource

APPOINTMENT = Vocabulary(
    Appointment,
    {
        "id": "id",
        "appointment_type": "tipo",
        "title": "titulo",
        "client": "cliente",
        "starts_at": "inicio",
        "ends_at": "fin",
        "place": "lugar",
        "staff": "personal",
        "resource": "recurso",
        "status": "estado",
        "notes": "notas",
        "overbooked": "reservada_sobre_otra",
        "overbooked_by": "reservada_sobre_otra_por",
        "created_by": "creado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)

RESOURCE = Vocabulary(
    Resource,
    {
        "id": "id",
        "name": "nombre",
        "kind": "tipo",
        "description": "descripcion",
        "is_active": "es_activo",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)
