from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ..filters import ContractFilter
from ..selectors import contract_list
from ..services import contract_create, contract_delete, contract_update
from .serializers import ContractSerializer


# Every operation states its summary and description for the API's readers (docstrings are never published).
@extend_schema_view(
    list=extend_schema(
        summary=_("Listar contratos"),
        description=_("Contratos con colegios del negocio; filtros, búsqueda y orden según los parámetros."),
    ),
    retrieve=extend_schema(summary=_("Detalle"), description=_("Un registro de Contratos con colegios.")),
    create=extend_schema(summary=_("Registrar"), description=_("El nombre debe ser nuevo: si ya existe, 409.")),
    update=extend_schema(
        summary=_("Actualizar"),
        description=_("Los campos obligatorios deben enviarse; los que se omiten conservan su valor."),
    ),
    partial_update=extend_schema(summary=_("Actualizar en parte"), description=_("Solo cambia lo que se envía.")),
    destroy=extend_schema(summary=_("Eliminar"), description=_("Elimina el registro.")),
)
@extend_schema(tags=["contracts"])
class ContractViewSet(viewsets.ModelViewSet):
    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return contract_list()

    def perform_create(self, serializer):
        serializer.instance = contract_create(data=serializer.validated_data, acting_user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = contract_update(
            contract=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        contract_delete(contract=instance, acting_user=self.request.user)
