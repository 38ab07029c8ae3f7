"""The dashboard's figures over a period: the modules' own dashboard selectors, one aggregate query each.

The admin's sections show this month (and the last); the API takes any period (``desde``–``hasta``, the
order's date for orders and revenue, the registration date for new clients, the delivery date for the
average delivery time). Open work (by status, overdue, balances) counts the orders dated in the period.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from fotostudio.core.periods import PERIOD_INVALID, Period, period_from  # noqa: F401 (the API and metrics read them here)
from modules.agenda.selectors import upcoming_appointments
from modules.clients.selectors import client_counts, clients_new_between
from modules.contracts.selectors import contract_alert_days, contract_dashboard_figures
from modules.inventory.selectors import inventory_totals
from modules.orders.models import OPEN_STATUSES, OrderStatus
from modules.orders.selectors import (
    active_clients_between,
    average_delivery_days,
    orders_by_status,
    pending_balances,
    revenue_between,
    revenue_by_month,
)
from modules.production.dashboard import production_figures


def orders_figures(period: Period) -> dict[str, Any]:
    """Orders of the period by status, in progress, overdue, balances owed and the average delivery time."""
    by_status = orders_by_status(since=period.since, until=period.until)
    balances = pending_balances(since=period.since, until=period.until)
    return {
        "by_status": {status: by_status[status] for status in OrderStatus.values},
        "open": sum(by_status[status] for status in OPEN_STATUSES),
        "overdue": by_status["overdue"],
        "balances": balances,
        "average_delivery_days": average_delivery_days(since=period.since, until=period.until),
    }


def revenue_figures(period: Period) -> dict[str, Any]:
    """What was sold in the period (orders not cancelled, by date): by service, by month and in total."""
    by_service = revenue_between(since=period.since, until=period.until)
    by_month = revenue_by_month(since=period.since, until=period.until)
    return {
        "total": sum((row["total"] for row in by_service), Decimal("0")),
        "orders": sum(row["orders"] for row in by_service),
        "by_service": by_service,
        "by_month": by_month,
    }


def clients_figures(period: Period) -> dict[str, Any]:
    """Active clients now (private, schools, their students) and those registered in the period."""
    counts = client_counts()
    new = clients_new_between(since=period.since, until=period.until)
    return {**counts, "new": {**new, "total": new["private"] + new["schools"]}}


def active_clients_figures(period: Period) -> dict[str, int]:
    """Clients with an order (not cancelled) dated in the period: new (their first order) and returning."""
    figures = active_clients_between(since=period.since, until=period.until)
    return {**figures, "total": figures["new"] + figures["returning"]}


def production_period_figures(period: Period) -> dict[str, Any]:
    """Production orders completed in the period: output (material used) against waste, by value."""
    return production_figures(period.since, period.until)


def inventory_figures(period: Period) -> dict[str, Any]:
    """Stock now (the period does not apply): active materials, at or under their minimum, out of stock."""
    return inventory_totals()


def agenda_figures(period: Period) -> dict[str, Any]:
    """Today's appointments that are not cancelled (the period does not apply)."""
    today = timezone.localdate()
    appointments = upcoming_appointments(days=1)
    return {"date": today, "appointments": len(appointments)}


def contracts_figures(period: Period) -> dict[str, Any]:
    """Contracts in force and those ending within the alert's days, from today (the period does not apply)."""
    days = contract_alert_days()
    figures = contract_dashboard_figures(days=days)
    return {"active": figures["active"], "expiring": figures["expiring_count"], "days": days}
