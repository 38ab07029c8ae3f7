"""«Contrato por vencer» alerts: the contracts' use of the alerts service (reads the selectors, writes alerts)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fotostudio.alerts.services import alerts_sync

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

    def describe(contract: Contract) -> str:
        days_left = (contract.end_date - today).days
        return ngettext(
            "El contrato %(number)s con %(school)s vence en %(days)d día (%(end)s).",
            "El contrato %(number)s con %(school)s vence en %(days)d días (%(end)s).",
            days_left,
        ) % {"number": contract.number, "school": contract.school.name, "days": days_left, "end": contract.end_date}

    result = alerts_sync(
        alert_type=EXPIRY_ALERT_TYPE,
        records=expiring,
        describe=describe,
        priority=lambda contract: "ALTA" if (contract.end_date - today).days <= 7 else "MEDIA",
        resolved_comment=_("Resuelta sola: el contrato ya no está por vencer (renovado, cancelado o terminado)."),
    )
    return {"por_vencer": len(expiring), **result}
