import json

from django.http import HttpResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from ..filters import OrderFilter, order_search
from ..pdf import order_pdf, order_pdf_filename
from ..selectors import order_list
from ..services import KEEP, order_create, order_delete, order_transition, order_update, payment_register
from .serializers import OrderSerializer, PaymentSerializer, TransitionSerializer

ORDER_EXAMPLE = {
    "cliente": "0b6f7c1e-8a52-4c1e-9a55-3f0f2c1d9e10",
    "servicio": "enmarcado",
    "fecha_prometida": "2026-12-15",
    "prioridad": "urgente",
    "notas": "Retira la señora Andrade.",
    "lineas": [
        {
            "descripcion": "Enmarcado de lámina 40×50",
            "cantidad": "1",
            "precio_unitario": "45.00",
            "descuento_porcentaje": "10",
            "ancho_cm": "40",
            "alto_cm": "50",
            "moldura": "Madera natural 3 cm",
            "vidrio": "Antirreflejo",
            "paspartu": "Blanco 5 cm",
        },
        {"descripcion": "Impresión fine art 40×50", "cantidad": "1", "precio_unitario": "20.00"},
    ],
    "pagos": [{"monto": "30.00", "forma_pago": "efectivo"}],
}

ORDER_RULES = _(
    "El número (`PED-2026-00001`) lo asigna el sistema. Los importes (`subtotal`, `descuento`, `iva`, `total`, "
    "`saldo` y los de cada línea) se calculan en el servidor y se redondean como indica la configuración; el IVA "
    "de una línea sin `tasa_iva` es el configurado. Un pago por encima del saldo se rechaza (400 "
    "`order_payment_exceeds_balance`). Las líneas de un pedido entregado o cancelado no cambian (409 "
    "`order_lines_frozen`); en ellos solo cambian las `notas` (409 `order_closed`)."
)


