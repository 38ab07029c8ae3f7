"""Notifications as the frontend's contract shows them.

The record a notification is about appears under its kind's key (``lote``, ``envio``,
``evento_trazabilidad`` in the agro vertical, once their modules exist; any registered kind
elsewhere); at most one is sent. ``alerta`` is the alert it comes from.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.links import LinkedSerializerMixin
from fotostudio.api.serializers import VocabularySerializer
from fotostudio.users.models import User

from ..models import Notification, NotificationPreference, NotificationRead
from ..vocabulary import NOTIFICATION, PREFERENCE, READING

#: Record keys the frontend's contract names for notifications; a 400 "not available" until a module offers them.
CONTRACT_LINK_KEYS = ("lote", "envio", "evento_trazabilidad")


class NotificationSerializer(LinkedSerializerMixin, VocabularySerializer):
    contract_link_keys = CONTRACT_LINK_KEYS

    usuario_destinatario = serializers.PrimaryKeyRelatedField(
        source="recipient",
        queryset=User.objects.all(),
        help_text=_("Id del usuario que la recibe (del mismo negocio)."),
    )

    class Meta:
        model = Notification
        vocabulary = NOTIFICATION
        fields = NOTIFICATION.keys()
        read_only_fields = ["leida", "fecha_lectura", "enviada_por_correo"]
        extra_kwargs = {
            "prioridad": {"required": False},
            "datos_adicionales": {"required": False},
            "fecha_expiracion": {"required": False, "allow_null": True},
            "alerta": {"required": False, "allow_null": True},
            "cuerpo": {"trim_whitespace": False},
        }


class NotificationUpdateSerializer(NotificationSerializer):
    """PUT: the texts, the priority, the extra data and the expiry; who, what type and what about stay."""

    usuario_destinatario = serializers.UUIDField(source="recipient_id", read_only=True)

    class Meta(NotificationSerializer.Meta):
        read_only_fields = [*NotificationSerializer.Meta.read_only_fields, "tipo_notificacion", "alerta"]
        extra_kwargs = {
            **NotificationSerializer.Meta.extra_kwargs,
            "titulo": {"required": False},
            "cuerpo": {"required": False, "trim_whitespace": False},
        }

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if getattr(field, "kind", None) is not None:  # a record key: fixed once sent
                field.read_only = True
        return fields

    def to_internal_value(self, data):
        validated = super().to_internal_value(data)
        validated.pop("link", None)
        return validated


class PreferenceSerializer(VocabularySerializer):
    usuario_email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = NotificationPreference
        vocabulary = PREFERENCE
        fields = ["id", "usuario_email", *PREFERENCE.keys()[1:]]
        extra_kwargs = {
            "intervalo_polling_segundos": {"min_value": 5, "max_value": 3600, "required": False},
            "eliminar_notificaciones_leidas_dias": {"min_value": 1, "max_value": 3650, "required": False},
            "silencioso_horario_inicio": {"required": False, "allow_null": True},
            "silencioso_horario_fin": {"required": False, "allow_null": True},
        }


class ReadingSerializer(VocabularySerializer):
    titulo = serializers.CharField(source="notification.title", read_only=True)

    class Meta:
        model = NotificationRead
        vocabulary = READING
        fields = [*READING.keys(), "titulo"]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    marcadas = serializers.IntegerField(help_text=_("Cuántas notificaciones se marcaron como leídas."))
