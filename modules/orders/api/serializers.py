"""Orders as the API shows them: Spanish keys from the vocabularies; lines and payments nested.

Amounts (``subtotal``, ``descuento``, ``iva``, ``total``, ``pagado``, ``saldo`` and each line's) are
computed by the service and read-only: a value sent for them is ignored.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer
from modules.clients.models import Client

from ..models import Order, OrderLine, OrderStatus, Payment, ServiceType
from ..vocabulary import ORDER, ORDER_LINE, PAYMENT

MAX_LINES = 200
MAX_PAYMENTS = 20


class OrderLineSerializer(VocabularySerializer):
    class Meta:
        model = OrderLine
        vocabulary = ORDER_LINE
        fields = ORDER_LINE.keys()
        read_only_fields = ["id", "posicion", "subtotal", "descuento", "iva", "total"]
        extra_kwargs = {"tasa_iva": {"help_text": _("Omitido o null: el IVA configurado del negocio.")}}


class PaymentSerializer(VocabularySerializer):
    registrado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Payment
        vocabulary = PAYMENT
        fields = PAYMENT.keys()
        read_only_fields = ["id", "creado_en"]
        extra_kwargs = {"fecha": {"required": False}, "referencia": {"required": False}}


class OrderSerializer(VocabularySerializer):
    cliente = serializers.PrimaryKeyRelatedField(
        source="client", queryset=Client.objects.all(), help_text=_("Id del cliente (particular o colegio).")
    )
    cliente_nombre = serializers.CharField(source="client.name", read_only=True)
    servicio = serializers.SlugRelatedField(
        source="service_type",
        slug_field="code",
        queryset=ServiceType.objects.all(),
        help_text=_(
            "Código del tipo de servicio (sesion_fotos, impresion, enmarcado, recordatorio, diseno, restauracion…)."
        ),
    )
    lineas = OrderLineSerializer(source="lines", many=True, required=False, max_length=MAX_LINES)
    pagos = PaymentSerializer(
        source="payments",
        many=True,
        required=False,
        max_length=MAX_PAYMENTS,
        help_text=_("Solo al registrar el pedido (un anticipo); después, `POST /api/orders/{id}/payments/`."),
    )
    vencido = serializers.BooleanField(source="is_overdue", read_only=True)
    a_reembolsar = serializers.DecimalField(source="refund_due", max_digits=14, decimal_places=2, read_only=True)
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Order
        vocabulary = ORDER
        fields = [*ORDER.keys()[:3], "cliente_nombre", *ORDER.keys()[3:], "vencido", "a_reembolsar", "lineas", "pagos"]
        read_only_fields = [
            "id",
            "numero",
            "estado",
            "subtotal",
            "descuento",
            "iva",
            "total",
            "pagado",
            "saldo",
            "estado_cambiado_en",
            "entregado_en",
            "cancelado_en",
            "motivo_estado",
            "entregado_con_saldo",
            "creado_en",
            "actualizado_en",
        ]

    def validate_pagos(self, value):
        if self.instance is not None:
            raise serializers.ValidationError(
                _("Los pagos se registran con POST /api/orders/{id}/payments/, no al actualizar el pedido.")
            )
        return value


class TransitionSerializer(serializers.Serializer):
    estado = serializers.ChoiceField(
        source="status", choices=OrderStatus.choices, help_text=_("El estado al que pasa el pedido.")
    )
    motivo = serializers.CharField(
        source="status_reason",
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text=_("Obligatorio al entregar con saldo pendiente."),
    )
    autorizar_saldo = serializers.BooleanField(
        source="override",
        required=False,
        default=False,
        help_text=_("Entregar aunque quede saldo (solo Gerente o Administrador, con `motivo`)."),
    )