class PdfRenderer(BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; errors still go out as JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, default=str).encode()


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar pedidos"),
        description=_(
            "Pedidos del negocio, del más reciente al más antiguo, con su cliente, líneas y pagos. Filtros: "
            "`estado`, `servicio` (código), `cliente` (id), `prioridad`, `fecha_desde`/`fecha_hasta`, `vencido` "
            "(fecha prometida pasada y sin entregar), `con_saldo`, `contrato` (id del contrato con el colegio); "
            "`search` busca por número, nombre o documento "
            "del cliente sin importar tildes."
        ),
    ),
    retrieve=extend_schema(summary=_("Detalle de un pedido"), description=_("El pedido con sus líneas y pagos.")),
    create=extend_schema(
        summary=_("Registrar un pedido"),
        description=format_lazy("{} {}", _("Con sus líneas y, si hay, el anticipo en `pagos`."), ORDER_RULES),
        examples=[OpenApiExample(_("Enmarcado con anticipo"), value=ORDER_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary=_("Actualizar un pedido"),
        description=format_lazy(
            "{} {}",
            _("Si se envían `lineas`, reemplazan a las actuales. Los pagos se registran aparte."),
            ORDER_RULES,
        ),
    ),
    partial_update=extend_schema(
        summary=_("Actualizar parte de un pedido"),
        description=format_lazy("{} {}", _("Solo cambia lo que se envía."), ORDER_RULES),
    ),
    destroy=extend_schema(
        summary=_("Eliminar un pedido"),
        description=_("Un pedido con pagos no se elimina (409 `order_has_payments`): cancélelo."),
    ),
)
@extend_schema(tags=["orders"])
class OrderViewSet(viewsets.ModelViewSet):
    """Orders with their lines and payments; status steps, payments and the PDF receipt as actions."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return order_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        lines, payments = data.pop("lines", []), data.pop("payments", [])
        contract = data.pop("contract_ref", None)
        order = order_create(
            data=data, lines=lines, payments=payments, contract=contract, acting_user=self.request.user
        )
        serializer.instance = _fresh(order)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        lines = data.pop("lines", None)
        data.pop("payments", None)
        contract = data.pop("contract_ref", KEEP)
        order = order_update(
            order=serializer.instance, data=data, lines=lines, contract=contract, acting_user=self.request.user
        )
        serializer.instance = _fresh(order)

    def perform_destroy(self, instance):
        order_delete(order=instance, acting_user=self.request.user)

    @extend_schema(
        summary=_("Buscar pedidos"),
        description=_(
            "`q`: palabras que deben aparecer en el número del pedido o en el nombre o documento del cliente, sin "
            "importar tildes ni mayúsculas. Sin `q`, todos los pedidos. Admite los mismos filtros y paginación "
            "que la lista."
        ),
        parameters=[OpenApiParameter("q", str, description=_("Texto a buscar (hasta 200 caracteres)."))],
        responses=OrderSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="search")
    def search(self, request):
        queryset = order_search(self.filter_queryset(self.get_queryset()), request.query_params.get("q"))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _fresh(order):
    return order_list().get(pk=order.pk)


class _OrderActionView(GenericAPIView):
    """A step on one order (``/api/orders/{id}/…``): the order is found in the business's orders or it is a 404."""

    filterset_class = None
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    def get_queryset(self):
        return order_list()


@extend_schema(tags=["orders"])
class OrderTransitionView(_OrderActionView):
    required_permissions = {"POST": ["orders.change_order"]}
    serializer_class = TransitionSerializer

    @extend_schema(
        summary=_("Cambiar el estado"),
        description=_(
            "Un paso del flujo `PENDIENTE → EN_PROCESO → LISTO → ENTREGADO`, o `CANCELADO` desde cualquier estado "
            "abierto. Otro paso: 409 `order_transition_not_allowed`; cancelar uno entregado: 409 "
            "`order_delivered_not_cancellable`. Entregar con saldo pendiente: 409 `order_balance_open`, salvo con "
            "`autorizar_saldo` y `motivo` por un Gerente o Administrador (otro rol: 403 `order_override_forbidden`). "
            "Un pedido cancelado con pagos muestra `a_reembolsar`."
        ),
        request=TransitionSerializer,
        responses=OrderSerializer,
    )
    def post(self, request, pk=None):
        order = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order_transition(
            order=order,
            status=data["status"],
            reason=data.get("status_reason", ""),
            override=data.get("override", False),
            acting_user=request.user,
        )
        return Response(OrderSerializer(_fresh(order), context=self.get_serializer_context()).data)


@extend_schema(tags=["orders"])
class OrderPaymentsView(_OrderActionView):
    required_permissions = {
        "GET": ["orders.view_order"],
        "HEAD": ["orders.view_order"],
        "POST": ["orders.change_order"],
    }
    serializer_class = PaymentSerializer

    @extend_schema(
        summary=_("Pagos de un pedido"),
        description=_("Los pagos registrados, del primero al último."),
        responses=PaymentSerializer(many=True),
    )
    def get(self, request, pk=None):
        order = self.get_object()
        page = self.paginate_queryset(order.payment_rows)
        return self.get_paginated_response(PaymentSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Registrar un pago"),
        description=_(
            "Un anticipo o abono: `monto`, `forma_pago` (efectivo, transferencia, tarjeta), `fecha` (hoy si se "
            "omite), `referencia`. Por encima del saldo: 400 `order_payment_exceeds_balance`; en un pedido "
            "cancelado: 409 `order_payment_not_allowed`."
        ),
        request=PaymentSerializer,
        responses={201: PaymentSerializer},
    )
    def post(self, request, pk=None):
        order = self.get_object()
        serializer = PaymentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payment = payment_register(order=order, data=serializer.validated_data, acting_user=request.user)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["orders"])
class OrderPdfView(_OrderActionView):
    required_permissions = {"GET": ["orders.view_order"], "HEAD": ["orders.view_order"]}
    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(
        summary=_("Comprobante en PDF"),
        description=_("El pedido imprimible, con los datos y el logotipo del negocio, sus líneas, pagos y saldo."),
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("El PDF."))},
    )
    def get(self, request, pk=None):
        order = self.get_object()
        response = HttpResponse(order_pdf(order), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{order_pdf_filename(order)}"'
        return response
