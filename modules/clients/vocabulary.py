"""The names of client fields outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Client

CLIENT = Vocabulary(
    Client,
    {
        "id": "id",
        "client_type": "tipo",
        "document_type": "tipo_documento",
        "document": "documento",
        "name": "nombre",
        "email": "email",
        "phone": "telefono",
        "address": "direccion",
        "city": "ciudad",
        "notes": "notas",
        "is_active": "es_activo",
        "institution_code": "codigo_institucion",
        "contact_name": "contacto_nombre",
        "contact_role": "contacto_cargo",
        "levels": "niveles",
        "student_count": "numero_estudiantes",
        "school_year_start_month": "mes_inicio_anio_lectivo",
        "created_by": "creado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)
