"""The API's query parameters on settings: ``?clave=``, ``?grupo=`` and ``?ordering=``."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import ApiFilterSet

from .models import Setting
from .vocabulary import SETTING


class SettingFilter(ApiFilterSet):
    grupo = filters.CharFilter(
        method="filter_group", label=_("Grupo"), help_text=_("Solo los ajustes de un grupo (por ejemplo «moneda»).")
    )

    class Meta:
        model = Setting
        vocabulary = SETTING
        fields = {"key": ["exact"]}
        ordering = ("key", "updated_at")

    def filter_group(self, queryset, name, value):
        return queryset.filter(key__startswith=f"{value}.")
