"""Every write on notifications: send (honouring the recipient's preferences), read, change, delete, clean up.

The rules:

- :func:`notification_send` is what other services call. A type the recipient switched off is not
  delivered (``None``); an inactive user gets nothing. High-priority notifications (``ALTA``,
  ``CRITICA``) are also sent by e-mail, through a job (``notifications.email``) — unless the business
  switched e-mail off (``notificaciones.correo``), the recipient has no address, or it is their quiet
  hours (in the business's time zone): then it is delivered in the panel only, silently.
- :func:`notify_role` sends one to every active user of a role.
- Marking read is idempotent; each first reading is recorded in the reading history.
- Read notifications are deleted after the days the recipient chose (``eliminar_notificaciones_leidas_dias``),
  or the business's ``notificaciones.eliminar_leidas_dias`` for users who did not choose
  (:func:`notifications_delete_read`, a nightly job).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core import links
from fotostudio.core.errors import ApplicationError
from fotostudio.core.links import LinkRef
from fotostudio.core.services import model_update, only_fields

from .models import (
    EMAIL_PRIORITIES,
    Notification,
    NotificationPreference,
    NotificationRead,
    NotificationType,
    Priority,
)
from .selectors import default_delete_read_after_days, preference_for


class NotificationErrorCode(StrEnum):
    INVALID = "notification_invalid"
    DISABLED = "notification_disabled"
    RECIPIENT_INACTIVE = "notification_recipient_inactive"
    PREFERENCES_INVALID = "notification_preferences_invalid"


#: What a caller may change on an existing notification (the recipient, type, alert and record stay).
NOTIFICATION_UPDATE_FIELDS = ("title", "body", "priority", "extra_data", "expires_at")
PREFERENCE_FIELDS = (
    "alerts_enabled",
    "traceability_events_enabled",
    "shipment_status_enabled",
    "quality_enabled",
    "sync_enabled",
    "system_enabled",
    "polling_seconds",
    "delete_read_after_days",
    "quiet_start",
    "quiet_end",
)
POLLING_RANGE = (5, 3600)
#: The largest ``datos_adicionales`` accepted, as JSON text.
EXTRA_DATA_MAX = 10_000
DELETE_DAYS_RANGE = (1, 3650)


def _validate(notification: Notification) -> None:
    notification.title = (notification.title or "").strip()
    notification.body = (notification.body or "").strip()
    try:
        notification.full_clean(
            exclude=["recipient", "alert", "link_type", "link_id"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        raise ApplicationError(
            next(iter(errors.values()))[0], code=NotificationErrorCode.INVALID, errors=errors
        ) from exc
    if notification.extra_data is None:
        notification.extra_data = {}
    if not isinstance(notification.extra_data, dict):
        message = _("Debe ser un objeto JSON.")
        raise ApplicationError(message, code=NotificationErrorCode.INVALID, errors={"extra_data": [message]})
    encoded = json.dumps(notification.extra_data, ensure_ascii=True)
    if "\\u0000" in encoded or len(encoded) > EXTRA_DATA_MAX:
        message = _("Como mucho %(max)d caracteres de JSON, sin caracteres nulos.") % {"max": EXTRA_DATA_MAX}
        raise ApplicationError(message, code=NotificationErrorCode.INVALID, errors={"extra_data": [message]})


def _resolve_link(link, acting_user) -> models.Model | None:
    if link is None or isinstance(link, models.Model):
        return link
    if isinstance(link, LinkRef):
        user = acting_user if getattr(acting_user, "pk", None) else None
        return links.link_resolve(link, acting_user=user)
    raise TypeError("link must be a LinkRef, a model instance or None")


def local_time_now() -> datetime.time:
    """The time of day now in the business's time zone (the active one: the request's, or the job's)."""
    return timezone.localtime().time()


def is_quiet_now(preference: NotificationPreference) -> bool:
    """Whether it is the user's quiet time now."""
    return preference.is_quiet_at(local_time_now())


def _email_allowed() -> bool:
    from fotostudio.configuration.catalogue import NOTIFY_BY_EMAIL
    from fotostudio.configuration.selectors import setting_value

    try:
        return bool(setting_value(NOTIFY_BY_EMAIL))
    except LookupError:
        return False


