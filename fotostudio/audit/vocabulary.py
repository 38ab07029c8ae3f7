"""The names of the logs' fields outside Python: JSON keys and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import AccessLog, AuditEvent

AUDIT_EVENT = Vocabulary(
    AuditEvent,
    {
        "id": "id",
        "created_at": "fecha",
        "action": "accion",
        "model": "modelo",
        "object_id": "registro_id",
        "user": "usuario",
        "ip_address": "ip",
        "request_id": "id_peticion",
        "path": "ruta",
        "channel": "canal",
    },
)

ACCESS_LOG = Vocabulary(
    AccessLog,
    {
        "id": "id",
        "created_at": "fecha",
        "result": "resultado",
        "channel": "canal",
        "user": "usuario",
        "username": "usuario_intentado",
        "ip_address": "ip",
        "user_agent": "navegador",
    },
)
