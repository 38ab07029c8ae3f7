"""Notification jobs: the e-mail of a high-priority notification, and the nightly clean-up of read ones."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import per_tenant_periodic, tenant_job

from .models import Notification
from .services import notification_email_send, notifications_delete_read


@tenant_job("notifications.email", label=gettext_lazy("Correo de una notificación"), retry=3)
def notification_email(job, *, notification_id: str) -> dict:
    notification = Notification.objects.select_related("recipient", "alert").filter(pk=notification_id).first()
    if notification is None:  # deleted meanwhile: nothing to send
        return {"enviado": False}
    job.progress(0, 1, _("Enviando el correo a %(user)s.") % {"user": notification.recipient})
    sent = notification_email_send(notification=notification)
    return {"enviado": sent}


@per_tenant_periodic(cron="15 4 * * *", title=gettext_lazy("Limpieza de notificaciones leídas"))
@tenant_job("notifications.cleanup", label=gettext_lazy("Limpieza de notificaciones leídas"), unique=True)
def notifications_cleanup(job, *, timestamp: int) -> dict:
    job.progress(0, None, _("Borrando las notificaciones leídas hace más días de los elegidos."))
    return {"borradas": notifications_delete_read()}
