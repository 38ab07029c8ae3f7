"""The production section of the admin dashboard: output against waste over the page's period."""

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from fotostudio.admin.dashboard import section_period

from .models import ProductionStatus
from .selectors import efficiency_by_period


def _money(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def production_figures(since, until) -> dict:
    """The orders completed in the period: how many, products made, material cost (used + waste), waste cost,
    waste % by value, and the months. Two aggregate queries (``efficiency_by_period``)."""
    months = efficiency_by_period(date_from=since, date_to=until)
    material = sum((row["material_cost"] for row in months), Decimal("0"))
    waste = sum((row["waste_cost"] for row in months), Decimal("0"))
    return {
        "orders": sum(row["orders"] for row in months),
        "products": sum(row["products"] for row in months),
        "material_cost": material,
        "used_cost": material - waste,
        "waste_cost": waste,
        "waste_percent": (waste * 100 / material).quantize(Decimal("0.01")) if material else None,
        "months": months,
    }


def production_section(request) -> dict | None:
    if not request.user.has_perm("production.view_productionorder"):
        return None
    since, until = section_period(request)
    figures = production_figures(since, until)
    changelist = reverse("admin:production_productionorder_changelist")
    completed = urlencode(
        {
            "status__exact": ProductionStatus.COMPLETED,
            "finished_at_from": since.isoformat(),
            "finished_at_to": until.isoformat(),
        }
    )
    return {
        "key": "production",
        "title": _("Producción"),
        "cards": [
            {
                "key": "production-completed",
                "label": _("Órdenes completadas"),
                "value": figures["orders"],
                "icon": "construction",
                "hint": _("%(count)d productos terminados") % {"count": figures["products"]},
                "link": f"{changelist}?{completed}",
            },
            {
                "key": "production-used",
                "label": _("Material aprovechado"),
                "value": _money(figures["used_cost"]),
                "icon": "inventory",
                "hint": _("A costo, órdenes completadas en el periodo"),
                "link": f"{changelist}?{completed}",
                "rows": figures["orders"],
            },
            {
                "key": "production-waste",
                "label": _("Merma"),
                "value": _money(figures["waste_cost"]),
                "icon": "delete",
                "hint": _("%(percent)s %% del material") % {"percent": number_format(figures["waste_percent"], 2)}
                if figures["waste_percent"] is not None
                else _("Sin consumo en el periodo"),
                "link": f"{changelist}?{completed}",
                "rows": figures["orders"],
            },
        ],
        "charts": [
            {
                "title": _("Material aprovechado y merma por mes"),
                "type": "bar",
                "labels": [date_format(row["month"], "M Y") for row in figures["months"]],
                "datasets": [
                    {
                        "label": _("Aprovechado"),
                        "data": [float(row["material_cost"] - row["waste_cost"]) for row in figures["months"]],
                    },
                    {"label": _("Merma"), "data": [float(row["waste_cost"]) for row in figures["months"]]},
                ],
            },
        ],
    }