@transaction.atomic
def notification_send(
    *,
    recipient,
    notification_type: str,
    title: str,
    body: str,
    priority: str = Priority.MEDIUM,
    alert=None,
    link: LinkRef | models.Model | None = None,
    data: Mapping[str, Any] | None = None,
    expires_at=None,
    acting_user=None,
) -> Notification | None:
    """Deliver a notification to ``recipient`` as their preferences allow; ``None`` when it is not delivered
    (the type is switched off, or the user is inactive). ``link`` is a checked ``LinkRef`` (from the API) or the
    record itself (from a service)."""
    if recipient is None or not recipient.is_active:
        return None
    preference = preference_for(recipient)
    if not preference.allows(notification_type):
        return None
    notification = Notification(
        recipient=recipient,
        notification_type=notification_type,
        title=title,
        body=body,
        priority=priority,
        alert=alert,
        extra_data={} if data is None else data,
        expires_at=expires_at,
    )
    links.link_set(notification, _resolve_link(link, acting_user))
    _validate(notification)
    notification.emailed = (
        notification.priority in EMAIL_PRIORITIES
        and bool(recipient.email)
        and not is_quiet_now(preference)
        and _email_allowed()
    )
    notification.save(force_insert=True)
    if notification.emailed:
        from fotostudio.jobs.services import job_start

        job_start(
            kind="notifications.email",
            title=_("Correo: %(title)s") % {"title": notification.title},
            payload={"notification_id": str(notification.pk)},
            acting_user=acting_user,
        )
    return notification


def role_members(role: str) -> models.QuerySet:
    """The active users of a role (the business's superusers count as administrators)."""
    from fotostudio.users.models import User
    from fotostudio.users.roles import Role

    condition = Q(groups__name=str(role))
    if role == Role.ADMINISTRATOR:
        condition |= Q(is_superuser=True)
    return User.objects.filter(condition, is_active=True).distinct().order_by("username")


@transaction.atomic
def notify_role(*, role: str, **kwargs: Any) -> list[Notification]:
    """``notification_send(**kwargs)`` to every active user of ``role``; the delivered ones."""
    return notify_users(users=role_members(role), **kwargs)


@transaction.atomic
def notify_users(*, users, **kwargs: Any) -> list[Notification]:
    sent = []
    for user in users:
        notification = notification_send(recipient=user, **kwargs)
        if notification is not None:
            sent.append(notification)
    return sent


@transaction.atomic
def notification_create(*, data: Mapping[str, Any], link: LinkRef | None = None, acting_user=None) -> Notification:
    """The API's create: like :func:`notification_send`, but a notification that would not be delivered is a 400."""
    values = dict(data)
    recipient = values.pop("recipient")
    notification_type = values.pop("notification_type")
    if not recipient.is_active:
        message = _("El usuario destinatario está desactivado.")
        raise ApplicationError(message, code=NotificationErrorCode.RECIPIENT_INACTIVE, errors={"recipient": [message]})
    if not preference_for(recipient).allows(notification_type):
        message = _("El destinatario desactivó las notificaciones de este tipo en sus preferencias.")
        raise ApplicationError(message, code=NotificationErrorCode.DISABLED, errors={"notification_type": [message]})
    return notification_send(
        recipient=recipient,
        notification_type=notification_type,
        title=values.get("title", ""),
        body=values.get("body", ""),
        priority=values.get("priority") or Priority.MEDIUM,
        alert=values.get("alert"),
        link=link,
        data=values.get("extra_data"),
        expires_at=values.get("expires_at"),
        acting_user=acting_user,
    )


@transaction.atomic
def notification_update(*, notification: Notification, data: Mapping[str, Any], acting_user=None) -> Notification:
    model_update(
        instance=notification,
        fields=NOTIFICATION_UPDATE_FIELDS,
        data=only_fields(data, NOTIFICATION_UPDATE_FIELDS),
        clean=_validate,
    )
    return notification


@transaction.atomic
def notification_delete(*, notification: Notification, acting_user=None) -> None:
    notification.delete()


