from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fotostudio.api.links import LinkFilterBackend

from ..filters import AlertFilter, RuleFilter
from ..selectors import alert_list, alert_open_list, rule_list
from ..services import alert_create, alert_resolve, rule_create, rule_delete, rule_update
from .serializers import AlertSerializer, ResolveSerializer, RuleSerializer

UUID_REGEX = "[0-9a-fA-F-]{36}"
CREATE = _(
    "`tipo_alerta` debe ser un tipo del negocio (400 `alert_type_unknown`). El registro al que se refiere va en "
    "su clave (`lote` o `envio` en trazabilidad, uno solo; 400 `link_unavailable` mientras el negocio no los "
    "tenga). Solo hay una alerta abierta por tipo y registro: si ya hay una, responde 200 con ella en lugar de "
    "crear otra. Una alerta nueva notifica a Administrador y Gerente."
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar alertas"),
        description=_("De la más reciente a la más antigua; filtros `estado` (ABIERTA, RESUELTA) y `prioridad`."),
    ),
    retrieve=extend_schema(summary=_("Detalle de una alerta"), description=_("Con su resolución, si la tiene.")),
    create=extend_schema(
        summary=_("Crear una alerta"),
        description=CREATE,
        responses={201: AlertSerializer, 200: OpenApiResponse(AlertSerializer, description=_("Ya había una abierta."))},
        examples=[
            OpenApiExample(
                _("Alerta de calidad"),
                value={"tipo_alerta": "CALIDAD", "prioridad": "ALTA", "descripcion": "Humedad del 16 % en el secado."},
                request_only=True,
            )
        ],
    ),
)
@extend_schema(tags=["alertas"])
class AlertViewSet(viewsets.ModelViewSet):
    """Alerts of the business: raised by rules, by modules or by hand; resolved by people."""

    serializer_class = AlertSerializer
    filterset_class = AlertFilter
    filter_backends = [LinkFilterBackend]
    lookup_value_regex = UUID_REGEX
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if self.action == "abiertas":
            return alert_open_list()
        return alert_list()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        link = data.pop("link", None)
        alert = alert_create(data=data, link=link, acting_user=request.user)
        body = self.get_serializer(alert).data
        return Response(body, status=status.HTTP_201_CREATED if alert.created else status.HTTP_200_OK)

    @extend_schema(
        summary=_("Listar alertas abiertas"),
        description=_("Las alertas sin resolver, de la más reciente a la más antigua, con los mismos filtros."),
        responses=AlertSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="abiertas")
    def abiertas(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["alertas"])
class AlertResolveViewSet(viewsets.GenericViewSet):
    """Resolving an alert changes it: it needs the change permission, not add."""

    required_permissions = {"POST": ["alerts.change_alert"]}
    serializer_class = AlertSerializer
    filterset_class = AlertFilter
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return alert_list()

    @extend_schema(
        summary=_("Resolver una alerta"),
        description=_(
            "Registra `comentario` y `acciones_tomadas` (opcionales), quién y cuándo. Una alerta ya resuelta "
            "responde 409 `alert_already_resolved`."
        ),
        request=ResolveSerializer,
        responses=AlertSerializer,
    )
    @action(detail=True, methods=["post"], url_path="resolver")
    def resolver(self, request, pk=None):
        alert = self.get_object()
        serializer = ResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alert = alert_resolve(alert=alert, acting_user=request.user, **serializer.validated_data)
        return Response(AlertSerializer(alert, context=self.get_serializer_context()).data)


RULE_RULES = _(
    "La condición se comprueba al guardar (400 `rule_condition_invalid` con la línea y la columna del error), "
    "igual que la acción (400 `rule_action_invalid`) y el tipo (400 `alert_type_unknown`). Dos reglas no pueden "
    "llamarse igual (409 `rule_duplicate_name`). La regla se evalúa cuando cambia un registro que vigila (el "
    "tipo de registro de su tipo de alerta), en segundo plano; levanta una sola alerta abierta por registro y la "
    "resuelve sola cuando la condición deja de cumplirse."
)
RULE_EXAMPLE = {
    "nombre": "Humedad alta en lotes",
    "tipo_alerta": "CALIDAD",
    "condicion": 'tipo_registro == "lote" && registro.humedad > 14.0',
    "accion": "alerta:ALTA; notificar_rol:Calidad",
    "activa": True,
}


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar reglas de alerta"), description=_("Por nombre; filtros `tipo_alerta` y `activa`.")
    ),
    retrieve=extend_schema(summary=_("Detalle de una regla de alerta"), description=RULE_RULES),
    create=extend_schema(
        summary=_("Crear una regla de alerta"),
        description=RULE_RULES,
        examples=[OpenApiExample(_("Humedad de lotes"), value=RULE_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(summary=_("Actualizar una regla de alerta"), description=RULE_RULES),
    partial_update=extend_schema(summary=_("Actualizar parte de una regla de alerta"), description=RULE_RULES),
    destroy=extend_schema(
        summary=_("Eliminar una regla de alerta"),
        description=_("Una regla que ya levantó alertas no se elimina (409 `rule_in_use`): desactívela."),
    ),
)
@extend_schema(tags=["alertas"])
class RuleViewSet(viewsets.ModelViewSet):
    serializer_class = RuleSerializer
    filterset_class = RuleFilter
    lookup_value_regex = UUID_REGEX
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return rule_list()

    def perform_create(self, serializer):
        serializer.instance = rule_create(data=serializer.validated_data, acting_user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = rule_update(
            rule=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        rule_delete(rule=instance, acting_user=self.request.user)
