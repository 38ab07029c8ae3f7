"""One FilterSet for the API (query parameters), the admin export and report pages.

Parameter names are the API's Spanish keys. ``search`` and ``ordering`` live here
too (rather than in DRF's ``SearchFilter``/``OrderingFilter``) so that the search
is accent-insensitive everywhere and ordering uses the Spanish names.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import StableOrderingFilter

from .models import Client, ClientType
from .selectors import client_search
from .validators import document_type_choices


class ClientFilter(filters.FilterSet):
    tipo = filters.ChoiceFilter(field_name="client_type", choices=ClientType.choices, label=_("Tipo"))
    tipo_documento = filters.ChoiceFilter(
        field_name="document_type", choices=document_type_choices, label=_("Tipo de documento")
    )
    ciudad = filters.CharFilter(field_name="city", lookup_expr="iexact", label=_("Ciudad"))
    es_activo = filters.BooleanFilter(field_name="is_active", label=_("Activo"))
    creado_desde = filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label=_("Creado desde"))
    creado_hasta = filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label=_("Creado hasta"))
    search = filters.CharFilter(
        method="filter_search", label=_("Buscar"), help_text=_("Nombre, documento, correo, teléfono o contacto.")
    )
    ordering = StableOrderingFilter(
        fields=(
            ("name", "nombre"),
            ("document", "documento"),
            ("city", "ciudad"),
            ("client_type", "tipo"),
            ("created_at", "creado_en"),
            ("updated_at", "actualizado_en"),
        ),
        label=_("Orden"),
    )

    class Meta:
        model = Client
        fields = ["tipo", "tipo_documento", "ciudad", "es_activo", "creado_desde", "creado_hasta"]

    def filter_search(self, queryset, name, value):
        return client_search(queryset, value)
