"""Every read of orders: the API, the admin, the dashboard and the exports use these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    BigIntegerField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Trunc, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError
from fotostudio.users.models import User
from modules.clients.models import Client

from .contract_hook import with_contract
from .filters import OrderFilter, overdue_condition
from .models import (
    ZERO,
    Order,
    OrderDaySummary,
    OrderDeliverySummary,
    OrderLine,
    OrderStatus,
    Payment,
)


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


def _summary(since: date | None, until: date | None) -> QuerySet[OrderDaySummary]:
    """The day summary's rows of the orders dated within ``since``–``until`` (``None``: no bound)."""
    queryset = OrderDaySummary.objects.all()
    if since is not None:
        queryset = queryset.filter(day__gte=since)
    if until is not None:
        queryset = queryset.filter(day__lte=until)
    return queryset


def _overdue_count(since: date | None, until: date | None, *condition: Q) -> Coalesce:
    """How many orders dated in the period are overdue (and meet ``condition``), as an expression for the
    summary's aggregate: a subquery over the open orders' index (``orders_order_open_by_date``), never the
    closed ones. ``Max`` of a constant subquery is the subquery; no summary rows means no orders, so 0.
    ``COUNT(*)``, not of ``id``: the index holds every column the condition reads, so it is read alone
    (index-only; counting ``id`` read a heap page per overdue order, 10 ms for a year of a large business)."""
    overdue = _count(_dated(since, until).filter(overdue_condition(), *condition))
    return Coalesce(Max(Subquery(overdue, output_field=IntegerField())), 0)


def orders_by_status(*, since: date | None = None, until: date | None = None) -> dict[str, int]:
    """How many orders are in each status, and how many are overdue (key ``"overdue"``); ``since``/``until``:
    only the orders dated within them. One query: the day summary, and the open orders for the overdue ones."""
    return _summary(since, until).aggregate(
        **{status.value: Sum("orders", filter=Q(status=status.value), default=0) for status in OrderStatus},
        overdue=_overdue_count(since, until),
    )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _sold_summary(since: date, until: date) -> QuerySet[OrderDaySummary]:
    """The day summary of the orders dated ``since``–``until`` that were not cancelled (what was sold)."""
    return _summary(since, until).exclude(status=OrderStatus.CANCELLED)


def revenue_by_service(*, today: date | None = None) -> list[tuple[str, Decimal, Decimal]]:
    """Per service: (name, this month's total, last month's total) of orders not cancelled, by order date."""
    today = today or timezone.localdate()
    this_month = _month_start(today)
    last_month = _month_start(this_month - timedelta(days=1))
    rows = (
        _sold_summary(last_month, today)
        .values("service_type__name", "service_type__position")
        .annotate(
            this_month=Sum("total", filter=Q(day__gte=this_month), default=ZERO),
            last_month=Sum("total", filter=Q(day__lt=this_month), default=ZERO),
        )
        .order_by("service_type__position", "service_type__name")
    )
    return [(row["service_type__name"], row["this_month"], row["last_month"]) for row in rows]


