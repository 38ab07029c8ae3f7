"""Orders as the API shows them: Spanish keys from the vocabularies; lines and payments nested.

Amounts (``subtotal``, ``descuento``, ``iva``, ``total``, ``pagado``, ``saldo`` and each line's) are
computed by the service and read-only: a value sent for them is ignored.
"""

from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer
from modules.clients.models import Client

from ..models import Order, OrderLine, OrderStatus, Payment, ServiceType
from ..vocabulary import ORDER, ORDER_LINE, PAYMENT

MAX_LINES = 200
MAX_PAYMENTS = 20


def _chain(attrs: list[str]):
    if len(attrs) == 1:
        return attrgetter(attrs[0])

    def get(obj):
        for attr in attrs:
            if obj is None:
                return None
            obj = getattr(obj, attr)
        return obj

    return get


class CodeRelatedField(serializers.SlugRelatedField):
    """A related row by its code; a code no row could have (control characters, too long) is «does not exist»."""

    def to_internal_value(self, data):
        if isinstance(data, str) and (len(data) > 100 or any(ord(char) < 32 for char in data)):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data[:100].replace("\x00", ""))
        return super().to_internal_value(data)


def _reader(field):
    """How to read one field of a row quickly, giving exactly what DRF's field gives; ``None``: ask DRF."""
    attrs = field.source_attrs
    if isinstance(field, serializers.PrimaryKeyRelatedField) and len(attrs) == 1 and not field.pk_field:
        get = attrgetter(f"{attrs[0]}_id")  # as DRF's pk-only optimisation: no query
        return lambda obj: None if (value := get(obj)) is None else str(value)
    get = _chain(attrs)
    if isinstance(field, serializers.SlugRelatedField):
        slug = attrgetter(field.slug_field)
        return lambda obj: None if (value := get(obj)) is None else slug(value)
    if type(field) in (serializers.UUIDField,) and field.uuid_format == "hex_verbose":
        return lambda obj: None if (value := get(obj)) is None else str(value)
    if type(field) in (serializers.CharField, serializers.ChoiceField, serializers.SlugField):
        return lambda obj: None if (value := get(obj)) is None else value if isinstance(value, str) else str(value)
    if type(field) is serializers.IntegerField:
        return lambda obj: None if (value := get(obj)) is None else int(value)
    if type(field) is serializers.BooleanField:
        return lambda obj: None if (value := get(obj)) is None else bool(value)
    if type(field) is serializers.DateTimeField:
        return _datetime_reader(field, get)
    if type(field) is serializers.DateField and getattr(field, "format", api_settings.DATE_FORMAT) == "iso-8601":
        return lambda obj: None if (value := get(obj)) is None else value.isoformat()
    coerce = getattr(field, "coerce_to_string", None)
    coerce = api_settings.COERCE_DECIMAL_TO_STRING if coerce is None else coerce
    if type(field) is serializers.DecimalField and coerce and not field.localize and not field.normalize_output:
        return _decimal_reader(field, get)
    if type(field) is AuthorSerializer:
        return _nested_reader(field, get)
    return None


def _datetime_reader(field, get):
    """DRF's ``DateTimeField`` output (ISO 8601 in the current time zone, ``Z`` for UTC) of aware date-times."""
    to_json = field.to_representation
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    iso = isinstance(output_format, str) and output_format.lower() == "iso-8601"
    if not (iso and settings.USE_TZ and not hasattr(field, "timezone")):
        return lambda obj: None if not (value := get(obj)) else to_json(value)
    current_timezone = timezone.get_current_timezone

    def read(obj):
        value = get(obj)
        if not value:
            return None
        if value.utcoffset() is None:
            return to_json(value)  # a naive date-time: DRF's own rules
        text = value.astimezone(current_timezone()).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return read


def _decimal_reader(field, get):
    """DRF's ``DecimalField`` output: the value at the field's places, as text."""
    places = field.decimal_places
    to_json = field.to_representation

    def read(obj):
        value = get(obj)
        if value is None:
            return None
        if type(value) is Decimal:
            text = str(value)
            # Already at the field's places (every stored amount): plain notation with ``places`` decimals.
            if places and len(text) > places and text[-places - 1] == "." and "E" not in text:
                return text
        return to_json(value)

    return read


def _nested_reader(field, get):
    """A nested serializer of plain fields (an author): a dict of its fields, or ``None``."""
    readers = [(name, _field_reader(child)) for name, child in field.fields.items()]

    def read(obj):
        value = get(obj)
        return None if value is None else {name: read_field(value) for name, read_field in readers}

    return read


