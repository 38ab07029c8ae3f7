"""One FilterSet for the API's query parameters, the admin's export and the search."""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import AllowedChoiceFilter, ApiFilterSet, DayFilter, StrictBooleanFilter
from fotostudio.core.models import sort_key
from fotostudio.core.search import search_words

from .contract_hook import contract_hook
from .models import OPEN_STATUSES, Order, OrderStatus, Priority
from .vocabulary import ORDER


def order_search(queryset: QuerySet[Order], text: str | None) -> QuerySet[Order]:
    """Orders whose number, client name or client document contain every word of ``text``.

    Case and accents never matter (``jose perez`` finds «José Pérez»); one filter, one query.
    """
    words = search_words(text)
    if not words:
        return queryset
    queryset = queryset.annotate(client_name_folded=sort_key("client__name"))
    conditions = (
        Q(search_text__contains=word) | Q(client_name_folded__contains=word) | Q(client__document__icontains=word)
        for word in words
    )
    return queryset.filter(reduce(operator.and_, conditions))


def overdue_condition() -> Q:
    """Open orders whose promised date has passed (the business's today)."""
    return Q(status__in=OPEN_STATUSES, promised_date__lt=timezone.localdate())


class OrderFilter(ApiFilterSet):
    """``?estado=``, ``?servicio=`` (code), ``?cliente=`` (id), ``?prioridad=``, ``?fecha_desde=`` /
    ``?fecha_hasta=``, ``?vencido=``, ``?con_saldo=``, ``?contrato=`` (id), ``?search=`` and ``?ordering=``."""

    estado = AllowedChoiceFilter(field_name="status", choices=OrderStatus.choices, label=_("Estado"))
    prioridad = AllowedChoiceFilter(field_name="priority", choices=Priority.choices, label=_("Prioridad"))
    servicio = filters.CharFilter(field_name="service_type__code", label=_("Servicio (código)"))
    cliente = filters.UUIDFilter(field_name="client_id", label=_("Cliente (id)"))
    fecha_desde = DayFilter(field_name="order_date", lookup_expr="gte", label=_("Fecha (desde)"))
    fecha_hasta = DayFilter(field_name="order_date", lookup_expr="lte", label=_("Fecha (hasta)"))
    vencido = StrictBooleanFilter(method="filter_overdue", label=_("Vencido (fecha prometida pasada, sin entregar)"))
    con_saldo = StrictBooleanFilter(method="filter_with_balance", label=_("Con saldo pendiente"))
    contrato = filters.UUIDFilter(method="filter_contract", label=_("Contrato con el colegio (id)"))

    class Meta:
        model = Order
        vocabulary = ORDER
        fields: dict = {}
        search = "search_text"
        ordering = ("number", "order_date", "promised_date", "total", "balance", "status", "created_at")

    def filter_search(self, queryset, name, value):
        return order_search(queryset, value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_condition()) if value else queryset.exclude(overdue_condition())

    def filter_with_balance(self, queryset, name, value):
        return queryset.filter(balance__gt=0) if value else queryset.filter(balance=0)

    def filter_contract(self, queryset, name, value):
        hook = contract_hook()
        return hook.filter(queryset, value) if hook is not None else queryset.none()
