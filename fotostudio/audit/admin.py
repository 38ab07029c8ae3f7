import json

from django.apps import apps
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import RangeDateTimeFilter
from unfold.decorators import display

from fotostudio.admin.base import BaseModelAdmin

from .models import AccessLog, AccessResult, ActivityLog

RESULT_COLORS = {
    AccessResult.LOGIN.label: "success",
    AccessResult.LOGOUT.label: "info",
    AccessResult.LOGIN_FAILED.label: "danger",
    AccessResult.THROTTLED.label: "warning",
}


@admin.register(AccessLog)
class AccessLogAdmin(BaseModelAdmin):
    list_display = ["created_at", "username", "result_badge", "channel", "ip_address", "user_agent"]
    list_filter = ["result", "channel", ("created_at", RangeDateTimeFilter)]
    search_fields = ["username", "ip_address", "user_agent"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]

    @display(description=_("Resultado"), label=RESULT_COLORS)
    def result_badge(self, log: AccessLog) -> str:
        return log.get_result_display()

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(BaseModelAdmin):
    """Written by the platform only: nobody adds, changes or deletes a row, superusers included."""

    list_display = ["created_at", "username", "action", "data_name", "row_count", "filters_text", "ip_address"]
    list_filter = ["action", "model", ("created_at", RangeDateTimeFilter)]
    search_fields = ["username", "model", "ip_address", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    fields = [
        "created_at",
        "user",
        "username",
        "action",
        "data_name",
        "row_count",
        "filters_text",
        "file_format",
        "ip_address",
        "request_id",
    ]
    readonly_fields = fields

    @display(description=_("Datos"), ordering="model")
    def data_name(self, log: ActivityLog) -> str:
        try:
            return capfirst(str(apps.get_model(log.model)._meta.verbose_name_plural))
        except (LookupError, ValueError):
            return log.model

    @display(description=_("Filtros y búsqueda"))
    def filters_text(self, log: ActivityLog) -> str:
        return json.dumps(log.filters, ensure_ascii=False) if log.filters else "—"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
