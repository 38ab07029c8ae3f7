"""Every read of orders: the API, the admin, the dashboard and the exports use these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncDay, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError
from fotostudio.users.models import User
from modules.clients.models import Client

from .contract_hook import with_contract
from .filters import OrderFilter, overdue_condition
from .models import ZERO, Order, OrderLine, OrderStatus, Payment


def _client_columns_not_shown() -> list[str]:
    """The client's columns an order never shows (its name, document and phone are what the list and PDF use)."""
    shown = {"id", "name", "document", "phone"}
    return [f"client__{field.name}" for field in Client._meta.concrete_fields if field.name not in shown]


def _author_columns_not_shown(path: str) -> list[str]:
    """An author shows as id, username and full name (``AuthorSerializer``): the rest of the user row stays out."""
    shown = {"id", "username", "full_name"}
    return [f"{path}__{field.name}" for field in User._meta.concrete_fields if field.name not in shown]


def order_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Order]:
    """Orders with their client, service, author, school contract, lines and payments: a fixed number of queries."""
    queryset = (
        with_contract(Order.objects.all())
        .select_related("client", "service_type", "created_by")
        .defer(*_client_columns_not_shown(), *_author_columns_not_shown("created_by"))
        .prefetch_related(
            # to_attr: plain lists, without a related manager and a queryset per order (see Order.line_rows).
            Prefetch(
                "lines",
                queryset=OrderLine.objects.defer("created_at", "updated_at").order_by("position", "id"),
                to_attr="prefetched_lines",
            ),
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("created_by")
                .defer("updated_at", *_author_columns_not_shown("created_by"))
                .order_by("paid_on", "created_at", "id"),
                to_attr="prefetched_payments",
            ),
        )
        .order_by("-order_date", "-number")
    )
    if filters is None:
        return queryset
    filterset = OrderFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs


def order_admin_list() -> QuerySet[Order]:
    """The admin's list: no lines or payments (the list shows the amounts)."""
    return with_contract(Order.objects.select_related("client", "service_type")).order_by("-order_date", "-number")


# --- Dashboard: one aggregate query each -------------------------------------------------------------------


def _dated(since: date | None, until: date | None) -> QuerySet[Order]:
    """Orders whose date is within ``since``–``until`` (both included; ``None``: no bound)."""
    queryset = Order.objects.all()
    if since is not None:
        queryset = queryset.filter(order_date__gte=since)
    if until is not None:
        queryset = queryset.filter(order_date__lte=until)
    return queryset


def orders_by_status(*, since: date | None = None, until: date | None = None) -> dict[str, int]:
    """How many orders are in each status, and how many are overdue (key ``"overdue"``); ``since``/``until``:
    only the orders dated within them."""
    return _dated(since, until).aggregate(
        **{status.value: Count("id", filter=Q(status=status.value)) for status in OrderStatus},
        overdue=Count("id", filter=overdue_condition()),
    )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def revenue_by_service(*, today: date | None = None) -> list[tuple[str, Decimal, Decimal]]:
    """Per service: (name, this month's total, last month's total) of orders not cancelled, by order date."""
    today = today or timezone.localdate()
    this_month = _month_start(today)
    last_month = _month_start(this_month - timedelta(days=1))
    rows = (
        Order.objects.exclude(status=OrderStatus.CANCELLED)
        .filter(order_date__gte=last_month, order_date__lte=today)
        .values("service_type__name", "service_type__position")
        .annotate(
            this_month=Sum("total", filter=Q(order_date__gte=this_month), default=ZERO),
            last_month=Sum("total", filter=Q(order_date__lt=this_month), default=ZERO),
        )
        .order_by("service_type__position", "service_type__name")
    )
    return [(row["service_type__name"], row["this_month"], row["last_month"]) for row in rows]


def revenue_between(*, since: date, until: date) -> list[dict[str, Any]]:
    """Per service, the total and number of the orders dated ``since``–``until`` that were not cancelled (the
    revenue of ``revenue_by_service``, over any period): ``{"code", "name", "total", "orders"}``, one query."""
    rows = (
        _dated(since, until)
        .exclude(status=OrderStatus.CANCELLED)
        .values("service_type__code", "service_type__name", "service_type__position")
        .annotate(total=Sum("total", default=ZERO), orders=Count("id"))
        .order_by("service_type__position", "service_type__name")
    )
    return [
        {
            "code": row["service_type__code"],
            "name": row["service_type__name"],
            "total": row["total"],
            "orders": row["orders"],
        }
        for row in rows
    ]


def revenue_by_month(*, since: date, until: date) -> list[tuple[date, Decimal]]:
    """``(first day of the month, total)`` of the orders dated ``since``–``until`` not cancelled, every month of
    the period included (zero when none), oldest first: one query."""
    rows = (
        _dated(since, until)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(month=TruncMonth("order_date"))
        .values("month")
        .annotate(total=Sum("total", default=ZERO))
        .order_by("month")
    )
    found = {_as_date(row["month"]): row["total"] for row in rows}
    months, month = [], _month_start(since)
    while month <= until:
        months.append((month, found.get(month, ZERO)))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def revenue_by_month_and_service(*, since: date, until: date) -> dict[str, Any]:
    """The revenue of ``revenue_by_month`` split by service, in one query: ``{"months": [first days, every
    month of the period], "services": [{"id", "code", "name", "totals": [one per month], "orders": how many
    orders those totals add up}]}`` (services by position)."""
    rows = (
        _dated(since, until)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(month=TruncMonth("order_date"))
        .values("month", "service_type", "service_type__code", "service_type__name", "service_type__position")
        .annotate(total=Sum("total", default=ZERO), orders=Count("id"))
        .order_by("service_type__position", "service_type__name", "month")
    )
    months, month = [], _month_start(since)
    while month <= until:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    index = {month: position for position, month in enumerate(months)}
    services: dict[str, dict[str, Any]] = {}
    for row in rows:
        service = services.setdefault(
            row["service_type__code"],
            {
                "id": row["service_type"],
                "code": row["service_type__code"],
                "name": row["service_type__name"],
                "totals": [ZERO] * len(months),
                "orders": 0,
            },
        )
        service["totals"][index[_as_date(row["month"])]] = row["total"]
        service["orders"] += row["orders"]
    return {"months": months, "services": list(services.values())}


