"""``GET /api/dashboard/`` and its sections: the owner's figures over a period (``?desde=&hasta=``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ..selectors import (
    active_clients_figures,
    agenda_figures,
    clients_figures,
    contracts_figures,
    inventory_figures,
    orders_figures,
    period_from,
    production_period_figures,
    revenue_figures,
)
from ..vocabulary import (
    ACTIVE_CLIENTS,
    AGENDA,
    CLIENTS,
    CONTRACTS,
    INVENTORY,
    ORDERS,
    PRODUCTION,
    REVENUE,
    SECTION_PERMISSIONS,
    SINCE,
    UNTIL,
)
from .serializers import (
    ClientsFiguresSerializer,
    OrdersFiguresSerializer,
    RevenueFiguresSerializer,
    SummarySerializer,
)

PERIOD_PARAMETERS = [
    OpenApiParameter(
        SINCE,
        OpenApiTypes.DATE,
        description=_("Primer día (AAAA-MM-DD). Por omisión, el primero del mes de `hasta`."),
    ),
    OpenApiParameter(UNTIL, OpenApiTypes.DATE, description=_("Último día, incluido (AAAA-MM-DD). Por omisión, hoy.")),
]
PERIOD_ERRORS = _(
    "Una fecha que no es AAAA-MM-DD, o `desde` posterior a `hasta`: 400 `dashboard_period_invalid` con el "
    "parámetro en `errors`."
)

FIGURES = {
    ORDERS: orders_figures,
    REVENUE: revenue_figures,
    CLIENTS: clients_figures,
    ACTIVE_CLIENTS: active_clients_figures,
    PRODUCTION: production_period_figures,
    INVENTORY: inventory_figures,
    AGENDA: agenda_figures,
    CONTRACTS: contracts_figures,
}


class _DashboardView(GenericAPIView):
    filterset_class = None
    pagination_class = None
    section: str = ""

    def get(self, request):
        period = period_from(request.query_params)
        return Response(self.get_serializer({**FIGURES[self.section](period), "period": period}).data)


@extend_schema(tags=["dashboard"])
class DashboardSummaryView(_DashboardView):
    required_permissions = []  # each section asks for its own permission
    serializer_class = SummarySerializer

    @extend_schema(
        summary=_("Panel de control"),
        description=_(
            "Las cifras del panel para el periodo: `pedidos`, `ingresos`, `clientes`, `clientes_activos` y "
            "`produccion`; y las de hoy: `inventario`, `agenda` y `contratos`. Cada una es null si el usuario no "
            "puede ver esos registros (como las secciones del panel del administrador)."
        ),
        parameters=PERIOD_PARAMETERS,
    )
    def get(self, request):
        period = period_from(request.query_params)
        sections = {
            key: FIGURES[key](period)
            for key, permission in SECTION_PERMISSIONS.items()
            if request.user.has_perm(permission)
        }
        return Response(self.get_serializer({"period": period, "sections": sections}).data)


@extend_schema(tags=["dashboard"])
class DashboardOrdersView(_DashboardView):
    required_permissions = [SECTION_PERMISSIONS[ORDERS]]
    serializer_class = OrdersFiguresSerializer
    section = ORDERS

    @extend_schema(
        summary=_("Panel: pedidos"),
        description=_(
            "Pedidos con fecha en el periodo: por estado, en curso, atrasados, saldos pendientes; y el tiempo medio "
            "de entrega de las entregas del periodo."
        ),
        parameters=PERIOD_PARAMETERS,
    )
    def get(self, request):
        return super().get(request)


@extend_schema(tags=["dashboard"])
class DashboardRevenueView(_DashboardView):
    required_permissions = [SECTION_PERMISSIONS[REVENUE]]
    serializer_class = RevenueFiguresSerializer
    section = REVENUE

    @extend_schema(
        summary=_("Panel: ingresos"),
        description=_(
            "Total de los pedidos no cancelados con fecha en el periodo: por tipo de servicio y por mes (todos los "
            "meses del periodo, también los que no tienen ventas)."
        ),
        parameters=PERIOD_PARAMETERS,
    )
    def get(self, request):
        return super().get(request)


@extend_schema(tags=["dashboard"])
class DashboardClientsView(_DashboardView):
    required_permissions = [SECTION_PERMISSIONS[CLIENTS]]
    serializer_class = ClientsFiguresSerializer
    section = CLIENTS

    @extend_schema(
        summary=_("Panel: clientes"),
        description=_(
            "Clientes activos hoy (particulares, colegios y sus estudiantes) y los registrados en el periodo."
        ),
        parameters=PERIOD_PARAMETERS,
    )
    def get(self, request):
        return super().get(request)
