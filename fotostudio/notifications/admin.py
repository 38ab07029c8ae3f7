"""Each user's notifications in the staff admin: «Mis notificaciones» and the bell in the header.

The list shows only the signed-in user's notifications (like the API), unread ones marked, with
priority badges; «Marcar como leídas» marks the selected ones, and opening one from the bell's list
and pressing «Marcar como leída» records the reading. Nobody adds or edits notifications here: the
services send them (alerts, modules) and the API lets managers send one.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.decorators import action, display

from fotostudio.admin.base import BaseModelAdmin
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.core import links

from .models import Notification
from .selectors import notification_list, notification_unread_count, preference_for
from .services import notification_mark_read, notifications_mark_all_read

PRIORITY_COLORS = {"BAJA": "info", "MEDIA": "primary", "ALTA": "warning", "CRITICA": "danger"}


@admin.register(Notification)
class NotificationAdmin(BaseModelAdmin):
    list_display = ["title", "type_badge", "priority_badge", "read_badge", "created_at"]
    list_display_links = ["title"]
    list_display_phone = ("title", "priority_badge", "read_badge")
    list_filter = ["is_read", "notification_type", "priority", ("created_at", DateRangeFilter)]
    search_fields = ["title", "body"]
    actions = ["mark_selected_read"]
    readonly_fields = [
        "title",
        "body",
        "notification_type",
        "priority",
        "alert_link",
        "record",
        "extra_data",
        "expires_at",
        "is_read",
        "read_at",
        "created_at",
    ]
    fieldsets = (
        (None, {"fields": ["title", "body", ("notification_type", "priority"), "alert_link", "record"]}),
        (gettext_lazy("Lectura"), {"fields": [("is_read", "read_at"), "created_at", "expires_at", "extra_data"]}),
    )
    change_form_outer_before_template = "notifications/mark_read_button.html"

    def get_queryset(self, request):
        return notification_list(user=request.user).select_related("alert")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @display(description=gettext_lazy("Tipo"), ordering="notification_type")
    def type_badge(self, notification: Notification) -> str:
        return notification.get_notification_type_display()

    @display(description=gettext_lazy("Prioridad"), ordering="priority", label=PRIORITY_COLORS)
    def priority_badge(self, notification: Notification):
        return notification.priority, notification.get_priority_display()

    @display(description=gettext_lazy("Leída"), ordering="is_read", label={True: "success", False: "warning"})
    def read_badge(self, notification: Notification):
        return notification.is_read, _("Leída") if notification.is_read else _("Sin leer")

    @display(description=gettext_lazy("Alerta"))
    def alert_link(self, notification: Notification):
        if notification.alert_id is None:
            return "—"
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:alerts_alert_change", args=[notification.alert_id]),
            notification.alert,
        )

    @display(description=gettext_lazy("Registro"))
    def record(self, notification: Notification) -> str:
        kind = links.link_kind_of(notification)
        return f"{kind.label} {notification.link_id}" if kind is not None else "—"

    @action(description=gettext_lazy("Marcar como leídas"), permissions=["view"])
    def mark_selected_read(self, request, queryset):
        for notification in queryset.filter(is_read=False):
            notification_mark_read(notification=notification, acting_user=request.user)
        self.message_user(request, _("Notificaciones marcadas como leídas."), messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("no-leidas/", view(self.unread_count_view), name="notifications_notification_unread_count"),
            path("marcar-todas-leidas/", view(self.mark_all_view), name="notifications_notification_mark_all"),
            path(
                "<path:object_id>/marcar-leida/", view(self.mark_read_view), name="notifications_notification_mark_read"
            ),
            *super().get_urls(),
        ]

    def unread_count_view(self, request):
        """The bell's figure: the user's unread notifications and how often to ask again."""
        if not self.has_view_permission(request):
            return JsonResponse({"no_leidas": 0, "intervalo": 300})
        preference = preference_for(request.user)
        return JsonResponse(
            {"no_leidas": notification_unread_count(user=request.user), "intervalo": preference.polling_seconds}
        )

    def mark_read_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        notification = self.get_object(request, object_id)
        if notification is None or not self.has_view_permission(request, notification):
            raise Http404(_("No existe esa notificación."))
        notification_mark_read(notification=notification, acting_user=request.user)
        self.message_user(request, _("Notificación marcada como leída."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:notifications_notification_change", args=[notification.pk]))

    def mark_all_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise Http404
        count = notifications_mark_all_read(user=request.user)
        self.message_user(
            request, _("Notificaciones marcadas como leídas: %(count)d.") % {"count": count}, messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:notifications_notification_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notification = self.get_object(request, object_id)
        if notification is not None and not notification.is_read:
            extra_context = {
                **(extra_context or {}),
                "mark_read_url": reverse("admin:notifications_notification_mark_read", args=[notification.pk]),
            }
        return super().change_view(request, object_id, form_url, extra_context)
