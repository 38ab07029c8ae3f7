"""The finished products section of the admin dashboard: the stock by status and what is for sale."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import ProductStatus
from .selectors import product_stock_summary


def _money(value) -> str:
    return f"$ {number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)}"


def products_section(request) -> dict | None:
    if not request.user.has_perm("products.view_product"):
        return None
    summary = product_stock_summary()  # one query
    by_status = summary["by_status"]
    changelist = reverse("admin:products_product_changelist")
    today = timezone.localdate()
    sold_this_month = urlencode({"sold_at_from": today.replace(day=1).isoformat(), "sold_at_to": today.isoformat()})
    return {
        "key": "products",
        "title": _("Productos terminados"),
        "cards": [
            {
                "key": "products-available",
                "label": _("Disponibles para la venta"),
                "value": by_status[ProductStatus.AVAILABLE],
                "icon": "storefront",
                "hint": _("%(count)d en vitrina") % {"count": summary["available_showcase"]},
                "link": f"{changelist}?status__exact={ProductStatus.AVAILABLE}",
            },
            {
                "key": "products-stock-value",
                "label": _("Valor del stock disponible"),
                "value": _money(summary["available_value"]),
                "icon": "payments",
                "hint": _("Costo: %(value)s") % {"value": _money(summary["available_cost"])},
                "link": f"{changelist}?status__exact={ProductStatus.AVAILABLE}",
                "rows": by_status[ProductStatus.AVAILABLE],
            },
            {
                "key": "products-in-production",
                "label": _("En producción"),
                "value": by_status[ProductStatus.IN_PRODUCTION],
                "icon": "construction",
                "hint": _("%(count)d reservados") % {"count": by_status[ProductStatus.RESERVED]},
                "link": f"{changelist}?status__exact={ProductStatus.IN_PRODUCTION}",
            },
            {
                "key": "products-sold-month",
                "label": _("Vendidos este mes"),
                "value": summary["sold_month"],
                "icon": "point_of_sale",
                "hint": _("Ingresos: %(value)s") % {"value": _money(summary["revenue_month"])},
                "link": f"{changelist}?{sold_this_month}",
            },
        ],
        "charts": [
            {
                "title": _("Productos por estado"),
                "type": "bar",
                "labels": [str(status.label) for status in ProductStatus],
                "datasets": [{"label": _("Productos"), "data": [by_status[status] for status in ProductStatus.values]}],
            },
        ],
    }
