"""The lists' query parameters; the record filters (``?lote=<id>``…) are added for the kinds the business has."""

from fotostudio.api.filters import ApiFilterSet

from .models import Notification, NotificationRead
from .vocabulary import NOTIFICATION, READING


class NotificationFilter(ApiFilterSet):
    """``?tipo_notificacion=``, ``?prioridad=``, ``?leida=``, ``?alerta=``, ``?creado_en_desde=`` / ``_hasta=``,
    ``?ordering=``."""

    class Meta:
        model = Notification
        vocabulary = NOTIFICATION
        fields = {
            "notification_type": ["exact"],
            "priority": ["exact"],
            "is_read": ["exact"],
            "alert": ["exact"],
            "created_at": ["date__gte", "date__lte"],
        }
        ordering = ("created_at",)


class ReadingFilter(ApiFilterSet):
    """``?leida_en_desde=`` / ``?leida_en_hasta=``."""

    class Meta:
        model = NotificationRead
        vocabulary = READING
        fields = {"read_at": ["date__gte", "date__lte"]}
