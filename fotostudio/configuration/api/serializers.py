"""Settings as the API shows them: the row (``id``, ``clave``, who changed it and when) with what its definition
says (group, type, label, help, default, limits, choices) and its current value."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer
from tenants.choices import Language

from ..definitions import SettingDefinition, SettingType
from ..models import Setting
from ..registry import setting_definition
from ..selectors import setting_effective_values
from ..vocabulary import SETTING


class SettingChoiceSerializer(serializers.Serializer):
    valor = serializers.CharField(help_text=gettext_lazy("El valor que se guarda."))
    etiqueta = serializers.CharField(help_text=gettext_lazy("Cómo se muestra."))


class SettingSerializer(VocabularySerializer):
    grupo = serializers.SerializerMethodField(
        help_text=gettext_lazy("El grupo del ajuste (la parte de la clave antes del punto).")
    )
    tipo = serializers.SerializerMethodField(help_text=gettext_lazy("El tipo de valor que acepta."))
    etiqueta = serializers.SerializerMethodField()
    ayuda = serializers.SerializerMethodField()
    valor = serializers.SerializerMethodField(
        help_text=gettext_lazy("El valor actual: texto, número entero, booleano, o texto para decimales y horas.")
    )
    valor_por_defecto = serializers.SerializerMethodField()
    obligatoria = serializers.SerializerMethodField(
        help_text=gettext_lazy("Si es obligatoria, siempre tiene valor y no se puede eliminar (409), solo cambiar.")
    )
    editable = serializers.SerializerMethodField(
        help_text=gettext_lazy("Si se puede cambiar desde la API (una imagen se sube en el panel).")
    )
    opciones = serializers.SerializerMethodField(
        help_text=gettext_lazy("Los valores posibles de un ajuste de tipo opción.")
    )
    minimo = serializers.SerializerMethodField()
    maximo = serializers.SerializerMethodField()
    actualizado_por = AuthorSerializer(source="updated_by", read_only=True, allow_null=True)

    class Meta:
        model = Setting
        vocabulary = SETTING
        fields = SETTING.keys()
        read_only_fields = fields

    def _definition(self, setting: Setting) -> SettingDefinition:
        return setting_definition(setting.key)

    def get_grupo(self, setting: Setting) -> str:
        return self._definition(setting).group

    @extend_schema_field(serializers.ChoiceField(choices=SettingType.choices))
    def get_tipo(self, setting: Setting) -> str:
        return self._definition(setting).type

    def get_etiqueta(self, setting: Setting) -> str:
        return str(self._definition(setting).label)

    def get_ayuda(self, setting: Setting) -> str:
        return str(self._definition(setting).help)

    @extend_schema_field(OpenApiTypes.ANY)
    def get_valor(self, setting: Setting) -> Any:
        values = self.context.get("values")
        if values is None or setting.key not in values:
            values = setting_effective_values([setting])
        return self._definition(setting).to_json(values[setting.key])

    @extend_schema_field(OpenApiTypes.ANY)
    def get_valor_por_defecto(self, setting: Setting) -> Any:
        definition = self._definition(setting)
        return None if definition.type == SettingType.IMAGE else definition.to_json(definition.default)

    def get_obligatoria(self, setting: Setting) -> bool:
        return self._definition(setting).required

    def get_editable(self, setting: Setting) -> bool:
        return self._definition(setting).api_writable

    @extend_schema_field(SettingChoiceSerializer(many=True))
    def get_opciones(self, setting: Setting) -> list[dict[str, str]]:
        return [{"valor": value, "etiqueta": str(label)} for value, label in self._definition(setting).choices]

    @extend_schema_field(OpenApiTypes.ANY)
    def get_minimo(self, setting: Setting) -> Any:
        return self._definition(setting).to_json(self._definition(setting).min_value)

    @extend_schema_field(OpenApiTypes.ANY)
    def get_maximo(self, setting: Setting) -> Any:
        return self._definition(setting).to_json(self._definition(setting).max_value)


VALUE_HELP = gettext_lazy(
    "El valor, del tipo del ajuste: texto, número entero, `true`/`false`, un decimal como texto o número "
    '(`"15.00"`), una hora `HH:MM`, una zona horaria (`America/Guayaquil`) o una de sus opciones.'
)


@extend_schema_serializer(description=gettext_lazy("Un ajuste nuevo: su clave y su valor."))
class SettingCreateSerializer(serializers.Serializer):
    clave = serializers.CharField(source="key", max_length=100, help_text=gettext_lazy("La clave del ajuste."))
    valor = serializers.JSONField(source="value", allow_null=True, help_text=VALUE_HELP)


@extend_schema_serializer(description=gettext_lazy("El valor nuevo de un ajuste."))
class SettingUpdateSerializer(serializers.Serializer):
    clave = serializers.CharField(
        source="key",
        max_length=100,
        required=False,
        help_text=gettext_lazy("Opcional; si se envía, debe ser la del ajuste."),
    )
    valor = serializers.JSONField(source="value", allow_null=True, help_text=VALUE_HELP)


@extend_schema_serializer(description=gettext_lazy("La configuración general del sistema para este negocio."))
class SystemConfigurationSerializer(serializers.Serializer):
    """Sources are the keys of ``selectors.system_configuration`` and of ``services.SYSTEM_FIELDS``."""

    id = serializers.UUIDField(read_only=True, help_text=gettext_lazy("El identificador del negocio."))
    version_api = serializers.CharField(read_only=True, help_text=gettext_lazy("La versión de esta API."))
    version_db = serializers.CharField(read_only=True, help_text=gettext_lazy("La versión del servidor PostgreSQL."))
    idioma_default = serializers.ChoiceField(
        source="language",
        choices=Language.choices,
        required=False,
        help_text=gettext_lazy("El idioma del panel y de la API para quien no haya elegido otro."),
    )
    zona_horaria = serializers.CharField(
        source="timezone",
        max_length=64,
        required=False,
        help_text=gettext_lazy("La zona horaria del negocio (IANA, por ejemplo America/Guayaquil)."),
    )
    activado = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("Si el negocio está activo (uno desactivado no responde: 403).")
    )
    modo_mantenimiento = serializers.BooleanField(
        source="maintenance",
        required=False,
        help_text=gettext_lazy("Activado: solo los administradores pueden guardar cambios (los demás reciben 503)."),
    )
    actualizado_en = serializers.DateTimeField(
        read_only=True, help_text=gettext_lazy("Cuándo cambió por última vez la configuración del negocio.")
    )

    def validate(self, attrs):
        if not attrs:  # an empty body (or only read-only keys) would change nothing: say what is expected
            keys = [name for name, field in self.fields.items() if not field.read_only]
            raise serializers.ValidationError(
                _("Envíe al menos uno de estos campos: %(fields)s.") % {"fields": ", ".join(keys)}
            )
        return attrs
