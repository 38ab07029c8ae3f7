"""Notifications: a message for one user, maybe about an alert or a record, and each user's preferences.

A notification is about at most one record of the business (a generic link,
:class:`fotostudio.core.links.RecordLinkModel`: the frontend's ``lote``, ``envio`` or
``evento_trazabilidad``, or any kind a module registers) and, separately, maybe about an alert
(``alerta``, a real foreign key: alerts are a platform service). Read notifications are deleted
after the days the user (or the business) chose; every time one is marked read a
:class:`NotificationRead` row records it (``historial-lectura``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.links import RecordLinkModel
from fotostudio.core.models import TimeStampedModel


class Priority(models.TextChoices):
    """Shared by alerts and notifications: the stored values are the API's."""

    LOW = "BAJA", _("Baja")
    MEDIUM = "MEDIA", _("Media")
    HIGH = "ALTA", _("Alta")
    CRITICAL = "CRITICA", _("Crítica")


#: Priorities whose notifications are also sent by e-mail (outside the recipient's quiet hours).
EMAIL_PRIORITIES = frozenset({Priority.HIGH, Priority.CRITICAL})


class NotificationType(models.TextChoices):
    ALERT = "ALERTA", _("Alerta")
    TRACEABILITY_EVENT = "EVENTO_TRAZABILIDAD", _("Evento de trazabilidad")
    SHIPMENT_STATUS = "ENVIO_ESTADO", _("Estado de un envío")
    QUALITY = "CALIDAD", _("Calidad")
    SYNC = "SINCRONIZACION", _("Sincronización")
    SYSTEM = "SISTEMA", _("Sistema")
    INFORMATIVE = "INFORMATIVO", _("Informativo")


@audited()
class Notification(RecordLinkModel, TimeStampedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinatario"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    notification_type = models.CharField(_("tipo"), max_length=30, choices=NotificationType.choices)
    title = models.CharField(_("título"), max_length=200)
    body = models.TextField(_("cuerpo"))
    priority = models.CharField(_("prioridad"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("alerta"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    extra_data = models.JSONField(_("datos adicionales"), default=dict, blank=True)
    expires_at = models.DateTimeField(_("caduca el"), null=True, blank=True)
    is_read = models.BooleanField(_("leída"), default=False, editable=False)
    read_at = models.DateTimeField(_("leída el"), null=True, blank=True, editable=False)
    #: Whether an e-mail was queued for it (high priority, outside quiet hours).
    emailed = models.BooleanField(_("enviada por correo"), default=False, editable=False)

    class Meta(RecordLinkModel.Meta):
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-created_at", "id"]
        constraints = [
            *RecordLinkModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(notification_type__in=NotificationType.values), name="notifications_type_valid"
            ),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="notifications_priority_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="notifications_title_not_empty"),
            models.CheckConstraint(
                condition=Q(is_read=False) | Q(read_at__isnull=False), name="notifications_read_has_date"
            ),
        ]
        indexes = [
            # RecordLinkModel's index, with a name within PostgreSQL's 30 characters Django asks for.
            models.Index(fields=["link_type", "link_id"], name="notifications_link_idx"),
            models.Index(fields=["recipient", "-created_at", "id"], name="notifications_inbox_idx"),
            # The polling endpoint (no-leidas/): a user's unread ones, newest first, from this index alone.
            models.Index(
                fields=["recipient", "-created_at", "id"],
                condition=Q(is_read=False),
                name="notifications_unread_idx",
            ),
            models.Index(fields=["read_at"], condition=Q(is_read=True), name="notifications_read_at_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationRead(TimeStampedModel):
    """One reading of a notification (``historial-lectura``): who marked it read, and when."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("notificación"), on_delete=models.CASCADE, related_name="readings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("usuario"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("leída el"))

    class Meta:
        verbose_name = _("lectura de notificación")
        verbose_name_plural = _("historial de lectura")
        ordering = ["-read_at", "id"]
        indexes = [models.Index(fields=["user", "-read_at", "id"], name="notifications_read_user_idx")]

    def __str__(self) -> str:
        return f"{self.notification_id} · {self.read_at:%Y-%m-%d %H:%M}"


#: Each notification type and the preference that switches it off (informative ones always arrive).
TYPE_PREFERENCE = {
    NotificationType.ALERT: "alerts_enabled",
    NotificationType.TRACEABILITY_EVENT: "traceability_events_enabled",
    NotificationType.SHIPMENT_STATUS: "shipment_status_enabled",
    NotificationType.QUALITY: "quality_enabled",
    NotificationType.SYNC: "sync_enabled",
    NotificationType.SYSTEM: "system_enabled",
}

DEFAULT_POLLING_SECONDS = 30
DEFAULT_DELETE_READ_AFTER_DAYS = 30


@audited()
class NotificationPreference(TimeStampedModel):
    """A user's choices; a user without a row has the defaults (every type on, no quiet hours)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("usuario"), on_delete=models.CASCADE, related_name="+"
    )
    alerts_enabled = models.BooleanField(_("alertas"), default=True)
    traceability_events_enabled = models.BooleanField(_("eventos de trazabilidad"), default=True)
    shipment_status_enabled = models.BooleanField(_("estados de envíos"), default=True)
    quality_enabled = models.BooleanField(_("calidad"), default=True)
    sync_enabled = models.BooleanField(_("sincronización"), default=True)
    system_enabled = models.BooleanField(_("sistema"), default=True)
    polling_seconds = models.PositiveIntegerField(
        _("intervalo de consulta (segundos)"),
        default=DEFAULT_POLLING_SECONDS,
        help_text=_("Cada cuánto pregunta el panel por notificaciones nuevas (de 5 a 3600)."),
    )
    delete_read_after_days = models.PositiveIntegerField(
        _("borrar las leídas a los (días)"), default=DEFAULT_DELETE_READ_AFTER_DAYS
    )
    quiet_start = models.TimeField(_("silencio desde"), null=True, blank=True)
    quiet_end = models.TimeField(_("silencio hasta"), null=True, blank=True)

    class Meta:
        verbose_name = _("preferencias de notificación")
        verbose_name_plural = _("preferencias de notificación")
        constraints = [
            models.CheckConstraint(
                condition=Q(polling_seconds__gte=5, polling_seconds__lte=3600), name="notifications_polling_range"
            ),
            models.CheckConstraint(
                condition=Q(delete_read_after_days__gte=1, delete_read_after_days__lte=3650),
                name="notifications_delete_days_range",
            ),
            models.CheckConstraint(
                condition=Q(quiet_start__isnull=True, quiet_end__isnull=True)
                | Q(quiet_start__isnull=False, quiet_end__isnull=False),
                name="notifications_quiet_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def allows(self, notification_type: str) -> bool:
        field = TYPE_PREFERENCE.get(notification_type)
        return field is None or getattr(self, field)

    def is_quiet_at(self, moment) -> bool:
        """Whether the local time ``moment`` (a ``time``) falls in the quiet hours (they may cross midnight)."""
        if self.quiet_start is None or self.quiet_end is None or self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= moment < self.quiet_end
        return moment >= self.quiet_start or moment < self.quiet_end
