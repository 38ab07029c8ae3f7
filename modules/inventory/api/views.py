from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ..filters import MaterialFilter
from ..selectors import material_list
from ..services import material_create, material_delete, material_update
from .serializers import MaterialSerializer


# Every operation states its summary and description for the API's readers (docstrings are never published).
@extend_schema_view(
    list=extend_schema(
        summary=_("Listar materiales"),
        description=_("Inventario del negocio; filtros, búsqueda y orden según los parámetros."),
    ),
    retrieve=extend_schema(summary=_("Detalle"), description=_("Un registro de Inventario.")),
    create=extend_schema(summary=_("Registrar"), description=_("El nombre debe ser nuevo: si ya existe, 409.")),
    update=extend_schema(
        summary=_("Actualizar"),
        description=_("Los campos obligatorios deben enviarse; los que se omiten conservan su valor."),
    ),
    partial_update=extend_schema(summary=_("Actualizar en parte"), description=_("Solo cambia lo que se envía.")),
    destroy=extend_schema(summary=_("Eliminar"), description=_("Elimina el registro.")),
)
@extend_schema(tags=["inventory"])
class MaterialViewSet(viewsets.ModelViewSet):
    serializer_class = MaterialSerializer
    filterset_class = MaterialFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return material_list()

    def perform_create(self, serializer):
        serializer.instance = material_create(data=serializer.validated_data, acting_user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = material_update(
            material=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        material_delete(material=instance, acting_user=self.request.user)
