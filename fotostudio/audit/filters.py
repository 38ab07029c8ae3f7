"""Query parameters of the logs' lists (API) — the vocabulary's names."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import AllowedChoiceFilter, ApiFilterSet, DayFilter, DayRangeForm

from .choices import AuditAction
from .models import AccessChannel, AccessLog, AccessResult, AuditEvent
from .selectors import audit_models, created_between
from .vocabulary import ACCESS_LOG, AUDIT_EVENT


class IPFilter(filters.Filter):
    """An IPv4 or IPv6 address; anything else is a 400 (the column is PostgreSQL's ``inet``)."""

    field_class = forms.GenericIPAddressField


def model_choices() -> list[tuple[str, str]]:
    return [(label, label) for label in audit_models()]


class DayRangeFilterSet(ApiFilterSet):
    """``?desde=`` and ``?hasta=``: whole days (``AAAA-MM-DD``) in the business's time zone, both included."""

    desde = DayFilter(method="filter_days", label=_("Desde (fecha, incluida)"))
    hasta = DayFilter(method="filter_days", label=_("Hasta (fecha, incluida)"))

    def filter_days(self, queryset, name, value):
        # Both in one place (the range needs both bounds); the second call finds nothing left to do.
        if getattr(self, "_days_done", False):
            return queryset
        self._days_done = True
        data = self.form.cleaned_data
        return created_between(queryset, since=data.get("desde"), until=data.get("hasta"))


class AuditEventFilter(DayRangeFilterSet):
    """``?accion=``, ``?modelo=``, ``?usuario=`` (id), ``?registro_id=``, ``?id_peticion=``, ``?ip=``,
    ``?desde=``/``?hasta=`` and ``?ordering=`` (``fecha``, ``accion``, ``modelo``)."""

    accion = AllowedChoiceFilter(field_name="action", choices=AuditAction.choices, label=_("Acción"))
    modelo = AllowedChoiceFilter(field_name="model", choices=model_choices, label=_("Modelo (app.modelo)"))
    # By id, not by a row of the users table: the trail keeps the events of a deleted user.
    usuario = filters.UUIDFilter(field_name="user_id", label=_("Usuario (id)"))

    class Meta:
        model = AuditEvent
        vocabulary = AUDIT_EVENT
        form = DayRangeForm
        fields = {"object_id": ["exact"], "request_id": ["exact"], "ip_address": ["exact"]}
        ordering = ("created_at", "action", "model")


class AccessLogFilter(DayRangeFilterSet):
    """``?resultado=``, ``?canal=``, ``?usuario=`` (id), ``?ip=``, ``?desde=``/``?hasta=`` and ``?ordering=``."""

    resultado = AllowedChoiceFilter(field_name="result", choices=AccessResult.choices, label=_("Resultado"))
    canal = AllowedChoiceFilter(field_name="channel", choices=AccessChannel.choices, label=_("Canal"))
    usuario = filters.UUIDFilter(field_name="user_id", label=_("Usuario (id)"))
    ip = IPFilter(field_name="ip_address", label=_("IP"))

    class Meta:
        model = AccessLog
        vocabulary = ACCESS_LOG
        form = DayRangeForm
        fields = {}
        ordering = ("created_at", "result", "username")
