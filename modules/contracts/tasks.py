"""Background work of the contracts: «crear pedidos del listado» for big rosters."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import JobError, per_tenant_periodic, tenant_job

from .alerts import contract_expiry_alerts_sync
from .models import Contract
from .services import ORDERS_JOB_KIND, contract_orders_create


@tenant_job(ORDERS_JOB_KIND, label=gettext_lazy("Pedidos del listado de un contrato"), retry=3)
def contract_orders_job(job, *, contract_id: str, package_id: str, service_type_id: str, promised_date=None):
    """One order per student still without one, in one transaction (all or nothing).

    A retry (a passing database problem) starts over: the failed attempt left nothing behind, and a
    student who got an order in an earlier, committed run is skipped.
    """
    contract = Contract.objects.filter(pk=contract_id).first()
    if contract is None:
        raise JobError(_("El contrato ya no existe."))
    job.progress(0, None, _("Creando los pedidos del contrato %(number)s…") % {"number": contract.number})

    def progress(done: int, total: int) -> None:
        # Inside the service's transaction: the bar shows these figures when it commits.
        job.progress(done, total, _("Pedido %(done)d de %(total)d") % {"done": done, "total": total})

    links = contract_orders_create(
        contract=contract,
        package_id=package_id,
        service_type_id=service_type_id,
        promised_date=date.fromisoformat(promised_date) if promised_date else None,
        acting_user=job.started_by,
        progress=progress,
    )
    job.progress(len(links), len(links), _("%(count)d pedidos creados.") % {"count": len(links)})
    return {"pedidos": len(links), "contrato": contract.number}


@per_tenant_periodic(cron="15 6 * * *", title=gettext_lazy("Alertas de contratos por vencer"))
@tenant_job("contracts.expiry_alerts", label=gettext_lazy("Alertas de contratos por vencer"), unique=True)
def contract_expiry_alerts_job(job, *, timestamp: int) -> dict:
    """Every morning (06:15 UTC): raise or resolve the «contrato por vencer» alerts of the business."""
    job.progress(0, None, _("Revisando los contratos que vencen pronto."))
    return contract_expiry_alerts_sync()
