from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from fotostudio.api.links import LinkFilterBackend

from ..filters import NotificationFilter, ReadingFilter
from ..selectors import notification_list, notification_unread_list, reading_list
from ..services import (
    notification_create,
    notification_delete,
    notification_mark_read,
    notification_preferences_get,
    notification_preferences_update,
    notification_update,
    notifications_mark_all_read,
)
from .serializers import (
    MarkedSerializer,
    NotificationSerializer,
    NotificationUpdateSerializer,
    PreferenceSerializer,
    ReadingSerializer,
)

UUID_REGEX = "[0-9a-fA-F-]{36}"
OWN = _(
    "Cada usuario ve solo sus propias notificaciones: la de otro usuario responde 404. Las caducadas "
    "(`fecha_expiracion` pasada) no aparecen."
)
DELIVERY = _(
    "Se respetan las preferencias del destinatario: un tipo desactivado responde 400 `notification_disabled`. "
    "Las de prioridad `ALTA` o `CRITICA` se envían también por correo (un trabajo en segundo plano), salvo en su "
    "horario silencioso, el de la zona horaria del negocio. El registro al que se refiere va en su clave (`lote`, "
    "`envio` o `evento_trazabilidad` en trazabilidad; 400 `link_unavailable` mientras el negocio no los tenga), "
    "uno solo."
)
EXAMPLE = {
    "usuario_destinatario": "6f1c2a4e-7d3b-4c59-9e0a-2b8f5d1c3a47",
    "tipo_notificacion": "CALIDAD",
    "titulo": "Humedad fuera de rango",
    "cuerpo": "La última medición del lote superó el 14 % de humedad.",
    "prioridad": "ALTA",
    "datos_adicionales": {"humedad": 15.2},
}


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar notificaciones"),
        description=format_lazy("{} {}", _("Las del usuario, de la más reciente a la más antigua."), OWN),
    ),
    retrieve=extend_schema(summary=_("Detalle de una notificación"), description=OWN),
    create=extend_schema(
        summary=_("Enviar una notificación"),
        description=DELIVERY,
        examples=[OpenApiExample(_("Aviso de calidad"), value=EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary=_("Actualizar una notificación"),
        description=format_lazy(
            "{} {}",
            _(
                "Cambia `titulo`, `cuerpo`, `prioridad`, `datos_adicionales` o `fecha_expiracion`; el "
                "destinatario, el tipo, la alerta y el registro no cambian."
            ),
            OWN,
        ),
        request=NotificationUpdateSerializer,
    ),
    partial_update=extend_schema(
        summary=_("Actualizar parte de una notificación"), description=OWN, request=NotificationUpdateSerializer
    ),
    destroy=extend_schema(summary=_("Eliminar una notificación"), description=OWN),
)
@extend_schema(tags=["notificaciones"])
class NotificationViewSet(viewsets.ModelViewSet):
    """The signed-in user's notifications."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    filter_backends = [LinkFilterBackend]
    lookup_value_regex = UUID_REGEX
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action == "no_leidas":
            return notification_unread_list(user=self.request.user)
        return notification_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return NotificationUpdateSerializer
        return NotificationSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        link = data.pop("link", None)
        serializer.instance = notification_create(data=data, link=link, acting_user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = notification_update(
            notification=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        notification_delete(notification=instance, acting_user=self.request.user)

    @extend_schema(
        summary=_("Notificaciones no leídas (consulta periódica)"),
        description=_(
            "Las no leídas y no caducadas del usuario, de la más reciente a la más antigua: pensada para "
            "consultarse cada `intervalo_polling_segundos` de sus preferencias. Dos consultas a un índice "
            "parcial (el total y la página), sea cual sea el número de notificaciones."
        ),
        responses=NotificationSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="no-leidas")
    def no_leidas(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["notificaciones"])
class NotificationReadViewSet(viewsets.GenericViewSet):
    """Marking the user's own notifications read: seeing them is enough."""

    required_permissions = {"POST": ["notifications.view_notification"]}
    lookup_value_regex = UUID_REGEX
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        return notification_list(user=self.request.user)

    @extend_schema(
        summary=_("Marcar una notificación como leída"),
        description=format_lazy(
            "{} {}", _("Sin cuerpo. Marcarla otra vez no cambia nada; la primera lectura queda en el historial."), OWN
        ),
        request=None,
        responses=NotificationSerializer,
    )
    @action(detail=True, methods=["post"], url_path="marcar-leida")
    def marcar_leida(self, request, pk=None):
        notification = notification_mark_read(notification=self.get_object(), acting_user=request.user)
        return Response(NotificationSerializer(notification, context=self.get_serializer_context()).data)

    @extend_schema(
        summary=_("Marcar todas como leídas"),
        description=_("Sin cuerpo. Marca leídas todas las notificaciones no leídas del usuario y dice cuántas eran."),
        request=None,
        responses=MarkedSerializer,
    )
    @action(detail=False, methods=["post"], url_path="marcar-todas-leidas")
    def marcar_todas_leidas(self, request):
        return Response({"marcadas": notifications_mark_all_read(user=request.user)})


@extend_schema_view(
    get=extend_schema(
        summary=_("Ver mis preferencias de notificación"),
        description=_(
            "Qué tipos recibe el usuario, cada cuánto consulta el panel, a los cuántos días se borran las leídas y su "
            "horario silencioso (sin correos). Sin cambios: todo activado, 30 segundos, los días del negocio "
            "(30 si no los cambió) y sin horario silencioso."
        ),
    ),
    put=extend_schema(
        summary=_("Cambiar mis preferencias de notificación"),
        description=_(
            "Solo cambia lo que se envía. `silencioso_horario_inicio` y `silencioso_horario_fin` (HH:MM:SS, hora del "
            "negocio) van juntos, o los dos `null`; el horario puede cruzar la medianoche (22:00 a 06:00)."
        ),
        request=PreferenceSerializer,
        examples=[
            OpenApiExample(
                _("Sin correos de noche"),
                value={"silencioso_horario_inicio": "22:00:00", "silencioso_horario_fin": "06:00:00"},
                request_only=True,
            )
        ],
    ),
)
@extend_schema(tags=["notificaciones"])
class PreferenceView(APIView):
    """The signed-in user's own preferences: anyone who sees notifications sets them."""

    required_permissions = ["notifications.view_notification"]

    def get_serializer_class(self):
        return PreferenceSerializer

    def get(self, request):
        return Response(PreferenceSerializer(notification_preferences_get(user=request.user)).data)

    def put(self, request):
        serializer = PreferenceSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        preference = notification_preferences_update(user=request.user, data=serializer.validated_data)
        return Response(PreferenceSerializer(preference).data)


@extend_schema_view(
    get=extend_schema(
        summary=_("Historial de lectura"),
        description=_("Cuándo leyó el usuario cada notificación, de lo más reciente a lo más antiguo."),
    )
)
@extend_schema(tags=["notificaciones"])
class ReadingListView(generics.ListAPIView):
    serializer_class = ReadingSerializer
    filterset_class = ReadingFilter

    def get_queryset(self):
        return reading_list(user=self.request.user)
