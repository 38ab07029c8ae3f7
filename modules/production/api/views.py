from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from modules.products.api.serializers import ProductSerializer
from modules.products.selectors import product_list

from ..filters import ProductionOrderFilter
from ..selectors import production_order_list, products_of
from ..services import production_order_create, production_order_update, production_register
from .serializers import ProductionOrderSerializer, RegisterSerializer

ORDER_EXAMPLE = {
    "descripcion": "Cuadro 40×50 con moldura nogal, vidrio y paspartú",
    "tipo": "cuadro",
    "piezas": 1,
    "ancho_cm": "40.0",
    "alto_cm": "50.0",
    "moldura": "6a1e2b9c-3f4d-4e5a-8b7c-9d0e1f2a3b4c",
    "vidrio": "7b2f3c0d-4a5e-4f6b-9c8d-0e1f2a3b4c5d",
    "pedido": None,
    "responsable": "8c3a4d1e-5b6f-4a7c-8d9e-1f2a3b4c5d6e",
    "inicio_planificado": "2026-12-01",
    "fin_planificado": "2026-12-03",
    "notas": "Para la vitrina.",
}

REGISTER_EXAMPLE = {
    "orden": "1f0c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
    "consumo": [
        {"material": "6a1e2b9c-3f4d-4e5a-8b7c-9d0e1f2a3b4c", "cantidad": "2.900"},
        {"material": "7b2f3c0d-4a5e-4f6b-9c8d-0e1f2a3b4c5d", "cantidad": "1"},
    ],
    "mermas": [
        {"material": "6a1e2b9c-3f4d-4e5a-8b7c-9d0e1f2a3b4c", "cantidad": "0.200", "motivo": "error_corte", "nota": ""}
    ],
    "retazos": [{"material": "6a1e2b9c-3f4d-4e5a-8b7c-9d0e1f2a3b4c", "largo_m": "0.800"}],
    "productos": [{"precio_venta": "45.00", "ubicacion": "vitrina"}],
}

