"""One FilterSet for the API's query parameters, the admin's export and the report pages."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import AllowedChoiceFilter, ApiFilterSet

from .models import Contract, ContractStatus
from .vocabulary import CONTRACT


class ContractFilter(ApiFilterSet):
    """``?estado=`` (the current status: ``VENCIDO`` is a ``VIGENTE`` contract past its end date),
    ``?colegio=``, ``?anio_lectivo=``, ``?fecha_inicio_desde=`` / ``_hasta``, ``?fecha_fin_desde=`` /
    ``_hasta``, ``?search=`` (number, title, school year) and ``?ordering=``.

    Needs the queryset of ``selectors.contract_list`` (it annotates ``current_status``).
    """

    estado = AllowedChoiceFilter(
        field_name="current_status",
        choices=ContractStatus.choices,
        label=_("Estado"),
        help_text=_("El estado actual: VENCIDO es un contrato vigente cuya fecha de fin ya pasó."),
    )
    colegio = filters.UUIDFilter(field_name="school_id", label=_("Colegio"))

    class Meta:
        model = Contract
        vocabulary = CONTRACT
        fields = {
            "academic_year": ["exact"],
            "start_date": ["gte", "lte"],
            "end_date": ["gte", "lte"],
            "created_at": ["date__gte", "date__lte"],
        }
        search = "search_text"
        ordering = ("number", "title", "start_date", "end_date", "academic_year", "created_at")
