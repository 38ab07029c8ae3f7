from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ..filters import AppointmentFilter
from ..selectors import appointment_list
from ..services import appointment_create, appointment_delete, appointment_update
from .serializers import AppointmentSerializer


# Every operation states its summary and description for the API's readers (docstrings are never published).
@extend_schema_view(
    list=extend_schema(
        summary=_("Listar citas"),
        description=_("Agenda del negocio; filtros, búsqueda y orden según los parámetros."),
    ),
    retrieve=extend_schema(summary=_("Detalle"), description=_("Un registro de Agenda.")),
    create=extend_schema(summary=_("Registrar"), description=_("El nombre debe ser nuevo: si ya existe, 409.")),
    update=extend_schema(
        summary=_("Actualizar"),
        description=_("Los campos obligatorios deben enviarse; los que se omiten conservan su valor."),
    ),
    partial_update=extend_schema(summary=_("Actualizar en parte"), description=_("Solo cambia lo que se envía.")),
    destroy=extend_schema(summary=_("Eliminar"), description=_("Elimina el registro.")),
)
@extend_schema(tags=["agenda"])
class AppointmentViewSet(viewsets.ModelViewSet):
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return appointment_list()

    def perform_create(self, serializer):
        serializer.instance = appointment_create(data=serializer.validated_data, acting_user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = appointment_update(
            appointment=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        appointment_delete(appointment=instance, acting_user=self.request.user)