ORDER_RULES = _(
    "El número (`OP-2026-00001`) lo asigna el sistema. `estado` cambia por pasos: PLANIFICADA → EN_PROCESO o "
    "CANCELADA; EN_PROCESO → PLANIFICADA o CANCELADA (otro paso: 409 `production_transition_invalid`); COMPLETADA "
    "se alcanza solo registrando la producción. En una orden completada o cancelada solo cambian las `notas` (409 "
    "`production_order_closed`). Las órdenes no se eliminan: se cancelan (el libro de inventario las nombra)."
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar órdenes de producción"),
        description=_(
            "Las órdenes del taller, las más recientes primero, con lo que se fabrica, sus materiales planificados, "
            "lo registrado y la eficiencia. Filtros: `estado`, `responsable` (id), `pedido` (id), `para_stock`, "
            "`tipo`, `fecha_desde`/`fecha_hasta` (fin planificado), `creado_en_desde`/`hasta`; `search` busca en "
            "número, descripción y notas sin distinguir tildes; `ordering`."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Detalle de una orden de producción"),
        description=_(
            "La orden con sus materiales planificados, la moldura necesaria, lo registrado (`registro`: consumo, "
            "merma con su motivo, retazos devueltos) y la eficiencia (uso frente a merma por material, costo de "
            "materiales y costo por producto terminado)."
        ),
    ),
    create=extend_schema(
        summary=_("Crear una orden de producción"),
        description=format_lazy(
            "{} {}",
            _(
                "Con `pedido` es para un pedido del cliente; sin él, producción para stock. Si se omiten "
                "`materiales_planificados` y hay `moldura` y medidas, se proponen solos."
            ),
            ORDER_RULES,
        ),
        examples=[OpenApiExample(_("Cuadro para la vitrina"), value=ORDER_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary=_("Actualizar una orden de producción"),
        description=format_lazy(
            "{} {}",
            _(
                "Los campos obligatorios deben enviarse. Si se envían `materiales_planificados`, reemplazan a "
                "los actuales."
            ),
            ORDER_RULES,
        ),
        examples=[
            OpenApiExample(_("Empezar el trabajo"), value={**ORDER_EXAMPLE, "estado": "EN_PROCESO"}, request_only=True)
        ],
    ),
)
@extend_schema(tags=["production"])
class ProductionOrderViewSet(viewsets.ModelViewSet):
    """Production orders: list, create, detail and update (no delete: an order is cancelled)."""

    serializer_class = ProductionOrderSerializer
    filterset_class = ProductionOrderFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        return production_order_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        planned = data.pop("planned_rows", None)
        order = production_order_create(data=data, planned_materials=planned, acting_user=self.request.user)
        serializer.instance = production_order_list().get(pk=order.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        planned = data.pop("planned_rows", None)
        order = production_order_update(
            order=serializer.instance, data=data, planned_materials=planned, acting_user=self.request.user
        )
        serializer.instance = production_order_list().get(pk=order.pk)


REGISTER_RESPONSE = inline_serializer(
    "ProductionRegistered",
    {
        "orden": ProductionOrderSerializer(read_only=True),
        "productos": ProductSerializer(many=True, read_only=True),
    },
)


@extend_schema(
    tags=["production"],
    summary=_("Registrar producción"),
    description=_(
        "Registra lo que una orden PLANIFICADA o EN_PROCESO tomó y produjo, y la completa (COMPLETADA, con su fecha "
        "de fin real), todo en una sola transacción:\n\n"
        "- `consumo`: por material, lo que se sacó del stock para el trabajo (varillas cortadas incluidas);\n"
        "- `mermas`: lo que se perdió además, con su `motivo` (error_corte, defecto, rotura, error_medida, otro);\n"
        "- `retazos`: trozos de moldura sobrantes de ese consumo, por largo en metros: uno de al menos el largo "
        "mínimo aprovechable (configuración) vuelve al stock; uno más corto cuenta como merma;\n"
        "- `productos`: los productos terminados que salen de la orden, vinculados a ella; su costo es una parte "
        "igual del costo de los materiales usados (merma incluida) al costo promedio ponderado.\n\n"
        "Cada línea es un movimiento del libro de inventario con el número de la orden como referencia. Si falta "
        "stock de algún material (consumo + merma > existencias): 409 `insufficient_stock` que nombra el material, "
        "lo necesario y lo disponible (`faltantes`), y no se escribe nada. Una orden completada o cancelada: 409 "
        "`production_not_open`. Una orden que no existe: 404. Líneas no válidas: 400 "
        "`production_register_invalid` por campo. Si la merma de un material supera el umbral configurado se "
        "levanta una alerta MERMA."
    ),
    request=RegisterSerializer,
    responses={
        201: REGISTER_RESPONSE,
        400: OpenApiResponse(description=_("Datos no válidos (por campo).")),
        404: OpenApiResponse(description=_("La orden no existe en este negocio.")),
        409: OpenApiResponse(description=_("Stock insuficiente, u orden completada o cancelada.")),
    },
    examples=[OpenApiExample(_("Cuadro con merma y un retazo"), value=REGISTER_EXAMPLE, request_only=True)],
)
class ProductionRegisterView(generics.GenericAPIView):
    """POST /production/register/: consumption, waste, offcuts and finished products of one order."""

    serializer_class = RegisterSerializer
    required_permissions = {
        "POST": ["production.change_productionorder", "products.add_product", "inventory.add_stockmovement"]
    }

    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        order = production_order_list().filter(pk=data.pop("orden")).first()
        if order is None:
            raise NotFound(_("No existe esa orden de producción."))
        production_register(order=order, **data, acting_user=request.user)
        context = self.get_serializer_context()
        fresh = production_order_list().get(pk=order.pk)
        products = product_list().filter(pk__in=products_of(order.pk).values("pk"))
        body = {
            "orden": ProductionOrderSerializer(fresh, context=context).data,
            "productos": ProductSerializer(products, many=True, context=context).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)
