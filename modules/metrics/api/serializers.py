"""Indicators and figures as the API shows them (Spanish keys; figures as strings with two decimals)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer
from modules.dashboard.api.serializers import PeriodSerializer

from ..models import KpiDefinition, KpiState, Measure, Unit
from ..vocabulary import KPI_DEFINITION

FIGURE = {"max_digits": 18, "decimal_places": 2}


class KpiDefinitionSerializer(VocabularySerializer):
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)
    unidad = serializers.ChoiceField(
        choices=Unit.choices, source="unit", read_only=True, help_text=_("La de la medida.")
    )

    class Meta:
        model = KpiDefinition
        vocabulary = KPI_DEFINITION
        fields = KPI_DEFINITION.keys()
        extra_kwargs = {
            "meta": {"min_value": 0},
            "umbral_bueno": {"min_value": 0},
            "umbral_alerta": {"min_value": 0},
        }


class _Bucket(serializers.Serializer):
    inicio = serializers.DateField(source="start", help_text=_("Primer día del intervalo."))


class RevenueBucketSerializer(_Bucket):
    ingresos = serializers.DecimalField(source="revenue", **FIGURE)
    pedidos = serializers.IntegerField(source="orders")
    ticket_medio = serializers.DecimalField(source="average_ticket", allow_null=True, **FIGURE)


class RevenueTotalsSerializer(serializers.Serializer):
    ingresos = serializers.DecimalField(source="revenue", **FIGURE)
    pedidos = serializers.IntegerField(source="orders")
    ticket_medio = serializers.DecimalField(source="average_ticket", allow_null=True, **FIGURE)


class OrdersBucketSerializer(_Bucket):
    pedidos = serializers.IntegerField(source="orders", help_text=_("Con fecha en el intervalo, no cancelados."))
    cancelados = serializers.IntegerField(source="cancelled")
    entregados = serializers.IntegerField(source="delivered", help_text=_("Entregados en el intervalo."))
    a_tiempo = serializers.IntegerField(source="on_time")
    tasa_a_tiempo = serializers.DecimalField(source="on_time_rate", allow_null=True, **FIGURE)


class OrdersTotalsSerializer(serializers.Serializer):
    pedidos = serializers.IntegerField(source="orders")
    cancelados = serializers.IntegerField(source="cancelled")
    entregados = serializers.IntegerField(source="delivered")
    a_tiempo = serializers.IntegerField(source="on_time")
    tasa_a_tiempo = serializers.DecimalField(source="on_time_rate", allow_null=True, **FIGURE)


class ClientsBucketSerializer(_Bucket):
    nuevos = serializers.IntegerField(source="new", help_text=_("Registrados en el intervalo."))
    con_pedidos = serializers.IntegerField(source="buying", help_text=_("Clientes con pedidos en el intervalo."))
    recurrentes = serializers.IntegerField(
        source="returning", help_text=_("De ellos, los que ya tenían un pedido anterior al intervalo.")
    )


class ClientsTotalsSerializer(serializers.Serializer):
    nuevos = serializers.IntegerField(source="new")


class InventoryBucketSerializer(_Bucket):
    compras = serializers.DecimalField(source="purchases", **FIGURE)
    consumo = serializers.DecimalField(source="consumption", **FIGURE)
    merma = serializers.DecimalField(source="waste", **FIGURE)
    tasa_merma = serializers.DecimalField(source="waste_rate", allow_null=True, **FIGURE)


class InventoryTotalsSerializer(serializers.Serializer):
    compras = serializers.DecimalField(source="purchases", **FIGURE)
    consumo = serializers.DecimalField(source="consumption", **FIGURE)
    merma = serializers.DecimalField(source="waste", **FIGURE)
    tasa_merma = serializers.DecimalField(source="waste_rate", allow_null=True, **FIGURE)
    valor_inventario = serializers.DecimalField(
        source="stock_value", help_text=_("Ahora: existencias × costo promedio."), **FIGURE
    )


class ProductionBucketSerializer(_Bucket):
    ordenes_completadas = serializers.IntegerField(
        source="orders", help_text=_("Órdenes de producción completadas en el intervalo (por su fin real).")
    )
    productos = serializers.IntegerField(source="products", help_text=_("Productos terminados que dieron."))
    costo_materiales = serializers.DecimalField(
        source="material_cost",
        help_text=_("Materiales que tomaron (aprovechado + merma), al costo de cada movimiento."),
        **FIGURE,
    )


class ProductionTotalsSerializer(serializers.Serializer):
    ordenes_completadas = serializers.IntegerField(source="orders")
    productos = serializers.IntegerField(source="products")
    costo_materiales = serializers.DecimalField(source="material_cost", **FIGURE)


class EfficiencyBucketSerializer(_Bucket):
    aprovechado = serializers.DecimalField(
        source="used_cost",
        help_text=_("Costo del material que quedó en los productos (consumo menos retazos devueltos)."),
        **FIGURE,
    )
    merma = serializers.DecimalField(
        source="waste_cost", help_text=_("Costo de la merma (declarada y retazos cortos)."), **FIGURE
    )
    tasa_merma = serializers.DecimalField(
        source="waste_percent",
        allow_null=True,
        help_text=_("Merma / (aprovechado + merma), en %; null sin consumo."),
        **FIGURE,
    )
    costo_por_producto = serializers.DecimalField(
        source="cost_per_product",
        allow_null=True,
        help_text=_("Costo de materiales por producto terminado; null sin productos."),
        **FIGURE,
    )


class EfficiencyTotalsSerializer(serializers.Serializer):
    aprovechado = serializers.DecimalField(source="used_cost", **FIGURE)
    merma = serializers.DecimalField(source="waste_cost", **FIGURE)
    tasa_merma = serializers.DecimalField(source="waste_percent", allow_null=True, **FIGURE)
    costo_por_producto = serializers.DecimalField(source="cost_per_product", allow_null=True, **FIGURE)


def series_serializer(name: str, bucket: type, totals: type) -> type:
    return type(
        name,
        (serializers.Serializer,),
        {
            "periodo": PeriodSerializer(source="period"),
            "granularidad": serializers.CharField(source="granularity"),
            "serie": bucket(source="series", many=True),
            "totales": totals(source="totals"),
        },
    )


RevenueSeriesSerializer = series_serializer("RevenueSeriesSerializer", RevenueBucketSerializer, RevenueTotalsSerializer)
OrdersSeriesSerializer = series_serializer("OrdersSeriesSerializer", OrdersBucketSerializer, OrdersTotalsSerializer)
ClientsSeriesSerializer = series_serializer("ClientsSeriesSerializer", ClientsBucketSerializer, ClientsTotalsSerializer)
InventorySeriesSerializer = series_serializer(
    "InventorySeriesSerializer", InventoryBucketSerializer, InventoryTotalsSerializer
)
ProductionSeriesSerializer = series_serializer(
    "ProductionSeriesSerializer", ProductionBucketSerializer, ProductionTotalsSerializer
)
EfficiencySeriesSerializer = series_serializer(
    "EfficiencySeriesSerializer", EfficiencyBucketSerializer, EfficiencyTotalsSerializer
)


class KpiValueSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="kpi.id")
    nombre = serializers.CharField(source="kpi.name")
    medida = serializers.ChoiceField(choices=Measure.choices, source="kpi.measure")
    unidad = serializers.ChoiceField(choices=Unit.choices, source="kpi.unit")
    periodo = PeriodSerializer(source="period", help_text=_("El periodo en curso del indicador, hasta hoy."))
    valor = serializers.DecimalField(source="value", allow_null=True, **FIGURE)
    meta = serializers.DecimalField(source="target", **FIGURE)
    diferencia = serializers.DecimalField(source="difference", allow_null=True, **FIGURE)
    cumplimiento = serializers.DecimalField(
        source="achievement", allow_null=True, help_text=_("Valor / meta, en %."), **FIGURE
    )
    estado = serializers.ChoiceField(choices=KpiState.choices, source="state", allow_null=True)


class KpiDashboardSerializer(serializers.Serializer):
    indicadores = KpiValueSerializer(source="rows", many=True)


class TrendPointSerializer(serializers.Serializer):
    mes = serializers.SerializerMethodField(help_text=_("AAAA-MM."))
    valor = serializers.DecimalField(source="value", allow_null=True, **FIGURE)
    media_movil = serializers.DecimalField(source="moving_average", allow_null=True, **FIGURE)

    def get_mes(self, point) -> str:
        return point["start"].strftime("%Y-%m")


class TrendSerializer(serializers.Serializer):
    medida = serializers.ChoiceField(choices=Measure.choices, source="measure")
    periodos = serializers.IntegerField(source="periods")
    puntos = TrendPointSerializer(source="points", many=True)
    direccion = serializers.ChoiceField(choices=["sube", "baja", "estable"], source="direction")
    cambio = serializers.DecimalField(
        source="change", allow_null=True, help_text=_("Última media móvil menos la primera."), **FIGURE
    )


class ComparisonSerializer(serializers.Serializer):
    medida = serializers.ChoiceField(choices=Measure.choices, source="measure")
    periodo = serializers.SerializerMethodField(help_text=_("AAAA-MM."))
    valor = serializers.DecimalField(source="value", allow_null=True, **FIGURE)
    contra = serializers.SerializerMethodField(help_text=_("AAAA-MM."))
    valor_contra = serializers.DecimalField(source="against_value", allow_null=True, **FIGURE)
    diferencia = serializers.DecimalField(source="difference", allow_null=True, **FIGURE)
    diferencia_pct = serializers.DecimalField(source="difference_percent", allow_null=True, **FIGURE)
    indicador = serializers.UUIDField(source="kpi.id", allow_null=True, default=None)
    meta = serializers.DecimalField(source="target", allow_null=True, **FIGURE)
    diferencia_meta = serializers.DecimalField(source="target_difference", allow_null=True, **FIGURE)
    cumplimiento = serializers.DecimalField(source="achievement", allow_null=True, **FIGURE)
    estado = serializers.ChoiceField(choices=KpiState.choices, source="state", allow_null=True)

    def get_periodo(self, row) -> str:
        return row["month"].strftime("%Y-%m")

    def get_contra(self, row) -> str:
        return row["against_month"].strftime("%Y-%m")
