"""The contracts section of the admin dashboard: contracts in force, and those about to expire."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ContractStatus
from .selectors import contract_alert_days, contract_dashboard_figures


def _alert_text(row: dict) -> str:
    names = {"number": row["number"], "school": row["school"], "days": row["days_left"]}
    if row["days_left"] == 0:
        return _("El contrato %(number)s con %(school)s vence hoy.") % names
    return (
        ngettext(
            "El contrato %(number)s con %(school)s vence mañana.",
            "El contrato %(number)s con %(school)s vence en %(days)d días.",
            row["days_left"],
        )
        % names
    )


def contracts_section(request) -> dict | None:
    """One query (``contract_dashboard_figures``); the days come from «Alertas» (cached setting)."""
    if not request.user.has_perm("contracts.view_contract"):
        return None
    days = contract_alert_days()
    figures = contract_dashboard_figures(days=days)
    changelist = reverse("admin:contracts_contract_changelist")
    expiring_hint = ngettext("en el próximo día", "en los próximos %(days)d días", days) % {"days": days}
    return {
        "key": "contracts",
        "title": _("Contratos con colegios"),
        "cards": [
            {
                "key": "contracts-active",
                "label": _("Contratos vigentes"),
                "value": figures["active"],
                "icon": "handshake",
                "hint": ngettext("%(count)d borrador", "%(count)d borradores", figures["draft"])
                % {"count": figures["draft"]},
                "link": f"{changelist}?estado={ContractStatus.ACTIVE}",
            },
            {
                "key": "contracts-expiring",
                "label": _("Contratos por vencer"),
                "value": figures["expiring_count"],
                "icon": "event_busy",
                "hint": expiring_hint,
                "link": f"{changelist}?estado=por_vencer",
            },
            {
                "key": "contracts-expired",
                "label": _("Contratos vencidos"),
                "value": figures["expired"],
                "icon": "history",
                "hint": _("Vigentes con la fecha de fin pasada"),
                "link": f"{changelist}?estado={ContractStatus.EXPIRED}",
            },
        ],
        "tables": [
            {
                "title": _("Contratos por vencer"),
                "headers": [_("Contrato"), _("Colegio"), _("Vence"), _("Días")],
                "rows": [
                    [row["number"], row["school"], formats.date_format(row["end_date"]), row["days_left"]]
                    for row in figures["expiring"][:10]
                ],
                "empty": _("Ningún contrato vence %(hint)s.") % {"hint": expiring_hint},
            }
        ],
        "alerts": [
            {
                "text": _alert_text(row),
                "level": "warning",
                "link": reverse("admin:contracts_contract_change", args=[row["id"]]),
            }
            for row in figures["expiring"][:3]
        ],
    }
