"""``/api/metrics/``: the indicators (CRUD) and the computed figures (series, dashboard, trends, comparison)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from modules.dashboard.api.views import PERIOD_PARAMETERS

from ..filters import KpiDefinitionFilter
from ..selectors import (
    SERIES_MEASURES,
    clients_series,
    comparison,
    inventory_series,
    kpi_dashboard,
    kpi_definition_list,
    orders_series,
    production_series,
    revenue_series,
    series_request_from,
    trend,
)
from ..services import kpi_definition_create, kpi_definition_delete, kpi_definition_update
from ..vocabulary import AGAINST, GRANULARITY, MEASURE, PERIOD, PERIODS
from .serializers import (
    ClientsSeriesSerializer,
    ComparisonSerializer,
    EfficiencySeriesSerializer,
    InventorySeriesSerializer,
    KpiDashboardSerializer,
    KpiDefinitionSerializer,
    OrdersSeriesSerializer,
    ProductionSeriesSerializer,
    RevenueSeriesSerializer,
    TrendSerializer,
)

VIEW = ["metrics.view_kpidefinition"]

KPI_RULES = _(
    "`medida` es una del catálogo (`unidad` se deduce de ella). Si `sentido` es `mayor_mejor`, `umbral_bueno` "
    "debe ser mayor o igual que `umbral_alerta` (por debajo de `umbral_alerta`, malo); si es `menor_mejor`, menor "
    "o igual. Un porcentaje va de 0 a 100. Si no: 400 `kpi_definition_invalid` con el campo en `errors`. El nombre "
    "no se repite: 409 `kpi_definition_duplicate`."
)
KPI_EXAMPLE = {
    "nombre": "Ventas del mes",
    "medida": "ingresos",
    "periodo": "mes",
    "meta": "5000.00",
    "sentido": "mayor_mejor",
    "umbral_bueno": "5000.00",
    "umbral_alerta": "4000.00",
}


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar indicadores"),
        description=_("Indicadores del negocio; filtros (`medida`, `periodo`, `es_activo`), búsqueda y orden."),
    ),
    retrieve=extend_schema(
        summary=_("Detalle de un indicador"),
        description=_("Su definición: medida, unidad, periodo, meta, sentido y umbrales."),
    ),
    create=extend_schema(
        summary=_("Definir un indicador"),
        description=KPI_RULES,
        examples=[OpenApiExample(_("Ingresos mensuales"), value=KPI_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary=_("Actualizar un indicador"),
        description=format_lazy("{} {}", _("Los campos que se omiten conservan su valor."), KPI_RULES),
    ),
    partial_update=extend_schema(summary=_("Actualizar parte de un indicador"), description=KPI_RULES),
    destroy=extend_schema(
        summary=_("Eliminar un indicador"),
        description=_(
            "Elimina la definición; las cifras no cambian: se calculan de los pedidos, clientes e inventario."
        ),
    ),
)
@extend_schema(tags=["metrics"])
class KpiDefinitionViewSet(viewsets.ModelViewSet):
    serializer_class = KpiDefinitionSerializer
    filterset_class = KpiDefinitionFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return kpi_definition_list()

    def perform_create(self, serializer):
        serializer.instance = kpi_definition_create(data=serializer.validated_data, acting_user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = kpi_definition_update(
            kpi_definition=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        kpi_definition_delete(kpi_definition=instance, acting_user=self.request.user)


SERIES_PARAMETERS = [
    *PERIOD_PARAMETERS,
    OpenApiParameter(
        GRANULARITY,
        OpenApiTypes.STR,
        enum=["dia", "semana", "mes"],
        description=_("Intervalos de la serie (por omisión, `dia`): como máximo 366 días, 260 semanas o 120 meses."),
    ),
]
SERIES_ERRORS = _(
    " Cada intervalo empieza en `inicio` (las semanas, en lunes) y cuenta solo los días del periodo; los intervalos "
    "sin datos aparecen con cero. Una fecha inválida: 400 `dashboard_period_invalid`; una granularidad desconocida: "
    "400 `metrics_granularity_invalid`; demasiados intervalos: 400 `metrics_range_too_long`."
)


class _MetricsView(GenericAPIView):
    required_permissions = VIEW
    filterset_class = None
    pagination_class = None


class _SeriesView(_MetricsView):
    compute = None

    def get(self, request):
        series_request = series_request_from(request.query_params)
        figures = type(self).compute(series_request)
        return Response(
            self.get_serializer(
                {**figures, "period": series_request.period, "granularity": series_request.granularity}
            ).data
        )


def _series_schema(summary, description):
    return extend_schema(summary=summary, description=description + SERIES_ERRORS, parameters=SERIES_PARAMETERS)


@extend_schema(tags=["metrics"])
class RevenueSeriesView(_SeriesView):
    serializer_class = RevenueSeriesSerializer
    compute = staticmethod(revenue_series)

    @_series_schema(
        _("Serie de ingresos"),
        _("Por intervalo: el total de los pedidos no cancelados con fecha en él, cuántos son y el ticket medio."),
    )
    def get(self, request):
        return super().get(request)


@extend_schema(tags=["metrics"])
class OrdersSeriesView(_SeriesView):
    serializer_class = OrdersSeriesSerializer
    compute = staticmethod(orders_series)

    @_series_schema(
        _("Serie de pedidos"),
        _(
            "Por intervalo: pedidos con fecha en él (no cancelados) y cancelados; entregados en él y cuántos a tiempo "
            "(en la fecha prometida o antes, o sin fecha prometida), con su porcentaje."
        ),
    )
    def get(self, request):
        return super().get(request)


@extend_schema(tags=["metrics"])
class ClientsSeriesView(_SeriesView):
    serializer_class = ClientsSeriesSerializer
    compute = staticmethod(clients_series)

    @_series_schema(
        _("Serie de clientes"),
        _(
            "Por intervalo: clientes registrados, clientes con pedidos (no cancelados) y, de ellos, los recurrentes "
            "(con un pedido anterior al inicio del intervalo)."
        ),
    )
    def get(self, request):
        return super().get(request)


@extend_schema(tags=["metrics"])
class InventorySeriesView(_SeriesView):
    serializer_class = InventorySeriesSerializer
    compute = staticmethod(inventory_series)

    @_series_schema(
        _("Serie de inventario"),
        _(
            "Por intervalo, en dinero (cantidad × costo unitario de cada movimiento): compras, consumo, merma y la "
            "tasa de merma (merma / (consumo + merma), en %). En los totales, además, el valor del inventario hoy."
        ),
    )
    def get(self, request):
        return super().get(request)


@extend_schema(tags=["metrics"])
class ProductionSeriesView(_SeriesView):
    serializer_class = ProductionSeriesSerializer
    compute = staticmethod(production_series)

    @_series_schema(
        _("Serie de producción"),
        _(
            "Por intervalo: las órdenes de producción completadas en él (por su fecha de fin real), los productos "
            "terminados que dieron y el costo de los materiales que tomaron (aprovechado + merma, al costo promedio "
            "de cada movimiento)."
        ),
    )
    def get(self, request):
        return super().get(request)


@extend_schema(tags=["metrics"])
class EfficiencySeriesView(_SeriesView):
    serializer_class = EfficiencySeriesSerializer
    compute = staticmethod(production_series)

    @_series_schema(
        _("Serie de eficiencia de producción"),
        _(
            "Por intervalo, de las órdenes de producción completadas en él: el material aprovechado (lo que quedó en "
            "los productos: consumo menos retazos devueltos) frente a la merma (declarada y retazos demasiado "
            "cortos), a costo; la tasa de merma (merma / (aprovechado + merma), en %; null sin consumo) y el costo "
            "de materiales por producto terminado (null sin productos). Las mismas reglas que la eficiencia de "
            "las órdenes de producción."
        ),
    )
    def get(self, request):
        return super().get(request)


@extend_schema(tags=["metrics"])
class KpiDashboardView(_MetricsView):
    serializer_class = KpiDashboardSerializer

    @extend_schema(
        summary=_("Tablero de indicadores"),
        description=_(
            "Cada indicador activo: su valor en el periodo en curso (este mes, trimestre o año, hasta hoy; el valor "
            "del inventario es el de hoy), su meta, la diferencia, el cumplimiento en % y su estado (`bueno`, "
            "`alerta`, `malo`; null sin valor, p. ej. un ticket medio sin pedidos)."
        ),
    )
    def get(self, request):
        return Response(self.get_serializer({"rows": kpi_dashboard()}).data)


MEASURE_PARAMETER = OpenApiParameter(
    MEASURE,
    OpenApiTypes.STR,
    required=False,
    enum=[str(measure) for measure in SERIES_MEASURES],
    description=_("La medida (todas menos `valor_inventario`, que no tiene serie); por omisión, `ingresos`."),
)


@extend_schema(tags=["metrics"])
class TrendView(_MetricsView):
    serializer_class = TrendSerializer

    @extend_schema(
        summary=_("Tendencia de una medida"),
        description=_(
            "Los últimos N meses (el actual incluido), cada uno con la media móvil de los N meses que terminan en él, "
            "sin contar los meses sin valor, y la dirección de esa media del primero al último: `sube`, `baja` o "
            "`estable` (cambio de 1 % o menos). "
            "Una medida desconocida: 400 `metrics_measure_invalid`; N fuera de 2–24: 400 `metrics_periods_invalid`."
        ),
        parameters=[
            MEASURE_PARAMETER,
            OpenApiParameter(PERIODS, OpenApiTypes.INT, description=_("N, de 2 a 24 (por omisión, 6).")),
        ],
    )
    def get(self, request):
        return Response(self.get_serializer(trend(request.query_params)).data)


@extend_schema(tags=["metrics"])
class ComparisonView(_MetricsView):
    serializer_class = ComparisonSerializer

    @extend_schema(
        summary=_("Comparar dos meses"),
        description=_(
            "La medida en `periodo` frente a `contra`: la diferencia y la variación en %; y frente a la meta del "
            "primer indicador mensual activo de esa medida (null si no hay). Un mes que no es AAAA-MM: 400 "
            "`metrics_month_invalid`."
        ),
        parameters=[
            MEASURE_PARAMETER,
            OpenApiParameter(
                PERIOD, OpenApiTypes.STR, required=False, description=_("Mes, AAAA-MM; por omisión, el actual.")
            ),
            OpenApiParameter(
                AGAINST,
                OpenApiTypes.STR,
                required=False,
                description=_("Mes de referencia, AAAA-MM; por omisión, el anterior a `periodo`."),
            ),
        ],
    )
    def get(self, request):
        return Response(self.get_serializer(comparison(request.query_params)).data)
