"""The alerts service's jobs: evaluate the rules that watch a record that changed, and every hour all of them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import per_tenant_periodic, tenant_job

from .services import rules_evaluate, rules_sweep


@tenant_job("alerts.evaluate", label=gettext_lazy("Evaluación de reglas de alerta"), retry=3)
def alerts_evaluate(job, *, tipo: str, id: str) -> dict:  # noqa: A002 - the payload's key
    job.progress(0, None, _("Evaluando las reglas que vigilan este registro."))
    return rules_evaluate(key=tipo, record_id=id)


@per_tenant_periodic(cron="20 * * * *", title=gettext_lazy("Revisión periódica de las reglas de alerta"))
@tenant_job("alerts.sweep", label=gettext_lazy("Revisión de todas las reglas de alerta"), unique=True)
def alerts_sweep(job, *, timestamp: int) -> dict:
    """Every hour, every active rule on every record it watches (conditions on ``ahora`` change with time)."""
    job.progress(0, None, _("Evaluando las reglas activas en los registros que vigilan."))
    return rules_sweep(
        progress=lambda done, total, label: job.progress(done, total, _("Revisados: %(kind)s") % {"kind": label})
    )
