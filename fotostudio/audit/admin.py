from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import RangeDateTimeFilter
from unfold.decorators import display

from fotostudio.admin.base import BaseModelAdmin

from .models import AccessLog, AccessResult

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
