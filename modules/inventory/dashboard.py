"""The inventory section of the admin dashboard: what the stock is worth and what to reorder."""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .admin import StockFilter
from .selectors import inventory_totals, low_stock_materials

#: Rows of the "to reorder" table on the dashboard (the reorder page lists them all).
DASHBOARD_REORDER_ROWS = 8


def inventory_section(request) -> dict | None:
    if not request.user.has_perm("inventory.view_material"):
        return None
    totals = inventory_totals()
    low = list(low_stock_materials()[:DASHBOARD_REORDER_ROWS])
    changelist = reverse("admin:inventory_material_changelist")
    return {
        "key": "inventory",
        "title": _("Inventario"),
        "cards": [
            {
                "key": "inventory-materials",
                "label": _("Materiales activos"),
                "value": totals["materials"],
                "icon": "inventory_2",
                "link": f"{changelist}?is_active__exact=1",
            },
            {
                "key": "inventory-value",
                "label": _("Valor del inventario"),
                "value": number_format(totals["value"], 2, force_grouping=True),
                "icon": "payments",
                "hint": _("A costo promedio"),
                "link": f"{changelist}?is_active__exact=1",
                "rows": totals["materials"],
            },
            {
                "key": "inventory-low",
                "label": _("Materiales por reponer"),
                "value": totals["low"],
                "icon": "warning",
                "hint": _("%(count)d agotados") % {"count": totals["out"]},
                "link": f"{changelist}?existencias={StockFilter.LOW}",
            },
        ],
        "tables": [
            {
                "title": _("Por reponer"),
                "headers": [_("Material"), _("Existencias"), _("Mínimo"), _("Pedir"), _("Proveedor")],
                "rows": [
                    [
                        m.name,
                        m.quantity_on_hand.normalize(),
                        m.minimum_stock.normalize(),
                        m.suggested_quantity.normalize(),
                        m.supplier or "—",
                    ]
                    for m in low
                ],  # fmt: skip
                "empty": _("Ningún material está en su mínimo."),
            }
        ],
    }
