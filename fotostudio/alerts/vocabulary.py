"""The names of alerts' and rules' fields outside Python (the frontend's contract).

The record an alert is about is not here: it appears under its kind's key (``lote``, ``envio``,
``material``…; see ``fotostudio.core.links``).
"""

from fotostudio.core.vocabulary import Vocabulary

from .models import Alert, AlertRule

ALERT = Vocabulary(
    Alert,
    {
        "id": "id",
        "alert_type": "tipo_alerta",
        "priority": "prioridad",
        "description": "descripcion",
        "status": "estado",
        "rule": "regla",
        "created_by": "creada_por",
        "comment": "comentario",
        "actions_taken": "acciones_tomadas",
        "resolved_by": "resuelta_por",
        "resolved_at": "fecha_resolucion",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)

RULE = Vocabulary(
    AlertRule,
    {
        "id": "id",
        "name": "nombre",
        "alert_type": "tipo_alerta",
        "condition": "condicion",
        "action": "accion",
        "active": "activa",
        "created_by": "creada_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)
