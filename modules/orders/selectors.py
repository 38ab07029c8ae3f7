"""Every read of orders: the API, the admin, the dashboard and the exports use these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

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
    ClientFirstOrder,
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
    closed ones. ``Max`` of a constant subquery is the subquery; no summary rows means no orders, so 0."""
    overdue = _dated(since, until).filter(overdue_condition(), *condition).order_by()
    overdue = overdue.values(n=Func("id", function="COUNT", output_field=IntegerField()))
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
    is in the period) and ``returning`` ones (they had ordered before). One query: the buyers from the index
    of the orders sold (``orders_order_sold_clients``, not the rows), the new ones from ``ClientFirstOrder``
    (a client whose first order is in the period bought in it: that order)."""
    figures = (
        _dated(since, until)
        .exclude(status=OrderStatus.CANCELLED)
        .aggregate(
            buyers=Count("client", distinct=True),
            new=Coalesce(Max(Subquery(_count(_firsts_between(since, until)), output_field=IntegerField())), 0),
        )
    )
    return {"new": figures["new"], "returning": figures["buyers"] - figures["new"]}


def _count(queryset: QuerySet) -> QuerySet:
    """``SELECT COUNT(*)`` of ``queryset``, for a subquery."""
    return queryset.order_by().values(n=Func(Value(1), function="COUNT", output_field=IntegerField()))


def _firsts_between(since, until) -> QuerySet[ClientFirstOrder]:
    return ClientFirstOrder.objects.filter(first_day__gte=since, first_day__lte=until)


def _after_bucket(kind: str, bucket) -> Func:
    """The first day after the ``kind`` bucket starting on ``bucket`` (an expression)."""
    length = BUCKET_LENGTHS[kind]
    return Func(bucket, template=f"(%(expressions)s + interval '{length}')::date", output_field=DateField())


#: Each ``date_trunc`` kind's length, as a PostgreSQL interval.
BUCKET_LENGTHS = {"day": "1 day", "week": "7 days", "month": "1 month", "quarter": "3 months", "year": "1 year"}


def buyers_by_bucket(since: date, until: date, kind: str) -> list[dict[str, Any]]:
    """The clients with an order (not cancelled) dated ``since``–``until`` by ``date_trunc(kind)`` bucket of the
    order's date: ``buying``, and ``returning`` (their first order is before the bucket's start). One query.

    Returning = buying − those whose first order is in the bucket: the first orders dated in the bucket's days
    of the period (each such client bought in it), plus — in a first bucket that starts before ``since`` —
    the clients whose first order is between the bucket's start and ``since`` and who bought in it. The buyers
    come from the index of the orders sold, the first orders from ``ClientFirstOrder``, in one ``UNION ALL``
    (a subquery per bucket would run once per order)."""
    first_bucket = Trunc(Value(since, output_field=DateField()), kind, output_field=DateField())
    bought_in_first_bucket = Exists(
        Order.objects.exclude(status=OrderStatus.CANCELLED).filter(
            client=OuterRef("client"),
            order_date__gte=since,
            order_date__lte=until,
            order_date__lt=_after_bucket(kind, first_bucket),
        )
    )
    before_since = ClientFirstOrder.objects.filter(first_day__gte=first_bucket, first_day__lt=since)
    buyers = (
        _dated(since, until)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(bucket=Trunc("order_date", kind, output_field=DateField()))
        .values("bucket")
        .annotate(buying=Count("client", distinct=True), firsts=Value(0, output_field=IntegerField()))
        .order_by()
    )
    firsts = (
        _firsts_between(since, until)
        .annotate(bucket=Trunc("first_day", kind, output_field=DateField()))
        .values("bucket")
        .annotate(buying=Value(0, output_field=IntegerField()), firsts=Count("pk"))
        .order_by()
    )
    clipped = (
        before_since.filter(bought_in_first_bucket)
        .annotate(bucket=first_bucket)
        .values("bucket")
        .annotate(buying=Value(0, output_field=IntegerField()), firsts=Count("pk"))
        .order_by()
    )
    found: dict[date, dict[str, Any]] = {}
    for row in buyers.union(firsts, clipped, all=True):
        entry = found.setdefault(_as_date(row["bucket"]), {"buying": 0, "firsts": 0})
        entry["buying"] += row["buying"]
        entry["firsts"] += row["firsts"]
    return [
        {"bucket": bucket, "buying": entry["buying"], "returning": entry["buying"] - entry["firsts"]}
        for bucket, entry in found.items()
        if entry["buying"]
    ]


def clients_ordered_between(clients: QuerySet[Client], since: date | None, until: date | None) -> QuerySet[Client]:
    """The ``clients`` with an order (not cancelled) dated ``since``–``until`` (``None``: no bound): the clients
    ``active_clients_between`` counts. The clients module's list filter «Fecha de sus pedidos» (lent in ``ready()``)."""
    ordered = _dated(since, until).exclude(status=OrderStatus.CANCELLED).filter(client=OuterRef("pk"))
    return clients.filter(Exists(ordered))


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
