"""The bell in the admin's header. Rendering it costs no query: the page's script
(``fotostudio/js/notifications-bell.js``) asks ``/admin/notifications/notification/no-leidas/`` for the
unread count (one COUNT on the partial index) at once and then every ``intervalo_polling_segundos``."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notifications_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    if user is None or not user.is_authenticated or tenant is None or getattr(tenant, "is_public", True):
        return {"show": False}
    try:
        count_url = reverse("admin:notifications_notification_unread_count")
        list_url = reverse("admin:notifications_notification_changelist")
    except NoReverseMatch:
        return {"show": False}
    return {
        "show": True,
        "count_url": count_url,
        "url": f"{list_url}?is_read__exact=0",
        "script": static("fotostudio/js/notifications-bell.js"),
    }
