"""«Contrato por vencer» alerts: the contracts' use of the alerts service (reads the selectors, writes alerts)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fotostudio.alerts.selectors import alert_open_list
from fotostudio.alerts.services import alert_raise, alerts_resolve_open

from .models import Contract
from .selectors import contract_alert_days, contracts_expiring

EXPIRY_ALERT_TYPE = "CONTRATO_POR_VENCER"


def contract_expiry_alerts_sync(*, today: date | None = None) -> dict[str, int]:
    """One open «contrato por vencer» alert per contract in force that ends within the alerts setting's days.

    Alerts about contracts that no longer qualify (renewed, cancelled, already over) are resolved by the
    system. Run daily by a periodic job; running it twice changes nothing.
    """
    today = today or timezone.localdate()
    expiring = list(contracts_expiring(days=contract_alert_days(), today=today).select_related("school"))
    raised = 0
    for contract in expiring:
        days_left = (contract.end_date - today).days
        description = ngettext(
            "El contrato %(number)s con %(school)s vence en %(days)d día (%(end)s).",
            "El contrato %(number)s con %(school)s vence en %(days)d días (%(end)s).",
            days_left,
        ) % {"number": contract.number, "school": contract.school.name, "days": days_left, "end": contract.end_date}
        alert = alert_raise(
            alert_type=EXPIRY_ALERT_TYPE,
            priority="ALTA" if days_left <= 7 else "MEDIA",
            description=description,
            link=contract,
        )
        raised += int(alert.created)
    current = {str(contract.pk) for contract in expiring}
    stale_ids = {
        str(link_id)
        for link_id in alert_open_list().filter(alert_type=EXPIRY_ALERT_TYPE).values_list("link_id", flat=True)
    } - current
    resolved = 0
    for contract in Contract.objects.filter(pk__in=stale_ids):
        resolved += alerts_resolve_open(
            alert_type=EXPIRY_ALERT_TYPE,
            link=contract,
            comment=_("Resuelta sola: el contrato ya no está por vencer (renovado, cancelado o terminado)."),
        )
    return {"por_vencer": len(expiring), "levantadas": raised, "resueltas": resolved}
