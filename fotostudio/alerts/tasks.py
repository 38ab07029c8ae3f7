"""The alerts service's job: evaluate the rules that watch a record that changed."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import tenant_job

from .services import rules_evaluate


@tenant_job("alerts.evaluate", label=gettext_lazy("Evaluación de reglas de alerta"), retry=3)
def alerts_evaluate(job, *, tipo: str, id: str) -> dict:  # noqa: A002 - the payload's key
    job.progress(0, None, _("Evaluando las reglas que vigilan este registro."))
    return rules_evaluate(key=tipo, record_id=id)
