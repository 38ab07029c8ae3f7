from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from ..filters import AppointmentFilter
from ..models import FIRST_YEAR, LAST_YEAR
from ..selectors import CALENDAR_MAX_DAYS, appointment_list, appointments_between
from ..services import UNCHANGED, appointment_create, appointment_delete, appointment_update
from .serializers import AppointmentSerializer

APPOINTMENT_EXAMPLE = {
    "tipo": "sesion_fotos",
    "titulo": "Sesión familiar Pérez",
    "cliente": "0b7c6f1e-2d0a-4c11-9a57-3f0d7b1e2a10",
    "inicio": "2026-12-05T10:00:00-05:00",
    "fin": "2026-12-05T11:30:00-05:00",
    "lugar": "Estudio principal",
    "personal": ["5f4e1c0a-8b9d-4e2f-a1c3-7d6e5f4a3b2c"],
    "recurso": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "estado": "PROGRAMADA",
    "notas": "Traer ropa clara.",
}

RULES = _(
    "El fin debe ser posterior al inicio. Un mismo usuario del personal o un mismo recurso no puede tener "
    "dos citas no canceladas que se crucen: 409 `appointment_double_booked` con `cita_en_conflicto` (id, título, "
    "inicio, fin). Un Gerente o Administrador puede reservar a pesar del cruce con `reservada_sobre_otra: true` "
    "(queda registrado quién lo hizo); otro rol recibe 403 `appointment_overbook_forbidden`. `pedido` o "
    "`contrato` dicen de qué trata la cita (400 `link_unavailable` si el negocio aún no tiene ese tipo de "
    "registro). Las horas se devuelven en ISO 8601 con el desfase de la zona horaria del negocio."
)


class CalendarQuery(serializers.Serializer):
    fecha = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])
    desde = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])
    hasta = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])

    def validate(self, attrs):
        if "fecha" in attrs:
            if "desde" in attrs or "hasta" in attrs:
                raise serializers.ValidationError({"fecha": [_("Envíe «fecha» o «desde» y «hasta», no ambos.")]})
            if not FIRST_YEAR <= attrs["fecha"].year <= LAST_YEAR:
                message = _("La fecha debe estar entre los años %(first)d y %(last)d.") % {
                    "first": FIRST_YEAR,
                    "last": LAST_YEAR,
                }
                raise serializers.ValidationError({"fecha": [message]})
            return {"desde": attrs["fecha"], "hasta": attrs["fecha"]}
        missing = [key for key in ("desde", "hasta") if key not in attrs]
        if len(missing) == 2:  # nothing asked: today
            today = timezone.localdate()
            return {"desde": today, "hasta": today}
        if missing:
            raise serializers.ValidationError({missing[0]: [_("Indique también «%(key)s».") % {"key": missing[0]}]})
        return attrs


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar citas"),
        description=_(
            "Citas, entregas, reuniones y sesiones en colegios, por hora de inicio. Filtros por tipo, estado, "
            "cliente, recurso, personal y días de inicio; `search` busca en título, lugar y notas."
        ),
    ),
    retrieve=extend_schema(summary=_("Detalle de una cita"), description=_("Una cita con su personal y su recurso.")),
    create=extend_schema(
        summary=_("Crear una cita"),
        description=RULES,
        examples=[OpenApiExample(_("Sesión en el estudio"), value=APPOINTMENT_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary=_("Actualizar una cita"),
        description=_("Los campos que se omiten conservan su valor; `personal` reemplaza el equipo. ") + RULES,
    ),
    partial_update=extend_schema(
        summary=_("Actualizar parte de una cita"), description=_("Solo cambia lo que se envía. ") + RULES
    ),
    destroy=extend_schema(
        summary=_("Eliminar una cita"),
        description=_("Libera al personal y al recurso. Para conservarla en el historial, cámbiela a CANCELADA."),
    ),
)
@extend_schema(tags=["agenda"])
class AppointmentViewSet(viewsets.ModelViewSet):
    """The agenda's appointments; the calendar is a list by days."""

    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return appointment_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        link = data.pop("link", None)
        serializer.instance = appointment_create(data=data, link=link, acting_user=self.request.user)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        link = data.pop("link", UNCHANGED)
        serializer.instance = appointment_update(
            appointment=serializer.instance, data=data, link=link, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        appointment_delete(appointment=instance, acting_user=self.request.user)

    @extend_schema(
        summary=_("Citas por fecha"),
        description=_(
            "Las citas que ocupan un día (`fecha`; sin parámetros, hoy) o un intervalo de días (`desde` y `hasta`, "
            "como mucho %(days)d días), en la zona horaria del negocio, por hora de inicio; los mismos filtros que "
            "la lista."
        )
        % {"days": CALENDAR_MAX_DAYS},
        parameters=[
            OpenApiParameter("fecha", OpenApiTypes.DATE, description=_("Un día (AAAA-MM-DD).")),
            OpenApiParameter("desde", OpenApiTypes.DATE, description=_("Primer día (AAAA-MM-DD), con «hasta».")),
            OpenApiParameter("hasta", OpenApiTypes.DATE, description=_("Último día (AAAA-MM-DD), con «desde».")),
        ],
        responses=AppointmentSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="calendar")
    def calendar(self, request):
        """Appointments overlapping the days asked for, paginated like the list."""
        query = CalendarQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        queryset = appointments_between(
            query.validated_data["desde"], query.validated_data["hasta"], queryset=self.get_queryset()
        )
        queryset = self.filter_queryset(queryset)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
