"""The orders section of the admin dashboard: the work in the pipeline, revenue, money owed and delays."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from fotostudio.admin.dashboard import section_period

from .admin import SituationFilter
from .models import OPEN_STATUSES, OrderStatus
from .selectors import (
    active_clients_between,
    deliveries_between,
    orders_by_status,
    overdue_orders,
    pending_balances,
    revenue_by_month_and_service,
    revenue_trend,
)


def _money(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def _list(changelist: str, **params) -> str:
    return f"{changelist}?{urlencode(params)}"


def orders_section(request) -> dict | None:
    """The period's orders (by their date): nine queries, whatever the data."""
    if not request.user.has_perm("orders.view_order"):
        return None
    since, until = section_period(request)
    by_status = orders_by_status(since=since, until=until)
    revenue = revenue_by_month_and_service(since=since, until=until)
    trend = revenue_trend(since=since, until=until)
    balances = pending_balances(since=since, until=until)
    clients = active_clients_between(since=since, until=until)
    overdue = overdue_orders()  # today's, whatever the period
    deliveries = deliveries_between(since=since, until=until)
    average_days = deliveries["average_days"]
    changelist = reverse("admin:orders_order_changelist")
    # Each link is the list of exactly the rows its figure counts, with the list's own filters.
    dated = {"order_date_from": since.isoformat(), "order_date_to": until.isoformat()}
    open_orders = {SituationFilter.parameter_name: SituationFilter.OPEN, **dated}
    sold = {SituationFilter.parameter_name: SituationFilter.NOT_CANCELLED, **dated}
    service_totals = [sum(service["totals"], Decimal(0)) for service in revenue["services"]]
    daily = trend["daily"]
    month_labels = [date_format(month, "M Y") for month in revenue["months"]]
    open_count = sum(by_status[status] for status in OPEN_STATUSES)
    sold_count = sum(by_status[status] for status in OrderStatus.values if status != OrderStatus.CANCELLED)
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
                "link": _list(changelist, **open_orders),
            },
            {
                "key": "orders-revenue",
                "label": _("Ventas del periodo"),
                "value": _money(sum(service_totals, Decimal(0))),
                "icon": "payments",
                "hint": _("Pedidos no cancelados"),
                "link": _list(changelist, **sold),
                "rows": sold_count,
            },
            {
                "key": "orders-balances",
                "label": _("Saldos por cobrar"),
                "value": _money(balances["amount"]),
                "icon": "account_balance_wallet",
                "hint": _("%(count)d pedidos con saldo") % {"count": balances["count"]},
                "link": _list(changelist, con_saldo=1, **dated),
                "rows": balances["count"],
            },
            {
                "key": "orders-overdue",
                "label": _("Pedidos atrasados"),
                "value": by_status["overdue"],
                "icon": "schedule",
                "hint": _("Pasada la fecha prometida y sin entregar"),
                "link": _list(changelist, vencido=1, **dated),
            },
            {
                "key": "orders-delivery-time",
                "label": _("Tiempo medio de entrega"),
                "value": _("%(days)s días") % {"days": number_format(average_days, decimal_pos=1)}
                if average_days is not None
                else "—",
                "icon": "local_shipping",
                "hint": _("Del pedido a la entrega, entregas del periodo"),
                "link": _list(
                    changelist,
                    status__exact=OrderStatus.DELIVERED,
                    delivered_at_from=since.isoformat(),
                    delivered_at_to=until.isoformat(),
                ),
                "rows": deliveries["count"],
            },
            {
                "key": "orders-active-clients",
                "label": _("Clientes activos"),
                "value": clients["new"] + clients["returning"],
                "icon": "group",
                "hint": _("%(new)d nuevos, %(returning)d recurrentes") % clients,
                # the clients themselves (the clients' list filter «Fecha de sus pedidos»)
                "link": _list(
                    reverse("admin:clients_client_changelist"),
                    pedido_from=since.isoformat(),
                    pedido_to=until.isoformat(),
                )
                if request.user.has_perm("clients.view_client")
                else None,
            },
        ],
        "charts": [
            {
                # unfold stacks bar datasets: one per service, a month's bar is its total.
                "title": _("Ventas por servicio y mes"),
                "type": "bar",
                "labels": month_labels,
                "datasets": [
                    {"label": service["name"], "data": [float(total) for total in service["totals"]]}
                    for service in revenue["services"]
                ],
            },
            {
                "title": _("Tendencia de ventas (por día)") if daily else _("Tendencia de ventas (por mes)"),
                "type": "line",
                "labels": [date_format(day, "j M" if daily else "M Y") for day, _total in trend["points"]],
                "datasets": [
                    {"label": _("Ventas"), "data": [float(total) for _day, total in trend["points"]], "pointRadius": 3}
                ],
            },
            {
                "title": _("Ventas por servicio"),
                "type": "pie",
                "labels": [service["name"] for service in revenue["services"]],
                "datasets": [{"label": _("Ventas"), "data": [float(total) for total in service_totals]}],
            },
            {
                "title": _("Pedidos por estado"),
                "type": "pie",
                "labels": [str(label) for label in OrderStatus.labels],
                "datasets": [{"label": _("Pedidos"), "data": [by_status[status] for status in OrderStatus.values]}],
            },
        ],
        "tables": [
            {
                "title": _("Ventas por servicio"),
                "headers": [_("Servicio"), _("Ventas")],
                "rows": [
                    [
                        format_html(
                            '<a href="{}" class="underline">{}</a>',
                            _list(changelist, service_type__id__exact=service["id"], **sold),
                            service["name"],
                        ),
                        format_html(
                            '<span data-kpi="orders-revenue-{}" data-kpi-link="{}" data-kpi-rows="{}">{}</span>',
                            service["code"],
                            _list(changelist, service_type__id__exact=service["id"], **sold),
                            service["orders"],
                            _money(total),
                        ),
                    ]
                    for service, total in zip(revenue["services"], service_totals, strict=True)
                ],
                "empty": _("Ninguna venta en el periodo."),
            },
            {
                "title": _("Pedidos atrasados"),
                "headers": [_("Número"), _("Cliente"), _("Prometido"), _("Estado"), _("Saldo")],
                "rows": [
                    [
                        format_html(
                            '<a href="{}" class="underline">{}</a>',
                            reverse("admin:orders_order_change", args=[order.pk]),
                            order.number,
                        ),
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
