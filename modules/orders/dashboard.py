"""The orders section of the admin dashboard: the work in the pipeline, revenue, money owed and delays."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import OrderStatus
from .selectors import average_delivery_days, orders_by_status, overdue_orders, pending_balances, revenue_by_service


def _money(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def _change(this: Decimal, last: Decimal) -> str:
    if not last:
        return "—"
    return f"{(this - last) * 100 / last:+.0f} %"


def orders_section(request) -> dict | None:
    if not request.user.has_perm("orders.view_order"):
        return None
    by_status = orders_by_status()
    revenue = revenue_by_service()
    balances = pending_balances()
    overdue = overdue_orders()
    average_days = average_delivery_days()
    changelist = reverse("admin:orders_order_changelist")
    this_month = sum((row[1] for row in revenue), Decimal(0))
    last_month = sum((row[2] for row in revenue), Decimal(0))
    open_count = by_status[OrderStatus.PENDING] + by_status[OrderStatus.IN_PROGRESS] + by_status[OrderStatus.READY]
    return {
        "key": "orders",
        "title": _("Pedidos"),
        "cards": [
            {
                "key": "orders-open",
                "label": _("Pedidos en curso"),
                "value": open_count,
                "icon": "receipt_long",
                "hint": _("%(count)d listos para retirar") % {"count": by_status[OrderStatus.READY]},
            },
            {
                "key": "orders-revenue",
                "label": _("Ventas del mes"),
                "value": _money(this_month),
                "icon": "payments",
                "hint": _("%(amount)s el mes pasado") % {"amount": _money(last_month)},
            },
            {
                "key": "orders-balances",
                "label": _("Saldos por cobrar"),
                "value": _money(balances["amount"]),
                "icon": "account_balance_wallet",
                "hint": _("%(count)d pedidos con saldo") % {"count": balances["count"]},
                "link": f"{changelist}?con_saldo=1",
            },
            {
                "key": "orders-overdue",
                "label": _("Pedidos atrasados"),
                "value": by_status["overdue"],
                "icon": "schedule",
                "hint": _("Pasada la fecha prometida y sin entregar"),
                "link": f"{changelist}?vencido=1",
            },
            {
                "key": "orders-delivery-time",
                "label": _("Tiempo medio de entrega"),
                "value": _("%(days)s días") % {"days": number_format(average_days, decimal_pos=1)}
                if average_days is not None
                else "—",
                "icon": "local_shipping",
                "hint": _("Del pedido a la entrega, último año"),
            },
        ],
        "charts": [
            {
                "title": _("Pedidos por estado"),
                "type": "pie",
                "labels": [str(label) for label in OrderStatus.labels],
                "datasets": [{"label": _("Pedidos"), "data": [by_status[status] for status in OrderStatus.values]}],
            },
        ],
        "tables": [
            {
                "title": _("Ventas por servicio: este mes y el anterior"),
                "headers": [_("Servicio"), _("Este mes"), _("Mes pasado"), _("Cambio")],
                "rows": [[name, _money(this), _money(last), _change(this, last)] for name, this, last in revenue],
                "empty": _("Aún no hay pedidos este mes ni el anterior."),
            },
            {
                "title": _("Pedidos atrasados"),
                "headers": [_("Número"), _("Cliente"), _("Prometido"), _("Estado"), _("Saldo")],
                "rows": [
                    [
                        order.number,
                        order.client.name,
                        order.promised_date,
                        order.get_status_display(),
                        _money(order.balance),
                    ]
                    for order in overdue
                ],
                "empty": _("Ningún pedido atrasado."),
            },
        ],
    }
