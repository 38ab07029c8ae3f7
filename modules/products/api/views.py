from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ..filters import ProductFilter
from ..selectors import product_list
from ..services import product_create, product_delete, product_update
from .serializers import ProductSerializer


# Every operation states its summary and description for the API's readers (docstrings are never published).
@extend_schema_view(
    list=extend_schema(
        summary=_("Listar productos"),
        description=_("Productos terminados del negocio; filtros, búsqueda y orden según los parámetros."),
    ),
    retrieve=extend_schema(summary=_("Detalle"), description=_("Un registro de Productos terminados.")),
    create=extend_schema(summary=_("Registrar"), description=_("El nombre debe ser nuevo: si ya existe, 409.")),
    update=extend_schema(
        summary=_("Actualizar"),
        description=_("Los campos obligatorios deben enviarse; los que se omiten conservan su valor."),
    ),
    partial_update=extend_schema(summary=_("Actualizar en parte"), description=_("Solo cambia lo que se envía.")),
    destroy=extend_schema(summary=_("Eliminar"), description=_("Elimina el registro.")),
)
@extend_schema(tags=["products"])
class ProductViewSet(viewsets.ModelViewSet):
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return product_list()

    def perform_create(self, serializer):
        serializer.instance = product_create(data=serializer.validated_data, acting_user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = product_update(
            product=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        product_delete(product=instance, acting_user=self.request.user)
