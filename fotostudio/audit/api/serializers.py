"""The logs in the API: Spanish keys from ``fotostudio.audit.vocabulary``."""

from __future__ import annotations

from rest_framework import serializers

from fotostudio.api.serializers import VocabularySerializer

from ..models import AccessLog, AuditEvent
from ..selectors import audit_model_label
from ..vocabulary import ACCESS_LOG, AUDIT_EVENT


class ActorSerializer(serializers.Serializer):
    """Who: the user's id and name (``null`` when nobody was signed in, or for a script)."""

    id = serializers.UUIDField(source="user_id", read_only=True)
    username = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        if instance.user_id is None and not instance.username:
            return None
        return super().to_representation(instance)


class AccessLogActorSerializer(ActorSerializer):
    """The account the attempt was for, with its current name (what was typed is ``usuario_intentado``)."""

    username = serializers.CharField(source="user.username", read_only=True, default="")

    def to_representation(self, instance):
        return None if instance.user_id is None else super().to_representation(instance)


class AccessLogSerializer(VocabularySerializer):
    usuario = AccessLogActorSerializer(source="*", read_only=True, allow_null=True)
    resultado_nombre = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = AccessLog
        vocabulary = ACCESS_LOG
        fields = [
            "id",
            "fecha",
            "resultado",
            "resultado_nombre",
            "canal",
            "usuario",
            "usuario_intentado",
            "ip",
            "navegador",
        ]
        read_only_fields = fields


class AuditEventSerializer(VocabularySerializer):
    """A line of the trail: what, which record, who, when, from where. What changed is in the detail."""

    usuario = ActorSerializer(source="*", read_only=True, allow_null=True)
    accion_nombre = serializers.CharField(source="get_action_display", read_only=True)
    modelo_nombre = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        vocabulary = AUDIT_EVENT
        fields = [
            "id",
            "fecha",
            "accion",
            "accion_nombre",
            "modelo",
            "modelo_nombre",
            "registro_id",
            "usuario",
            "ip",
            "id_peticion",
            "ruta",
            "canal",
        ]
        read_only_fields = fields

    def get_modelo_nombre(self, event: AuditEvent) -> str:
        return audit_model_label(event.model)


class ChangeSerializer(serializers.Serializer):
    campo = serializers.CharField(source="key", read_only=True)
    etiqueta = serializers.CharField(source="label", read_only=True)
    antes = serializers.JSONField(source="before", read_only=True)
    despues = serializers.JSONField(source="after", read_only=True)


class ExportSerializer(serializers.Serializer):
    filas = serializers.IntegerField(source="row_count", read_only=True)
    formato = serializers.CharField(source="file_format", read_only=True)
    filtros = serializers.JSONField(source="filters", read_only=True)


class AuditEventDetailSerializer(AuditEventSerializer):
    """The line, plus the record's values and what the event changed in them, or an export's details."""

    datos = serializers.DictField(source="detail.data", read_only=True)
    cambios = ChangeSerializer(source="detail.changes", many=True, read_only=True)
    antes_disponible = serializers.BooleanField(source="detail.before_known", read_only=True)
    exportacion = ExportSerializer(source="detail.export", read_only=True, allow_null=True)

    class Meta(AuditEventSerializer.Meta):
        fields = [*AuditEventSerializer.Meta.fields, "datos", "cambios", "antes_disponible", "exportacion"]
        read_only_fields = fields
