"""The lists' query parameters; the record filters (``?lote=<id>``, ``?material=<id>``…) are added for the
kinds of record the business has."""

from fotostudio.api.filters import ApiFilterSet

from .models import Alert, AlertRule
from .vocabulary import ALERT, RULE


class AlertFilter(ApiFilterSet):
    """``?estado=``, ``?prioridad=``, ``?tipo_alerta=``, ``?regla=``, ``?creado_en_desde=`` / ``_hasta=``,
    ``?ordering=``."""

    class Meta:
        model = Alert
        vocabulary = ALERT
        fields = {
            "status": ["exact"],
            "priority": ["exact"],
            "alert_type": ["exact"],
            "rule": ["exact"],
            "created_at": ["date__gte", "date__lte"],
        }
        ordering = ("created_at", "alert_type")


class RuleFilter(ApiFilterSet):
    """``?tipo_alerta=``, ``?activa=``, ``?ordering=``."""

    class Meta:
        model = AlertRule
        vocabulary = RULE
        fields = {"alert_type": ["exact"], "active": ["exact"]}
        ordering = ("name", "alert_type", "created_at")
