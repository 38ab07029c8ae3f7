"""One FilterSet for the API's query parameters, the admin's export and the search."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import AllowedChoiceFilter, ApiFilterSet, DayFilter, StrictBooleanFilter

from .models import ProductionOrder, ProductionStatus
from .vocabulary import PRODUCTION_ORDER


class ProductionOrderFilter(ApiFilterSet):
    """``?estado=``, ``?responsable=`` (user id), ``?pedido=`` (order id), ``?para_stock=``, ``?fecha_desde=`` /
    ``?fecha_hasta=`` (planned end), ``?creado_en_desde=`` / ``?creado_en_hasta=``, ``?search=``, ``?ordering=``."""

    estado = AllowedChoiceFilter(field_name="status", choices=ProductionStatus.choices, label=_("Estado"))
    responsable = filters.UUIDFilter(field_name="responsible_id", label=_("Responsable (id del usuario)"))
    pedido = filters.UUIDFilter(field_name="customer_order_id", label=_("Pedido (id)"))
    para_stock = StrictBooleanFilter(method="filter_for_stock", label=_("Producción para stock (sin pedido)"))
    fecha_desde = DayFilter(field_name="planned_end", lookup_expr="gte", label=_("Fin planificado (desde)"))
    fecha_hasta = DayFilter(field_name="planned_end", lookup_expr="lte", label=_("Fin planificado (hasta)"))

    class Meta:
        model = ProductionOrder
        vocabulary = PRODUCTION_ORDER
        fields = {"kind": ["exact"], "created_at": ["date__gte", "date__lte"]}
        search = "search_text"
        ordering = ("number", "created_at", "planned_end", "status", "finished_at")

    def filter_for_stock(self, queryset, name, value):
        return queryset.filter(customer_order__isnull=value)