class FastReadMixin:
    """Rows to JSON without DRF's per-field machinery where a field's output is plain (ids, text, choices,
    numbers, amounts, dates, date-times, authors); other fields go through DRF as usual.

    The orders list serialises thousands of values a page; this keeps it close to a bare list (see the
    benchmark ``tests/benchmarks/bench_orders_list.py``). ``test_fast_output_equals_drfs`` pins the equality.

    The plan (how to read each key) is built once per class, from the fields of a serializer without
    context: the output of these serializers never depends on the request (no links, no per-user fields),
    so no request builds DRF's fields to read a row.
    """

    #: key → attribute read instead of the field's source on output (a prefetched list: ``Prefetch(to_attr=…)``).
    read_sources: dict[str, str] = {}

    @classmethod
    def read_plan(cls) -> list[tuple[str, Callable[[Any], Any]]]:
        plan = cls.__dict__.get("_read_plan")
        if plan is None:
            plan = cls._build_read_plan(cls().fields)
            cls._read_plan = plan
        return plan

    @classmethod
    def _build_read_plan(cls, fields) -> list[tuple[str, Callable[[Any], Any]]]:
        plan = []
        for name, field in fields.items():
            if field.write_only:
                continue
            if name in cls.read_sources:
                plan.append((name, _rows_reader(field, attrgetter(cls.read_sources[name]))))
                continue
            plan.append((name, _field_reader(field)))
        return plan

    def to_representation(self, instance):
        return {name: read(instance) for name, read in self.read_plan()}

    def drf_representation(self, instance):
        return super().to_representation(instance)


def _field_reader(field):
    """The quick reader of a field, or DRF's own field when there is none."""
    return _reader(field) or (lambda obj: _drf_value(field, obj))


def _drf_value(field, obj):
    try:
        attribute = field.get_attribute(obj)
    except SkipField:
        return None
    if attribute is None:
        return None
    check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
    return None if check is None else field.to_representation(attribute)


def _rows_reader(field, read_rows):
    """A nested list read from a prefetched list: with the child's plan when it has one."""
    child = getattr(field, "child", None)
    if isinstance(child, FastReadMixin):
        plan = type(child).read_plan()
        return lambda obj: [{name: read(row) for name, read in plan} for row in read_rows(obj)]
    return lambda obj: field.to_representation(read_rows(obj))


class OrderLineSerializer(FastReadMixin, VocabularySerializer):
    class Meta:
        model = OrderLine
        vocabulary = ORDER_LINE
        fields = ORDER_LINE.keys()
        read_only_fields = ["id", "posicion", "subtotal", "descuento", "iva", "total"]
        extra_kwargs = {
            "tasa_iva": {"help_text": _("Omitido o null: el IVA configurado del negocio.")},
            "producto": {
                "help_text": _(
                    "Id de un producto terminado disponible o reservado (cantidad 1). Sin `descripcion` ni "
                    "`precio_unitario`, la línea toma los del producto. El pedido lo reserva; al entregarse, se "
                    "vende y entrega; al cancelarse o quitarse la línea, vuelve a estar disponible."
                )
            },
            "descripcion": {"required": False, "help_text": _("Obligatoria salvo en una línea con `producto`.")},
            "precio_unitario": {
                "required": False,
                "help_text": _("Obligatorio salvo en una línea con `producto` (su precio de venta)."),
            },
        }


class PaymentSerializer(FastReadMixin, VocabularySerializer):
    registrado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Payment
        vocabulary = PAYMENT
        fields = PAYMENT.keys()
        read_only_fields = ["id", "creado_en"]
        extra_kwargs = {"fecha": {"required": False}, "referencia": {"required": False}}


class OrderSerializer(FastReadMixin, VocabularySerializer):
    cliente = serializers.PrimaryKeyRelatedField(
        source="client", queryset=Client.objects.all(), help_text=_("Id del cliente (particular o colegio).")
    )
    cliente_nombre = serializers.CharField(source="client.name", read_only=True)
    servicio = CodeRelatedField(
        source="service_type",
        slug_field="code",
        queryset=ServiceType.objects.all(),
        help_text=_(
            "Código del tipo de servicio (sesion_fotos, impresion, enmarcado, recordatorio, diseno, restauracion…)."
        ),
    )
    contrato = serializers.UUIDField(
        source="contract_ref",
        required=False,
        allow_null=True,
        help_text=_(
            "Id del contrato con el colegio al que pertenece el pedido (vigente o en borrador, del colegio que es el "
            "cliente del pedido). Omitido al actualizar: se mantiene; null: se desvincula."
        ),
    )
    contrato_numero = serializers.CharField(source="contract_number", read_only=True, allow_null=True)
    contrato_colegio = serializers.CharField(source="contract_school", read_only=True, allow_null=True)
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

    read_sources = {"lineas": "line_rows", "pagos": "payment_rows"}

    class Meta:
        model = Order
        vocabulary = ORDER
        fields = [
            *ORDER.keys()[:3],
            "cliente_nombre",
            *ORDER.keys()[3:],
            "vencido",
            "a_reembolsar",
            "contrato",
            "contrato_numero",
            "contrato_colegio",
            "lineas",
            "pagos",
        ]
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
