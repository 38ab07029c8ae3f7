"""The names of the metrics module outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import KpiDefinition

KPI_DEFINITION = Vocabulary(
    KpiDefinition,
    {
        "id": "id",
        "name": "nombre",
        "measure": "medida",
        "unit": "unidad",
        "period": "periodo",
        "target": "meta",
        "direction": "sentido",
        "good_threshold": "umbral_bueno",
        "warning_threshold": "umbral_alerta",
        "notes": "notas",
        "is_active": "es_activo",
        "created_by": "creado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
    extra=("unit",),
)

#: Query parameters of the computed figures.
SINCE = "desde"
UNTIL = "hasta"
GRANULARITY = "granularidad"
MEASURE = "medida"
PERIODS = "periodos"
PERIOD = "periodo"
AGAINST = "contra"

#: Granularities of the series: outside name → ``date_trunc`` kind, and the most buckets each allows.
GRANULARITIES = {"dia": "day", "semana": "week", "mes": "month"}
MAX_BUCKETS = {"dia": 366, "semana": 260, "mes": 120}