def revenue_between(*, since: date, until: date) -> list[dict[str, Any]]:
    """Per service, the total and number of the orders dated ``since``–``until`` that were not cancelled (the
    revenue of ``revenue_by_service``, over any period): ``{"code", "name", "total", "orders"}``, one query."""
    rows = (
        _sold_summary(since, until)
        .values("service_type__code", "service_type__name", "service_type__position")
        .annotate(total=Sum("total", default=ZERO), orders=Sum("orders", default=0))
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
        _sold_summary(since, until)
        .annotate(month=TruncMonth("day"))
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
        _sold_summary(since, until)
        .annotate(month=TruncMonth("day"))
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
    rows = _sold_summary(since, until).values("day").annotate(total=Sum("total", default=ZERO)).order_by("day")
    found = {_as_date(row["day"]): row["total"] for row in rows}
    days = [since + timedelta(days=offset) for offset in range((until - since).days + 1)]
    return {"daily": True, "points": [(day, found.get(day, ZERO)) for day in days]}


def active_clients_between(*, since: date, until: date) -> dict[str, int]:
    """Clients with an order (not cancelled) dated ``since``–``until``: ``new`` ones (their first order ever
    is in the period) and ``returning`` ones (they had ordered before). One query: the buyers from the buyers
    by day (``OrderBuyerDay``: their last order days when none is dated after the period, or the first order
    days of the month, year… the period is), else from the index of the orders sold; the new ones from
    ``ClientFirstOrder`` (a client whose first order is in the period bought in it: that order)."""
    kind = _bucket_of_period(since, until)
    if kind is None:
        otherwise = _BUYERS_SCANNED.format(lo="%(since)s", hi="%(after)s")
    else:
        otherwise = (
            f"(SELECT coalesce(sum({BUYER_DAY_COLUMNS[kind]}), 0) FROM orders_orderbuyerday "
            "WHERE day >= %(since)s AND day <= %(until)s)"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            _PERIOD_BUYERS_SQL.format(otherwise=otherwise),
            {"since": since, "until": until, "after": until + timedelta(days=1)},
        )
        buyers, new = cursor.fetchone()
    return {"new": new, "returning": buyers - new}


def _count(queryset: QuerySet) -> QuerySet:
    """``SELECT COUNT(*)`` of ``queryset``, for a subquery."""
    return queryset.order_by().values(n=Func(Value(1), function="COUNT", output_field=IntegerField()))


#: Each ``date_trunc`` kind's length, as a PostgreSQL interval.
BUCKET_LENGTHS = {"day": "1 day", "week": "7 days", "month": "1 month", "quarter": "3 months", "year": "1 year"}


#: The column of ``OrderBuyerDay`` whose sum over a bucket's days (from its start) is its buyers, by kind.
BUYER_DAY_COLUMNS = {
    "day": "clients",
    "week": "first_of_week",
    "month": "first_of_month",
    "quarter": "first_of_quarter",
    "year": "first_of_year",
}

#: The clients with an order (not cancelled) dated ``lo``–``hi`` (excluded), from the index of the orders sold
#: (``orders_order_sold_clients``, index-only): for a range the buyers by day cannot answer.
_BUYERS_SCANNED = """
    (SELECT count(DISTINCT o.client_id) FROM orders_order o
     WHERE o.status <> 'CANCELADO' AND o.order_date >= {lo} AND o.order_date < {hi})
"""

#: The buyers of each bucket of a period, one row per bucket (see ``buyers_by_bucket``). ``lo``–``hi``: the
#: bucket's days within the period (``hi`` excluded). A bucket from its start: the sum of its days' first
#: order days of the bucket (``OrderBuyerDay``); a first bucket that starts before the period: the index of
#: the orders sold over its days in the period (one bucket's entries at most).
_BUYERS_SQL = """
SELECT bucket, buying, firsts + clipped AS firsts FROM (
    SELECT b.bucket,
        CASE WHEN b.bucket < b.lo THEN {scanned}
        ELSE (SELECT coalesce(sum(d.{column}), 0) FROM orders_orderbuyerday d WHERE d.day >= b.lo AND d.day < b.hi)
        END AS buying,
        (SELECT count(*) FROM orders_clientfirstorder f WHERE f.first_day >= b.lo AND f.first_day < b.hi) AS firsts,
        CASE WHEN b.bucket < b.lo THEN (
            SELECT count(*) FROM orders_clientfirstorder f
            WHERE f.first_day >= b.bucket AND f.first_day < b.lo AND EXISTS (
                SELECT 1 FROM orders_order o
                WHERE o.client_id = f.client_id AND o.status <> 'CANCELADO'
                  AND o.order_date >= b.lo AND o.order_date < b.hi))
        ELSE 0 END AS clipped
    FROM (
        SELECT start::date AS bucket, greatest(start::date, %(since)s) AS lo,
               least((start + %(length)s::interval)::date, %(after)s) AS hi
        FROM generate_series(date_trunc(%(kind)s, %(since)s::timestamp), %(until)s::timestamp,
                             %(length)s::interval) AS start
    ) AS b
) AS figures
WHERE buying > 0
ORDER BY bucket
"""


def buyers_by_bucket(since: date, until: date, kind: str) -> list[dict[str, Any]]:
    """The clients with an order (not cancelled) dated ``since``–``until`` by ``date_trunc(kind)`` bucket of the
    order's date: ``buying``, and ``returning`` (their first order is before the bucket's start). One query;
    buckets without buyers are left out.

    Returning = buying − those whose first order is in the bucket: the first orders dated in the bucket's days
    of the period (each such client bought in it), plus — in a first bucket that starts before ``since`` —
    the clients whose first order is between the bucket's start and ``since`` and who bought in it. Per bucket
    (``_BUYERS_SQL``): the buyers from the buyers by day (``OrderBuyerDay``, see ``buyers.py``), the first
    orders from ``ClientFirstOrder``."""
    params = {
        "since": since,
        "until": until,
        "after": until + timedelta(days=1),
        "kind": kind,
        "length": BUCKET_LENGTHS[kind],
    }
    sql = _BUYERS_SQL.format(column=BUYER_DAY_COLUMNS[kind], scanned=_BUYERS_SCANNED.format(lo="b.lo", hi="b.hi"))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {"bucket": _as_date(bucket), "buying": buying, "returning": buying - firsts} for bucket, buying, firsts in rows
    ]


