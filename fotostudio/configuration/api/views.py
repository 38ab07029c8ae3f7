from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from ..filters import SettingFilter
from ..selectors import setting_effective_values, setting_list, settings_grouped, system_configuration
from ..services import (
    setting_create,
    setting_delete,
    setting_update,
    settings_ensure,
    system_configuration_update,
)
from .schema import grouped_schema
from .serializers import (
    SettingCreateSerializer,
    SettingSerializer,
    SettingUpdateSerializer,
    SystemConfigurationSerializer,
)

ROLES = _("Los administradores cambian los ajustes; los gerentes los consultan.")
VALUE_RULES = _(
    "`valor` se comprueba según el tipo del ajuste (límites de los números, zonas horarias que existen, correos, "
    "booleanos, opciones): uno del tipo equivocado o fuera de rango responde 400 `setting_invalid` con el error en "
    "`errors.valor`; una `clave` que no es un ajuste del negocio, 400 `setting_unknown` con el error en "
    "`errors.clave`. La zona horaria y el idioma son los del negocio: cambiarlos aquí cambia los de todas sus "
    "páginas. El siguiente número de un tipo de documento solo puede aumentar (400 `setting_number_behind`)."
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar ajustes"),
        description=format_lazy(
            "{} {}",
            _(
                "Los ajustes del negocio, agrupados (`grupo`) y en el orden del panel: cada uno con su valor actual, "
                "su valor por defecto, su tipo, sus límites u opciones y un texto de ayuda. Los obligatorios están "
                "siempre; los opcionales (datos del negocio), cuando tienen valor."
            ),
            ROLES,
        ),
    ),
    retrieve=extend_schema(summary=_("Detalle de un ajuste"), description=ROLES),
    create=extend_schema(
        summary=_("Dar valor a un ajuste"),
        description=format_lazy(
            "{} {}",
            _(
                "Guarda un ajuste que todavía no tiene fila (un dato opcional del negocio). Si ya existe responde "
                "409 `setting_duplicate` con `configuracion_existente` (cámbielo con `PUT`)."
            ),
            VALUE_RULES,
        ),
        request=SettingCreateSerializer,
        responses={201: SettingSerializer},
        examples=[
            OpenApiExample(_("RUC"), value={"clave": "empresa.ruc", "valor": "1790042421001"}, request_only=True)
        ],
    ),
    update=extend_schema(
        summary=_("Cambiar un ajuste"),
        description=VALUE_RULES,
        request=SettingUpdateSerializer,
        responses={200: SettingSerializer},
        examples=[OpenApiExample(_("Tarifa de IVA"), value={"valor": "15.00"}, request_only=True)],
    ),
    destroy=extend_schema(
        summary=_("Eliminar un ajuste"),
        description=_(
            "Quita el valor de un ajuste opcional: vuelve a su valor por defecto. Un ajuste obligatorio no se "
            "elimina: 409 `setting_required` (cambie su valor con `PUT`)."
        ),
    ),
)
@extend_schema(tags=["config"])
class SettingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """One row per setting; writes go through the configuration's services."""

    serializer_class = SettingSerializer
    filterset_class = SettingFilter
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def get_queryset(self):
        return setting_list()

    def get_serializer_class(self):
        if self.action == "create":
            return SettingCreateSerializer
        if self.action == "update":
            return SettingUpdateSerializer
        return SettingSerializer

    def _output(self, settings, *, many: bool = False):
        rows = list(settings) if many else [settings]
        context = {**self.get_serializer_context(), "values": setting_effective_values(rows)}
        return SettingSerializer(settings, many=many, context=context).data

    def list(self, request, *args, **kwargs):
        settings_ensure()  # a module enabled since the last migration: its required settings get their rows
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._output(page, many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._output(self.get_object()))

    def create(self, request, *args, **kwargs):
        serializer = SettingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        setting = setting_create(data=serializer.validated_data, acting_user=request.user)
        return Response(self._output(setting), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        setting = self.get_object()
        serializer = SettingUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        setting = setting_update(setting=setting, data=serializer.validated_data, acting_user=request.user)
        return Response(self._output(setting))

    def destroy(self, request, *args, **kwargs):
        setting_delete(setting=self.get_object(), acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SettingGroupsView(APIView):
    """A grouped view of the settings' values (``/config/system/``, ``/alerts/``, ``/backup/``)."""

    required_permissions = ["configuration.view_setting"]
    group_view = "system"

    def get(self, request):
        return Response(settings_grouped(self.group_view))


GROUPED = _(
    "Un objeto por grupo con el valor de cada ajuste por su nombre (la clave sin el grupo); los decimales "
    "como texto y las horas como `HH:MM`. Incluye los valores por defecto de lo que nunca se cambió."
)


@extend_schema(
    tags=["config"],
    summary=_("Configuración del sistema"),
    description=format_lazy(
        "{} {} {}",
        _(
            "Datos del negocio, moneda e impuestos, numeración de documentos, región e idioma, notificaciones y "
            "modo mantenimiento."
        ),
        GROUPED,
        ROLES,
    ),
    responses={200: OpenApiResponse(response=grouped_schema("system"), description=_("Los ajustes por grupo."))},
)
class SystemSettingsView(SettingGroupsView):
    group_view = "system"


@extend_schema(
    tags=["config"],
    summary=_("Configuración de alertas"),
    description=format_lazy("{} {} {}", _("Contratos por vencer y stock bajo."), GROUPED, ROLES),
    responses={200: OpenApiResponse(response=grouped_schema("alerts"), description=_("Los ajustes por grupo."))},
)
class AlertSettingsView(SettingGroupsView):
    group_view = "alerts"


@extend_schema(
    tags=["config"],
    summary=_("Configuración de copias de seguridad"),
    description=format_lazy("{} {} {}", _("Frecuencia, hora y cuántos días se conservan."), GROUPED, ROLES),
    responses={200: OpenApiResponse(response=grouped_schema("backup"), description=_("Los ajustes por grupo."))},
)
class BackupSettingsView(SettingGroupsView):
    group_view = "backup"


SYSTEM_CONFIGURATION = _(
    "`id` es el identificador del negocio y `activado` si está activo (un negocio desactivado no responde: 403). "
    "`version_api` y `version_db` son las del sistema en marcha (la de esta API y la del servidor PostgreSQL). "
    "`idioma_default` y `zona_horaria` son los del negocio, los que usan todas sus páginas; "
    "`modo_mantenimiento` activado deja guardar cambios solo a los administradores (los demás reciben 503)."
)


@extend_schema_view(
    get=extend_schema(
        summary=_("Ver la configuración del sistema"),
        description=format_lazy("{} {}", SYSTEM_CONFIGURATION, _("Para cualquier usuario autenticado.")),
        responses={200: SystemConfigurationSerializer},
    ),
    put=extend_schema(
        summary=_("Actualizar la configuración del sistema"),
        description=format_lazy(
            "{} {}",
            _(
                "Cambia `idioma_default`, `zona_horaria` (una zona IANA que exista) o `modo_mantenimiento`; solo lo "
                "que se envía. Un cuerpo sin ninguno de ellos responde 400. Solo administradores (403 para los "
                "demás)."
            ),
            SYSTEM_CONFIGURATION,
        ),
        request=SystemConfigurationSerializer,
        responses={200: SystemConfigurationSerializer},
        examples=[
            OpenApiExample(_("Activar el modo mantenimiento"), value={"modo_mantenimiento": True}, request_only=True)
        ],
    ),
)
@extend_schema(tags=["administracion"])
class SystemConfigurationView(APIView):
    """``/administracion/configuracion/``: the frontend's contract."""

    required_permissions = {"GET": [], "HEAD": [], "PUT": ["configuration.change_setting"]}

    def get_serializer_class(self):
        return SystemConfigurationSerializer

    def get(self, request):
        return Response(SystemConfigurationSerializer(system_configuration()).data)

    def put(self, request):
        serializer = SystemConfigurationSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        system_configuration_update(data=serializer.validated_data, acting_user=request.user)
        return Response(SystemConfigurationSerializer(system_configuration()).data)