@transaction.atomic
def notification_mark_read(*, notification: Notification, acting_user) -> Notification:
    """Mark one read (again is harmless: the first reading is the one recorded)."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if not locked.is_read:
        now = timezone.now()
        Notification.objects.filter(pk=locked.pk).update(is_read=True, read_at=now, updated_at=now)
        NotificationRead.objects.create(notification=locked, user_id=locked.recipient_id, read_at=now)
        locked.is_read, locked.read_at = True, now
    return locked


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; how many were."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(recipient=user, is_read=False).select_for_update().values_list("id", flat=True)
    )
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(is_read=True, read_at=now, updated_at=now)
    NotificationRead.objects.bulk_create(
        [NotificationRead(notification_id=pk, user=user, read_at=now) for pk in ids], batch_size=500
    )
    return len(ids)


def _preference_errors(preference: NotificationPreference) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    low, high = POLLING_RANGE
    if not low <= preference.polling_seconds <= high:
        errors["polling_seconds"] = [_("Debe estar entre %(low)d y %(high)d segundos.") % {"low": low, "high": high}]
    low, high = DELETE_DAYS_RANGE
    if not low <= preference.delete_read_after_days <= high:
        errors["delete_read_after_days"] = [_("Debe estar entre %(low)d y %(high)d días.") % {"low": low, "high": high}]
    if (preference.quiet_start is None) != (preference.quiet_end is None):
        message = _("Indique el inicio y el fin del horario silencioso, o ninguno de los dos.")
        missing = "quiet_end" if preference.quiet_end is None else "quiet_start"
        errors[missing] = [message]
    return errors


def _clean_preference(preference: NotificationPreference) -> None:
    errors = _preference_errors(preference)
    if errors:
        raise ApplicationError(
            next(iter(errors.values()))[0], code=NotificationErrorCode.PREFERENCES_INVALID, errors=errors
        )


@transaction.atomic
def notification_preferences_get(*, user) -> NotificationPreference:
    """The user's preferences, stored with the defaults the first time they are asked for (so they have an id)."""
    return NotificationPreference.objects.select_related("user").get_or_create(
        user=user, defaults={"delete_read_after_days": default_delete_read_after_days()}
    )[0]


@transaction.atomic
def notification_preferences_update(*, user, data: Mapping[str, Any]) -> NotificationPreference:
    """Change the user's preferences (only what ``data`` holds); the row is created on first change."""
    preference = notification_preferences_get(user=user)
    preference = NotificationPreference.objects.select_for_update().select_related("user").get(pk=preference.pk)
    model_update(
        instance=preference,
        fields=PREFERENCE_FIELDS,
        data=only_fields(data, PREFERENCE_FIELDS),
        clean=_clean_preference,
    )
    return preference


@transaction.atomic
def notifications_delete_read(*, now=None) -> int:
    """Delete the read notifications older than each recipient's chosen days (the business's for the others)."""
    now = now or timezone.now()
    read = Notification.objects.filter(is_read=True)
    chosen: dict[int, list[Any]] = {}
    for user_id, days in NotificationPreference.objects.values_list("user_id", "delete_read_after_days"):
        chosen.setdefault(days, []).append(user_id)
    deleted = 0
    for days, user_ids in chosen.items():
        deleted += (
            read.filter(recipient_id__in=user_ids, read_at__lt=now - timedelta(days=days))
            .delete()[1]
            .get(Notification._meta.label, 0)
        )
    everyone_else = read.exclude(recipient_id__in=[pk for ids in chosen.values() for pk in ids])
    cutoff = now - timedelta(days=default_delete_read_after_days())
    deleted += everyone_else.filter(read_at__lt=cutoff).delete()[1].get(Notification._meta.label, 0)
    return deleted


def notification_email_send(*, notification: Notification) -> bool:
    """Send the e-mail of a high-priority notification (the job's work); whether one was sent."""
    from django.core.mail import send_mail

    recipient = notification.recipient
    if not recipient.email or not recipient.is_active:
        return False
    lines = [notification.body]
    if notification.alert_id:
        lines.append("")
        lines.append(_("Alerta: %(description)s") % {"description": notification.alert})
    send_mail(
        subject=f"[{notification.get_priority_display()}] {notification.title}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=[recipient.email],
    )
    return True


__all__ = [
    "NotificationType",
    "Priority",
    "notification_send",
    "notify_role",
    "notify_users",
]