#: Periods up to this many days draw their revenue trend by day; longer ones by month.
TREND_DAILY_MAX_DAYS = 62


def revenue_trend(*, since: date, until: date) -> dict[str, Any]:
    """The revenue (orders not cancelled, by date) of every day of a period up to ``TREND_DAILY_MAX_DAYS`` days,
    or every month of a longer one, zero included, oldest first: ``{"daily": bool, "points": [(day, total)]}``,
    one query."""
    if (until - since).days >= TREND_DAILY_MAX_DAYS:
        return {"daily": False, "points": revenue_by_month(since=since, until=until)}
    rows = (
        _dated(since, until)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(day=TruncDay("order_date"))
        .values("day")
        .annotate(total=Sum("total", default=ZERO))
        .order_by("day")
    )
    found = {_as_date(row["day"]): row["total"] for row in rows}
    days = [since + timedelta(days=offset) for offset in range((until - since).days + 1)]
    return {"daily": True, "points": [(day, found.get(day, ZERO)) for day in days]}


def active_clients_between(*, since: date, until: date) -> dict[str, int]:
    """Clients with an order (not cancelled) dated ``since``–``until``: ``new`` ones (their first order ever
    is in the period) and ``returning`` ones (they had ordered before). One query."""
    first_order = (
        Order.objects.filter(client=OuterRef("client"))
        .exclude(status=OrderStatus.CANCELLED)
        .order_by()
        .values("client")
        .annotate(first=Min("order_date"))
        .values("first")
    )
    return (
        _dated(since, until)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(first=Subquery(first_order))
        .aggregate(
            new=Count("client", distinct=True, filter=Q(first__gte=since)),
            returning=Count("client", distinct=True, filter=Q(first__lt=since)),
        )
    )


def clients_ordered_between(clients: QuerySet[Client], since: date | None, until: date | None) -> QuerySet[Client]:
    """The ``clients`` with an order (not cancelled) dated ``since``–``until`` (``None``: no bound): the clients
    ``active_clients_between`` counts. The clients module's list filter «Fecha de sus pedidos» (lent in ``ready()``)."""
    ordered = _dated(since, until).exclude(status=OrderStatus.CANCELLED).filter(client=OuterRef("pk"))
    return clients.filter(Exists(ordered))


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def pending_balances(*, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Orders that still owe money (cancelled ones owe nothing): how many, how much, how many overdue;
    ``since``/``until``: only the orders dated within them."""
    return (
        _dated(since, until)
        .filter(balance__gt=0)
        .aggregate(
            count=Count("id"), amount=Sum("balance", default=ZERO), overdue=Count("id", filter=overdue_condition())
        )
    )


def overdue_orders(*, limit: int = 8) -> list[Order]:
    """The most overdue open orders (one query)."""
    return list(
        Order.objects.filter(overdue_condition())
        .select_related("client")
        .only("id", "number", "promised_date", "status", "balance", "client__name")
        .order_by("promised_date", "number")[:limit]
    )


def deliveries_between(*, since: date, until: date) -> dict[str, Any]:
    """The deliveries made on the business's days ``since``–``until``: how many (``count``) and the average days
    from the order's date to its delivery (``average_days``, ``None`` without deliveries), in one query."""
    delivered = Order.objects.filter(
        status=OrderStatus.DELIVERED, delivered_at__date__gte=since, delivered_at__date__lte=until
    )
    result = delivered.aggregate(
        count=Count("id"),
        average=Avg(ExpressionWrapper(F("delivered_at__date") - F("order_date"), output_field=DurationField())),
    )
    return {"count": result["count"], "average_days": _days(result["average"])}


def _days(average) -> float | None:
    if average is None:
        return None
    return round(average.total_seconds() / 86400, 1) if isinstance(average, timedelta) else round(float(average), 1)


def average_delivery_days(*, days: int = 365, since: date | None = None, until: date | None = None) -> float | None:
    """Average days from the order's date to its delivery, over deliveries of the last ``days`` days or, with
    ``since``/``until``, over deliveries made on those days (the business's dates)."""
    delivered = Order.objects.filter(status=OrderStatus.DELIVERED)
    if since is None and until is None:
        delivered = delivered.filter(delivered_at__gte=timezone.now() - timedelta(days=days))
    if since is not None:
        delivered = delivered.filter(delivered_at__date__gte=since)
    if until is not None:
        delivered = delivered.filter(delivered_at__date__lte=until)
    return _days(
        delivered.aggregate(
            average=Avg(ExpressionWrapper(F("delivered_at__date") - F("order_date"), output_field=DurationField()))
        )["average"]
    )
