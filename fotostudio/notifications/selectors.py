"""Every read of notifications: the API, the admin's list and bell, and the services."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Notification, NotificationPreference, NotificationRead


def _not_expired() -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's own notifications that have not expired, newest first (one query per page, no joins per row)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .filter(_not_expired())
        .select_related("link_type")
        .order_by("-created_at", "id")
    )


def notification_unread_list(*, user) -> QuerySet[Notification]:
    """What the polling endpoint answers: served by the partial index on the user's unread notifications."""
    return notification_list(user=user).filter(is_read=False)


def notification_unread_count(*, user) -> int:
    return notification_unread_list(user=user).count()


def reading_list(*, user) -> QuerySet[NotificationRead]:
    """The user's reading history, newest first, with each notification's title (a join, not a query per row)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NotificationRead.objects.none()
    return NotificationRead.objects.filter(user=user).select_related("notification").order_by("-read_at", "id")


def preference_for(user) -> NotificationPreference:
    """The user's preferences: the stored row, or an unsaved one with the defaults (the business's clean-up days)."""
    found = NotificationPreference.objects.filter(user=user).select_related("user").first()
    if found is not None:
        return found
    return NotificationPreference(user=user, delete_read_after_days=default_delete_read_after_days())


def default_delete_read_after_days() -> int:
    from fotostudio.configuration.selectors import setting_value

    from .apps import DELETE_READ_AFTER_DAYS

    try:
        return int(setting_value(DELETE_READ_AFTER_DAYS))
    except LookupError:  # outside a business (the public schema)
        return NotificationPreference._meta.get_field("delete_read_after_days").default
