from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fotostudio.core.models import TimeStampedModel

from .choices import AuditAction


class AccessResult(models.TextChoices):
    LOGIN = "login", _("Inicio de sesión")
    LOGIN_FAILED = "login_failed", _("Inicio de sesión fallido")
    LOGOUT = "logout", _("Cierre de sesión")
    THROTTLED = "throttled", _("Bloqueado por exceso de intentos")


class AccessChannel(models.TextChoices):
    API = "api", _("API")
    ADMIN = "admin", _("Panel")


class AccessLog(TimeStampedModel):
    """Who signed in, or tried to, from where, and how it went."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_logs",
    )
    username = models.CharField(_("usuario intentado"), max_length=254, blank=True)
    result = models.CharField(_("resultado"), max_length=20, choices=AccessResult.choices, db_index=True)
    channel = models.CharField(_("canal"), max_length=10, choices=AccessChannel.choices, default=AccessChannel.API)
    ip_address = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    user_agent = models.CharField(_("navegador"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("registro de acceso")
        verbose_name_plural = _("registros de acceso")
        ordering = ["-created_at"]
        default_permissions = ("view",)  # written by the platform only
        indexes = [models.Index(fields=["result", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_result_display()} · {self.username}"


class ActivityAction(models.TextChoices):
    EXPORT = "export", _("Exportación")


class ActivityLog(TimeStampedModel):
    """Something a user did with the business's data as a whole: who exported which list, how much, how filtered."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_logs",
    )
    #: Kept when the user is deleted.
    username = models.CharField(_("nombre de usuario"), max_length=254, blank=True)
    action = models.CharField(_("acción"), max_length=20, choices=ActivityAction.choices, db_index=True)
    #: ``app_label.model_name`` of what was exported (``clients.client``).
    model = models.CharField(_("datos"), max_length=100, db_index=True)
    row_count = models.PositiveIntegerField(_("filas"), default=0)
    #: The list's query parameters: filters, search and ordering (``{"q": "perez", "ciudad": "Quito"}``).
    filters = models.JSONField(_("filtros y búsqueda"), default=dict, blank=True)
    file_format = models.CharField(_("formato"), max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    request_id = models.CharField(_("id de la petición"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("exportación")
        verbose_name_plural = _("exportaciones")
        ordering = ["-created_at"]
        default_permissions = ("view",)  # written by the platform only
        indexes = [models.Index(fields=["action", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.model} · {self.username}"


class AuditEvent(models.Model):
    """One line of the audit trail: a record created, changed or deleted, or a list exported.

    Not a table: the schema's ``audit_trail`` view (``fotostudio.audit.schema``) joins the event
    table of every audited model (``fotostudio.audit.tracking.audited``) and the activity log's
    exports, with the request's context as columns. What changed is read from the event tables
    themselves, for one event at a time (``selectors.audit_event_changes``).
    """

    id = models.UUIDField(primary_key=True, editable=False)
    #: ``app_label.model_name`` of the record (``clients.client``).
    model = models.CharField(_("datos"), max_length=100)
    #: The record's primary key as text (``None`` for an export: it concerns a list).
    object_id = models.TextField(_("registro"), null=True, blank=True)
    action = models.CharField(_("acción"), max_length=20, choices=AuditAction.choices)
    created_at = models.DateTimeField(_("fecha"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    #: The user's name when it happened (kept if the user is renamed or deleted).
    username = models.CharField(_("nombre de usuario"), max_length=254, blank=True)
    ip_address = models.CharField(_("IP"), max_length=45, blank=True)
    request_id = models.CharField(_("id de la petición"), max_length=64, blank=True)
    path = models.CharField(_("ruta"), max_length=500, blank=True)
    #: ``api`` or ``admin`` (empty for a script or a job).
    channel = models.CharField(_("canal"), max_length=10, blank=True)

    class Meta:
        managed = False
        db_table = "audit_trail"
        verbose_name = _("evento de auditoría")
        verbose_name_plural = _("actividad")
        ordering = ["-created_at", "-id"]
        # Read-only for everyone: the only right there is on it is reading it.
        default_permissions = ("view",)

    def __str__(self) -> str:
        try:
            data = apps.get_model(self.model)._meta.verbose_name
        except (LookupError, ValueError):
            data = self.model
        return f"{self.get_action_display()} · {data} · {self.username or '—'}"
