"""The names of production fields outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import PlannedMaterial, ProductionEntry, ProductionOrder

PRODUCTION_ORDER = Vocabulary(
    ProductionOrder,
    {
        "id": "id",
        "number": "numero",
        "customer_order": "pedido",
        "description": "descripcion",
        "kind": "tipo",
        "quantity": "piezas",
        "width_cm": "ancho_cm",
        "height_cm": "alto_cm",
        "moulding": "moldura",
        "glass": "vidrio",
        "mat": "paspartu",
        "backing": "fondo",
        "status": "estado",
        "responsible": "responsable",
        "planned_start": "inicio_planificado",
        "planned_end": "fin_planificado",
        "started_at": "inicio_real",
        "finished_at": "fin_real",
        "cancelled_at": "cancelada_en",
        "notes": "notas",
        "created_by": "creado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
    extra=("materiales_planificados", "moldura_necesaria_m", "registro", "eficiencia", "productos"),
)

PLANNED_MATERIAL = Vocabulary(
    PlannedMaterial,
    {"id": "id", "position": "posicion", "material": "material", "quantity": "cantidad", "notes": "nota"},
)

PRODUCTION_ENTRY = Vocabulary(
    ProductionEntry,
    {
        "id": "id",
        "kind": "tipo",
        "material": "material",
        "quantity": "cantidad",
        "reason": "motivo",
        "note": "nota",
        "unit_cost": "costo_unitario",
        "created_at": "creado_en",
    },
)
