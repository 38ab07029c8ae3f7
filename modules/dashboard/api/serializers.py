"""The dashboard's answers as the API shows them (Spanish keys; amounts as strings with two decimals)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from modules.orders.models import OrderStatus

MONEY = {"max_digits": 16, "decimal_places": 2}


class PeriodSerializer(serializers.Serializer):
    desde = serializers.DateField(source="since", help_text=_("Primer día del periodo."))
    hasta = serializers.DateField(source="until", help_text=_("Último día del periodo (incluido)."))


class OrdersByStatusSerializer(serializers.Serializer):
    def get_fields(self):
        return {status: serializers.IntegerField(help_text=label) for status, label in OrderStatus.choices}


class BalancesSerializer(serializers.Serializer):
    pedidos = serializers.IntegerField(source="count", help_text=_("Pedidos del periodo con saldo pendiente."))
    monto = serializers.DecimalField(source="amount", help_text=_("Suma de sus saldos."), **MONEY)
    atrasados = serializers.IntegerField(source="overdue", help_text=_("De ellos, los atrasados."))


class OrdersSectionSerializer(serializers.Serializer):
    por_estado = OrdersByStatusSerializer(source="by_status", help_text=_("Pedidos del periodo por estado."))
    en_curso = serializers.IntegerField(source="open", help_text=_("Pendientes, en proceso o listos para retirar."))
    atrasados = serializers.IntegerField(
        source="overdue", help_text=_("Fecha prometida pasada y sin entregar ni cancelar.")
    )
    saldos_pendientes = BalancesSerializer(source="balances")
    tiempo_medio_entrega_dias = serializers.FloatField(
        source="average_delivery_days",
        allow_null=True,
        help_text=_("Días del pedido a la entrega, de las entregas del periodo (null: ninguna)."),
    )


class ServiceRevenueSerializer(serializers.Serializer):
    servicio = serializers.CharField(source="code", help_text=_("Código del tipo de servicio."))
    nombre = serializers.CharField(source="name")
    total = serializers.DecimalField(**MONEY)
    pedidos = serializers.IntegerField(source="orders")


class MonthRevenueSerializer(serializers.Serializer):
    mes = serializers.SerializerMethodField(help_text=_("AAAA-MM."))
    total = serializers.SerializerMethodField(help_text=_("Total del mes."))

    def get_mes(self, row) -> str:
        return row[0].strftime("%Y-%m")

    def get_total(self, row) -> str:
        return f"{row[1]:.2f}"


class RevenueSectionSerializer(serializers.Serializer):
    total = serializers.DecimalField(help_text=_("Total de los pedidos del periodo no cancelados."), **MONEY)
    pedidos = serializers.IntegerField(source="orders")
    por_servicio = ServiceRevenueSerializer(source="by_service", many=True)
    por_mes = MonthRevenueSerializer(source="by_month", many=True)


class NewClientsSerializer(serializers.Serializer):
    particulares = serializers.IntegerField(source="private")
    colegios = serializers.IntegerField(source="schools")
    total = serializers.IntegerField()


class ClientsSectionSerializer(serializers.Serializer):
    particulares_activos = serializers.IntegerField(source="private")
    colegios_activos = serializers.IntegerField(source="schools")
    estudiantes = serializers.IntegerField(source="students", help_text=_("Estudiantes de los colegios activos."))
    clientes = serializers.IntegerField(source="total", help_text=_("Todos los clientes, activos o no."))
    nuevos = NewClientsSerializer(source="new", help_text=_("Registrados en el periodo."))


class ActiveClientsSectionSerializer(serializers.Serializer):
    nuevos = serializers.IntegerField(source="new", help_text=_("Su primer pedido es del periodo."))
    recurrentes = serializers.IntegerField(source="returning", help_text=_("Ya habían hecho pedidos antes."))
    total = serializers.IntegerField(help_text=_("Clientes con algún pedido no cancelado en el periodo."))


class ProductionSectionSerializer(serializers.Serializer):
    ordenes = serializers.IntegerField(source="orders", help_text=_("Órdenes de producción completadas."))
    productos = serializers.IntegerField(source="products", help_text=_("Productos terminados de esas órdenes."))
    costo_material = serializers.DecimalField(
        source="material_cost", help_text=_("Material consumido (aprovechado + merma), a costo."), **MONEY
    )
    aprovechado = serializers.DecimalField(source="used_cost", help_text=_("Material aprovechado, a costo."), **MONEY)
    merma = serializers.DecimalField(source="waste_cost", help_text=_("Merma, a costo."), **MONEY)
    merma_porcentaje = serializers.DecimalField(
        source="waste_percent",
        max_digits=6,
        decimal_places=2,
        allow_null=True,
        help_text=_("Merma sobre el material consumido, por valor (null: sin consumo)."),
    )


class InventorySectionSerializer(serializers.Serializer):
    materiales = serializers.IntegerField(source="materials", help_text=_("Materiales activos, hoy."))
    bajo_minimo = serializers.IntegerField(source="low", help_text=_("En su existencia mínima o por debajo."))
    agotados = serializers.IntegerField(source="out", help_text=_("Sin existencias."))


class AgendaSectionSerializer(serializers.Serializer):
    fecha = serializers.DateField(source="date", help_text=_("Hoy."))
    citas_hoy = serializers.IntegerField(source="appointments", help_text=_("Citas de hoy no canceladas."))


class ContractsSectionSerializer(serializers.Serializer):
    vigentes = serializers.IntegerField(source="active")
    por_vencer = serializers.IntegerField(source="expiring", help_text=_("Vigentes que terminan en `dias` días."))
    dias = serializers.IntegerField(source="days", help_text=_("Días de aviso de la configuración."))


class OrdersFiguresSerializer(OrdersSectionSerializer):
    periodo = PeriodSerializer(source="period")


class RevenueFiguresSerializer(RevenueSectionSerializer):
    periodo = PeriodSerializer(source="period")


class ClientsFiguresSerializer(ClientsSectionSerializer):
    periodo = PeriodSerializer(source="period")


class SummarySerializer(serializers.Serializer):
    """Every section, ``null`` when the user may not see its records."""

    periodo = PeriodSerializer(source="period")
    pedidos = OrdersSectionSerializer(
        source="sections.pedidos", allow_null=True, help_text=_("Como /api/dashboard/orders/; null sin permiso.")
    )
    ingresos = RevenueSectionSerializer(
        source="sections.ingresos", allow_null=True, help_text=_("Como /api/dashboard/revenue/; null sin permiso.")
    )
    clientes = ClientsSectionSerializer(
        source="sections.clientes", allow_null=True, help_text=_("Como /api/dashboard/clients/; null sin permiso.")
    )
    clientes_activos = ActiveClientsSectionSerializer(
        source="sections.clientes_activos", allow_null=True, help_text=_("Clientes con pedidos en el periodo.")
    )
    produccion = ProductionSectionSerializer(
        source="sections.produccion",
        allow_null=True,
        help_text=_("Órdenes completadas en el periodo: material aprovechado frente a merma; null sin permiso."),
    )
    inventario = InventorySectionSerializer(
        source="sections.inventario", allow_null=True, help_text=_("Existencias de hoy; null sin permiso.")
    )
    agenda = AgendaSectionSerializer(
        source="sections.agenda", allow_null=True, help_text=_("Citas de hoy; null sin permiso.")
    )
    contratos = ContractsSectionSerializer(
        source="sections.contratos", allow_null=True, help_text=_("Contratos por vencer desde hoy; null sin permiso.")
    )
