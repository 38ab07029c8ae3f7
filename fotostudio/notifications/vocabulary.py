"""The names of notifications' fields outside Python (the frontend's contract).

The record a notification is about is not here: it appears under the key of its kind
(``lote``, ``envio``, ``evento_trazabilidad``…; see ``fotostudio.core.links``).
"""

from fotostudio.core.vocabulary import Vocabulary

from .models import Notification, NotificationPreference, NotificationRead

NOTIFICATION = Vocabulary(
    Notification,
    {
        "id": "id",
        "recipient": "usuario_destinatario",
        "notification_type": "tipo_notificacion",
        "title": "titulo",
        "body": "cuerpo",
        "priority": "prioridad",
        "alert": "alerta",
        "extra_data": "datos_adicionales",
        "expires_at": "fecha_expiracion",
        "is_read": "leida",
        "read_at": "fecha_lectura",
        "emailed": "enviada_por_correo",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)

PREFERENCE = Vocabulary(
    NotificationPreference,
    {
        "id": "id",
        "alerts_enabled": "alertas_habilitadas",
        "traceability_events_enabled": "eventos_trazabilidad_habilitados",
        "shipment_status_enabled": "estados_envios_habilitados",
        "quality_enabled": "calidad_habilitada",
        "sync_enabled": "sincronizacion_habilitada",
        "system_enabled": "sistema_habilitada",
        "polling_seconds": "intervalo_polling_segundos",
        "delete_read_after_days": "eliminar_notificaciones_leidas_dias",
        "quiet_start": "silencioso_horario_inicio",
        "quiet_end": "silencioso_horario_fin",
    },
)

READING = Vocabulary(
    NotificationRead,
    {"id": "id", "notification": "notificacion", "read_at": "leida_en"},
)