def clients_ordered_between(clients: QuerySet[Client], since: date | None, until: date | None) -> QuerySet[Client]:
    """The ``clients`` with an order (not cancelled) dated ``since``–``until`` (``None``: no bound): the clients
    ``active_clients_between`` counts. The clients module's list filter «Fecha de sus pedidos» (lent in ``ready()``)."""
    ordered = _dated(since, until).exclude(status=OrderStatus.CANCELLED).filter(client=OuterRef("pk"))
    return clients.filter(Exists(ordered))


def _bucket_of_period(since: date, until: date) -> str | None:
    """The smallest ``date_trunc`` kind whose bucket starts on ``since`` and holds ``until`` (this month, last
    month, this year…), or ``None``."""
    for kind, starts, length in (
        ("day", True, timedelta(days=1)),
        ("week", since.weekday() == 0, timedelta(days=7)),
    ):
        if starts and until < since + length:
            return kind
    for kind, months in (("month", 1), ("quarter", 3), ("year", 12)):
        aligned = since.day == 1 and (since.month - 1) % months == 0 and (months < 12 or since.month == 1)
        index = since.year * 12 + since.month - 1 + months
        if aligned and until < date(index // 12, index % 12 + 1, 1):
            return kind
    return None


#: The clients with an order (not cancelled) dated ``since``–``until``: when no order is dated after
#: ``until`` (a period up to today), those whose last order day is in it (``last_ever``); else the sum of the
#: first order days of the bucket the period is (``{column}``), or the index of the orders sold.
_PERIOD_BUYERS_SQL = """
SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM orders_order WHERE status <> 'CANCELADO' AND order_date > %(until)s)
    THEN (SELECT coalesce(sum(last_ever), 0) FROM orders_orderbuyerday WHERE day >= %(since)s)
    ELSE {otherwise}
END,
(SELECT count(*) FROM orders_clientfirstorder WHERE first_day >= %(since)s AND first_day <= %(until)s)
"""


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def pending_balances(*, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Orders that still owe money (cancelled ones owe nothing): how many, how much, how many overdue;
    ``since``/``until``: only the orders dated within them. One query (the day summary, and the open orders
    for the overdue ones)."""
    return _summary(since, until).aggregate(
        count=Sum("with_balance", default=0),
        amount=Sum("balance", default=ZERO),
        overdue=_overdue_count(since, until, Q(balance__gt=0)),
    )


def overdue_orders(*, limit: int = 8) -> list[Order]:
    """The most overdue open orders (one query)."""
    return list(
        Order.objects.filter(overdue_condition())
        .select_related("client")
        .only("id", "number", "promised_date", "status", "balance", "client__name")
        .order_by("promised_date", "number")[:limit]
    )


def deliveries_between(*, since: date | None, until: date | None) -> dict[str, Any]:
    """The deliveries made on the business's days ``since``–``until`` (``None``: no bound): how many (``count``)
    and the average days from the order's date to its delivery (``average_days``, ``None`` without deliveries).
    One query, over the delivery summary (``OrderDeliverySummary``, quarters of an hour: whole days in any
    time zone)."""
    figures = delivery_summary(since, until).aggregate(
        delivered=Sum("orders", default=0),
        days=Sum(
            F("orders") * _days_from_epoch("local_day") - F("order_days"),
            output_field=BigIntegerField(),
            default=0,
        ),
    )
    if not figures["delivered"]:
        return {"count": 0, "average_days": None}
    return {"count": figures["delivered"], "average_days": round(figures["days"] / figures["delivered"], 1)}


def _days(average) -> float | None:
    if average is None:
        return None
    return round(average.total_seconds() / 86400, 1) if isinstance(average, timedelta) else round(float(average), 1)


def average_delivery_days(*, days: int = 365, since: date | None = None, until: date | None = None) -> float | None:
    """Average days from the order's date to its delivery, over deliveries of the last ``days`` days or, with
    ``since``/``until``, over deliveries made on those days (the business's dates): one query. The period's
    deliveries come from the delivery summary (``OrderDeliverySummary``, quarters of an hour: whole days in any
    time zone); the last ``days`` days end at this moment, so those are read from the orders."""
    if since is None and until is None:
        return _days(
            Order.objects.filter(
                status=OrderStatus.DELIVERED, delivered_at__gte=timezone.now() - timedelta(days=days)
            ).aggregate(
                average=Avg(ExpressionWrapper(F("delivered_at__date") - F("order_date"), output_field=DurationField()))
            )["average"]
        )
    return deliveries_between(since=since, until=until)["average_days"]


#: ``OrderDeliverySummary.order_days`` counts days from this date.
SUMMARY_EPOCH = date(2000, 1, 1)


def _days_from_epoch(field: str) -> Func:
    """``field − SUMMARY_EPOCH`` in days (PostgreSQL's ``date - date`` is an integer)."""
    return Func(
        F(field),
        Value(SUMMARY_EPOCH, output_field=DateField()),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=BigIntegerField(),
    )


def day_start(day: date) -> datetime:
    """The first moment of the business's ``day`` (its time zone)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def delivery_summary(since: date | None, until: date | None) -> QuerySet[OrderDeliverySummary]:
    """The delivery summary's rows of the deliveries made on the business's days ``since``–``until``, each with
    its ``local_day`` (the business's date of the quarter of an hour)."""
    queryset = OrderDeliverySummary.objects.all()
    if since is not None:
        queryset = queryset.filter(slot__gte=day_start(since))
    if until is not None:
        queryset = queryset.filter(slot__lt=day_start(until + timedelta(days=1)))
    return queryset.annotate(local_day=TruncDate("slot"))


def sales_by_bucket(since: date, until: date, kind: str) -> list[dict[str, Any]]:
    """The orders dated ``since``–``until`` by ``date_trunc(kind)`` bucket: ``revenue`` and ``orders`` of those
    not cancelled, ``cancelled`` (the metrics' series). One query, over the day summary."""
    cancelled = Q(status=OrderStatus.CANCELLED)
    return list(
        _summary(since, until)
        .annotate(bucket=Trunc("day", kind, output_field=DateField()))
        .values("bucket")
        .annotate(
            # ``cancelled`` first: once annotated, ``orders`` names the sum, not the column.
            cancelled=Sum("orders", filter=cancelled, default=0),
            revenue=Sum("total", filter=~cancelled, default=ZERO),
            orders=Sum("orders", filter=~cancelled, default=0),
        )
        .order_by()
    )


def deliveries_by_bucket(since: date, until: date, kind: str) -> list[dict[str, Any]]:
    """The orders delivered on the business's days ``since``–``until`` by bucket of their delivery date:
    ``delivered``, and ``on_time`` (on or before their promised date, or without one). One query, over the
    delivery summary."""
    return list(
        delivery_summary(since, until)
        .annotate(bucket=Trunc("local_day", kind, output_field=DateField()))
        .values("bucket")
        .annotate(
            delivered=Sum("orders", default=0),
            on_time=Sum(
                "orders",
                filter=Q(promised_date__isnull=True) | Q(local_day__lte=F("promised_date")),
                default=0,
            ),
        )
        .order_by()
    )
