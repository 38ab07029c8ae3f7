"""The audit trail's choices; no models here, so ``tracking`` (imported by models) may use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What happened to a record (or to a list). Stored values are the API's values (``accion``)."""

    CREATE = "crear", _("Creación")
    UPDATE = "actualizar", _("Modificación")
    DELETE = "eliminar", _("Eliminación")
    EXPORT = "exportar", _("Exportación")
