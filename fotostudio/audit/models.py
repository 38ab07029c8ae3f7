from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fotostudio.core.models import TimeStampedModel


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
        verbose_name = _("registro de actividad")
        verbose_name_plural = _("registros de actividad")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["action", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.model} · {self.username}"
