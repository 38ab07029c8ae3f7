from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..filters import ProductFilter
from ..models import ProductLocation, ProductStatus
from ..selectors import product_list, products_by_location, products_by_status
from ..services import product_create, product_delete, product_sell, product_update
from .serializers import ProductSaleSerializer, ProductSerializer

PRODUCT_EXAMPLE = {
    "descripcion": "Cuadro 40×50 con moldura de roble y vidrio antirreflejo",
    "tipo": "cuadro",
    "ancho_cm": "40.0",
    "alto_cm": "50.0",
    "costo": "18.50",
    "precio_venta": "45.00",
    "estado": "DISPONIBLE",
    "ubicacion": "vitrina",
}

PRODUCT_RULES = _(
    "`codigo` es único en el negocio (409 `product_duplicate_code` con `producto_existente`); vacío al crear, se "
    "asigna el siguiente número. `estado` cambia solo por pasos permitidos (EN_PRODUCCION → DISPONIBLE o "
    "RESERVADO; DISPONIBLE ↔ RESERVADO; DISPONIBLE → EN_PRODUCCION; VENDIDO → ENTREGADO): otro cambio es 409 "
    "`product_transition_invalid`, y VENDIDO se alcanza solo con `POST /api/products/sell/{id}/`. Al pasar a "
    "ENTREGADO la ubicación pasa a `entregado`, que es solo de los productos entregados. El origen es `produccion` "
    "(la orden que lo produjo) o `pedido` (el pedido para el que es), uno solo: mientras el negocio no tenga esos "
    "módulos, enviarlos responde 400 `link_unavailable`."
)


def _status_parameter():
    return OpenApiParameter(
        "status", OpenApiTypes.STR, OpenApiParameter.PATH, enum=ProductStatus.values, description=_("El estado.")
    )


def _location_parameter():
    return OpenApiParameter(
        "location",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        enum=ProductLocation.values,
        description=_("La ubicación."),
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar productos terminados"),
        description=_(
            "Cuadros, fotos impresas, recordatorios… del negocio, los más recientes primero. Filtros: `tipo`, "
            "`estado`, `ubicacion`, `vendido_a`, `creado_en_desde`/`hasta`, `vendido_en_desde`/`hasta`; `search` "
            "busca en código, descripción y notas sin distinguir tildes."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Detalle de un producto"), description=_("Un producto, con su venta si se vendió.")
    ),
    create=extend_schema(
        summary=_("Registrar un producto"),
        description=format_lazy(
            "{} {}", _("Un producto nuevo está EN_PRODUCCION, DISPONIBLE (por defecto) o RESERVADO."), PRODUCT_RULES
        ),
        examples=[OpenApiExample(_("Cuadro en vitrina"), value=PRODUCT_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary=_("Actualizar un producto"),
        description=format_lazy(
            "{} {}", _("Los campos obligatorios deben enviarse; los que se omiten conservan su valor."), PRODUCT_RULES
        ),
    ),
    partial_update=extend_schema(
        summary=_("Actualizar parte de un producto"),
        description=format_lazy("{} {}", _("Solo cambia lo que se envía."), PRODUCT_RULES),
    ),
    destroy=extend_schema(
        summary=_("Eliminar un producto"),
        description=_(
            "Un producto vendido o entregado no se elimina (409 `product_sold`: su venta es un ingreso); uno con "
            "documentos o fotos, tampoco (409 `product_in_use`)."
        ),
    ),
)
@extend_schema(tags=["products"])
class ProductViewSet(viewsets.ModelViewSet):
    """Finished products; lists by status and by location."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return product_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        origin = data.pop("origin", None)
        serializer.instance = product_create(data=data, origin=origin, acting_user=self.request.user)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        kwargs = {"origin": data.pop("origin")} if "origin" in data else {}
        serializer.instance = product_update(
            product=serializer.instance, data=data, acting_user=self.request.user, **kwargs
        )

    def perform_destroy(self, instance):
        product_delete(product=instance, acting_user=self.request.user)

    def _page(self, queryset):
        page = self.paginate_queryset(self.filter_queryset(queryset))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary=_("Productos por estado"),
        description=_(
            "Solo los productos en ese estado, con los mismos filtros, búsqueda, orden y paginación que la lista. "
            "Un estado desconocido: 400 `product_status_invalid` con los válidos en `valores_validos`."
        ),
        parameters=[_status_parameter()],
        responses=ProductSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path=r"status/(?P<status>[^/]+)")
    def by_status(self, request, status=None):
        return self._page(products_by_status(status))

    @extend_schema(
        summary=_("Productos por ubicación"),
        description=_(
            "Solo los productos en esa ubicación (taller, vitrina, bodega, entregado), con los mismos filtros, "
            "búsqueda, orden y paginación que la lista. Una ubicación desconocida: 400 `product_location_invalid` "
            "con las válidas en `valores_validos`."
        ),
        parameters=[_location_parameter()],
        responses=ProductSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path=r"location/(?P<location>[^/]+)")
    def by_location(self, request, location=None):
        return self._page(products_by_location(location))


@extend_schema(
    tags=["products"],
    summary=_("Vender un producto"),
    description=_(
        "Registra la venta de un producto DISPONIBLE o RESERVADO: pasa a VENDIDO con la fecha, el precio (el "
        "`precio` enviado o su precio de venta), el cliente (opcional) y quién lo vendió; el precio es el ingreso "
        "de la venta. Venderlo otra vez: 409 `product_already_sold`; un producto en producción: 409 "
        "`product_not_sellable`. De dos ventas simultáneas del mismo producto, una sola se registra. Requiere "
        "permiso para modificar productos."
    ),
    request=ProductSaleSerializer,
    responses=ProductSerializer,
    examples=[OpenApiExample(_("Venta"), value={"precio": "45.00", "cliente": None}, request_only=True)],
)
class ProductSellView(generics.GenericAPIView):
    """POST /products/sell/{id}/: the sale of one product."""

    serializer_class = ProductSaleSerializer
    required_permissions = ["products.change_product"]

    def get_queryset(self):
        return product_list()

    def post(self, request, pk=None):
        product = self.get_object()
        sale = ProductSaleSerializer(data=request.data, context=self.get_serializer_context())
        sale.is_valid(raise_exception=True)
        sold = product_sell(
            product=product,
            client=sale.validated_data.get("cliente"),
            price=sale.validated_data.get("precio"),
            acting_user=request.user,
        )
        return Response(ProductSerializer(product_list().get(pk=sold.pk), context=self.get_serializer_context()).data)
