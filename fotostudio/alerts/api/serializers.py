"""Alerts and rules as the frontend's contract shows them.

An alert's record appears under its kind's key (``lote``, ``envio`` in the agro vertical once their
modules exist; ``material``, ``pedido``… in a studio); ``tipo_alerta`` is one of the business's types.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.links import LinkedSerializerMixin
from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..conditions import VARIABLES
from ..models import Alert, AlertRule
from ..services import ACTION_HELP
from ..vocabulary import ALERT, RULE

#: Record keys the frontend's contract names for alerts; a 400 "not available" until a module offers them.
CONTRACT_LINK_KEYS = ("lote", "envio")

TYPE_HELP = _(
    "Uno de los tipos de alerta del negocio (los declaran sus módulos: en trazabilidad CALIDAD, LOGISTICA, "
    "PROCESAMIENTO, SINCRONIZACION). Otro responde 400 `alert_type_unknown` con la lista."
)


class AlertSerializer(LinkedSerializerMixin, VocabularySerializer):
    contract_link_keys = CONTRACT_LINK_KEYS

    tipo_alerta = serializers.CharField(source="alert_type", max_length=40, help_text=TYPE_HELP)
    creada_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)
    resuelta_por = AuthorSerializer(source="resolved_by", read_only=True, allow_null=True)

    class Meta:
        model = Alert
        vocabulary = ALERT
        fields = ALERT.keys()
        read_only_fields = ["estado", "regla", "comentario", "acciones_tomadas", "fecha_resolucion"]
        extra_kwargs = {"descripcion": {"trim_whitespace": False}}


class ResolveSerializer(serializers.Serializer):
    comentario = serializers.CharField(
        source="comment", required=False, allow_blank=True, max_length=2000, help_text=_("Cómo se resolvió.")
    )
    acciones_tomadas = serializers.CharField(
        source="actions_taken", required=False, allow_blank=True, max_length=2000, help_text=_("Qué se hizo.")
    )


class RuleSerializer(VocabularySerializer):
    tipo_alerta = serializers.CharField(source="alert_type", max_length=40, help_text=TYPE_HELP)
    creada_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = AlertRule
        vocabulary = RULE
        fields = RULE.keys()
        extra_kwargs = {
            "condicion": {
                "max_length": 1000,
                "help_text": _(
                    "Expresión CEL (Common Expression Language) que debe dar verdadero. Ve %(variables)s: "
                    "`registro` es el registro que cambió con sus claves de la API. Ejemplo: "
                    "`registro.humedad > 14.0`. Un error de sintaxis responde 400 `rule_condition_invalid` "
                    "con la línea y la columna."
                )
                % {"variables": ", ".join(f"`{name}`" for name in VARIABLES)},
            },
            "accion": {"help_text": ACTION_HELP},
            "activa": {"required": False},
        }
