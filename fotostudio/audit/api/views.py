"""The logs, read-only for everyone: the audit trail (``/audit/…``), the access log and the activity log
(``/administracion/logs-acceso/``, ``/administracion/logs-actividad/``).

Only ``GET``: there is no route that writes, for anyone, superusers included. Reading needs the
audit module's ``view`` rights, which only Administrador and Gerente hold (``apps.py``).
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..choices import AuditAction
from ..filters import AccessLogFilter, AuditEventFilter
from ..selectors import (
    access_log_list,
    audit_action_check,
    audit_event_changes,
    audit_event_list,
    audit_model_check,
    audit_models,
    audit_user_check,
)
from .serializers import AccessLogSerializer, AuditEventDetailSerializer, AuditEventSerializer

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
READ_ONLY = ["get", "head", "options"]

TRAIL = _(
    "El historial de auditoría del negocio: cada alta, modificación y eliminación de un registro de cualquier "
    "módulo (también las importaciones y los cambios masivos) y cada exportación de una lista, del más reciente "
    "al más antiguo, con quién (`usuario`), cuándo (`fecha`), desde dónde (`ip`, `id_peticion`, `ruta`, `canal`), "
    "qué (`modelo`, `registro_id`) y la acción (`accion`: crear, actualizar, eliminar o exportar). Lo que cambió "
    "en cada registro está en el detalle (`/api/v1/audit/{id}/`). Solo lectura; solo para Administrador y Gerente."
)
FILTERS = _(
    "Filtros: `accion`, `modelo`, `usuario` (id), `registro_id`, `id_peticion`, `ip`, `desde` y `hasta` (fechas "
    "AAAA-MM-DD, días completos en la zona horaria del negocio). Un valor no admitido responde 400 con los valores "
    "válidos."
)


def _action_parameter():
    return OpenApiParameter(
        "action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=AuditAction.values, description=_("La acción.")
    )


def _model_parameter():
    return OpenApiParameter(
        "model",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        enum=list(audit_models()),
        description=_("El modelo, como `app.modelo` (por ejemplo `clients.client`)."),
    )


def _user_parameter():
    return OpenApiParameter("user_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description=_("El id del usuario."))


@extend_schema_view(
    list=extend_schema(summary=_("Listar el historial de auditoría"), description=format_lazy("{} {}", TRAIL, FILTERS)),
    retrieve=extend_schema(
        summary=_("Detalle de un evento de auditoría"),
        description=_(
            "Un evento del historial con lo que cambió: `cambios` lista cada campo con su valor `antes` y "
            "`despues` (en una creación, los valores con que se creó; en una eliminación, los que tenía) y `datos` "
            "el registro tal como quedó. `antes_disponible` es `false` cuando el registro es anterior al historial "
            "y no se sabe qué tenía antes de esa modificación. En una exportación, `exportacion` da las filas, el "
            "formato y los filtros."
        ),
    ),
)
@extend_schema(tags=["audit"])
class AuditEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The audit trail, newest first."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    lookup_value_regex = UUID_PATTERN
    http_method_names = READ_ONLY

    def get_queryset(self):
        return audit_event_list()

    def get_serializer_class(self):
        return AuditEventDetailSerializer if self.action == "retrieve" else AuditEventSerializer

    def retrieve(self, request, *args, **kwargs):
        event = self.get_object()
        event.detail = audit_event_changes(event)
        return Response(self.get_serializer(event).data)

    def _page(self, queryset):
        page = self.paginate_queryset(self.filter_queryset(queryset))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary=_("Historial de un usuario"),
        description=_(
            "Lo que hizo un usuario, con los mismos filtros, orden y paginación que el historial. Vale también "
            "para un usuario ya eliminado (su historial se conserva). Un id que no es un UUID: 400."
        ),
        parameters=[_user_parameter()],
        responses=AuditEventSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path=r"user/(?P<user_id>[^/]+)")
    def by_user(self, request, user_id=None):
        return self._page(self.get_queryset().filter(user_id=audit_user_check(user_id)))

    @extend_schema(
        summary=_("Historial por acción"),
        description=_(
            "Solo las creaciones (`crear`), modificaciones (`actualizar`), eliminaciones (`eliminar`) o "
            "exportaciones (`exportar`), con los mismos filtros que el historial. Otra acción: 400 con las válidas."
        ),
        parameters=[_action_parameter()],
        responses=AuditEventSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path=r"action/(?P<action>[^/]+)")
    def by_action(self, request, action=None):
        return self._page(self.get_queryset().filter(action=audit_action_check(action)))

    @extend_schema(
        summary=_("Historial por modelo"),
        description=_(
            "Los eventos de un tipo de registro (`clients.client`, `users.user`…), con los mismos filtros que el "
            "historial. Un modelo que no se audita: 400 con los válidos."
        ),
        parameters=[_model_parameter()],
        responses=AuditEventSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path=r"model/(?P<model>[^/]+)")
    def by_model(self, request, model=None):
        return self._page(self.get_queryset().filter(model=audit_model_check(model)))

    @extend_schema(
        summary=_("Historial por rango de fechas"),
        description=_(
            "Los eventos entre `desde` y `hasta` (fechas AAAA-MM-DD, ambas incluidas, en la zona horaria del "
            "negocio); sin una de ellas, el rango queda abierto por ese lado. Una fecha mal escrita o `hasta` "
            "anterior a `desde`: 400."
        ),
        responses=AuditEventSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="date-range")
    def date_range(self, request):
        return self._page(self.get_queryset())


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar logs de acceso"),
        description=_(
            "Cada inicio de sesión, intento fallido, bloqueo por exceso de intentos y cierre de sesión, en la API y "
            "en el panel, del más reciente al más antiguo: `resultado` (`login`, `login_failed`, `throttled`, "
            "`logout`), el usuario, lo que se escribió como usuario (`usuario_intentado`), la `ip` y el navegador. "
            "Filtros: `resultado`, `canal`, `usuario` (id), `ip`, `desde` y `hasta` (AAAA-MM-DD). Solo lectura; "
            "solo para Administrador y Gerente."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Ver log de acceso"),
        description=_(
            "Un registro del log de acceso: el inicio de sesión, intento fallido, bloqueo o cierre de sesión, con su "
            "usuario, la IP y el navegador."
        ),
    ),
)
@extend_schema(tags=["administracion"])
class AccessLogViewSet(viewsets.ReadOnlyModelViewSet):
    """The access log: sign-ins, failures and refused attempts, newest first."""

    serializer_class = AccessLogSerializer
    filterset_class = AccessLogFilter
    lookup_value_regex = UUID_PATTERN
    http_method_names = READ_ONLY

    def get_queryset(self):
        return access_log_list()


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar logs de actividad"),
        description=format_lazy("{} {} {}", TRAIL, FILTERS, _("Es la misma lista que `/api/v1/audit/`.")),
    ),
)
@extend_schema(tags=["administracion"])
class ActivityLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The users' activity is the audit trail (record changes and exports)."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    http_method_names = READ_ONLY

    def get_queryset(self):
        return audit_event_list()
