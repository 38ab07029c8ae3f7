"""Background work of the orders: the daily «pedido atrasado» alerts."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import per_tenant_periodic, tenant_job

from .services import order_overdue_alerts_sync


@per_tenant_periodic(cron="0 6 * * *", title=gettext_lazy("Alertas de pedidos atrasados"))
@tenant_job("orders.overdue_alerts", label=gettext_lazy("Alertas de pedidos atrasados"), unique=True)
def order_overdue_alerts_job(job, *, timestamp: int) -> dict:
    """Every morning (06:00 UTC): raise or resolve the «pedido atrasado» alerts of the business."""
    job.progress(0, None, _("Revisando los pedidos con fecha prometida vencida."))
    return order_overdue_alerts_sync()
