"""Every read of the metrics module: the indicators and the figures, computed with aggregate SQL.

Each figure is one ``GROUP BY date_trunc(…)`` query, whatever the amount of data: the orders' figures over
the summaries the orders module keeps with triggers (``orders.selectors.sales_by_bucket``,
``deliveries_by_bucket``, ``buyers_by_bucket``), the clients' registrations and the stock movements over their
indexed dates. Nothing is stored here.

- **Revenue** (``ingresos``): the total of the orders dated in the bucket that were not cancelled;
  **orders** (``pedidos``) their number; the **average ticket** revenue / orders.
- **New clients**: registered in the bucket. **Returning clients**: clients with an order (not
  cancelled) dated in the bucket who already had one dated before the bucket started.
- **On-time deliveries**: of the orders delivered in the bucket, those delivered on or before their
  promised date (an order without a promised date is on time), as a percentage.
- **Waste rate**: the cost of the waste movements over the cost of consumption and waste in the bucket
  (quantity × unit cost, so materials of different units add up), as a percentage.
- **Production** (``produccion``): the production orders completed in the bucket (by their actual end, the
  business's date), the finished products they yielded and the materials they took at cost, used against
  waste — the production module's rules and queries (``modules.production.selectors.efficiency_by_bucket``).
- **Stock value**: now, the sum of each material's stock × average cost (not a series).
- **Stock turnover** (``rotacion_inventario``): the cost of the consumption and waste of the bucket over the
  stock's average value during it (the ledger's value at the end of each day, averaged), in times.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Greatest, Trunc, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError
from fotostudio.core.models import natural_order
from modules.clients.models import Client
from modules.dashboard.selectors import Period, period_from
from modules.inventory.models import OUTGOING_KINDS, Material, MovementKind, StockMovement
from modules.orders.models import Order, OrderStatus
from modules.orders.selectors import buyers_by_bucket, day_start, sales_by_bucket
from modules.orders.selectors import deliveries_by_bucket as orders_deliveries_by_bucket
from modules.production.selectors import EMPTY_EFFICIENCY, efficiency_by_bucket, efficiency_totals

from .filters import KpiDefinitionFilter
from .models import KpiDefinition, KpiPeriod, Measure
from .vocabulary import AGAINST, GRANULARITIES, GRANULARITY, MAX_BUCKETS, MEASURE, PERIOD, PERIODS

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
MONEY = DecimalField(max_digits=20, decimal_places=4)

GRANULARITY_INVALID = "metrics_granularity_invalid"
RANGE_TOO_LONG = "metrics_range_too_long"
MEASURE_INVALID = "metrics_measure_invalid"
PERIODS_INVALID = "metrics_periods_invalid"
MONTH_INVALID = "metrics_month_invalid"

#: The measures that are series over time (the stock value is only "now").
SERIES_MEASURES = tuple(measure for measure in Measure if measure != Measure.STOCK_VALUE)
#: ``date_trunc`` kind of each indicator period.
PERIOD_KINDS = {KpiPeriod.MONTH: "month", KpiPeriod.QUARTER: "quarter", KpiPeriod.YEAR: "year"}


def kpi_definition_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[KpiDefinition]:
    queryset = KpiDefinition.objects.select_related("created_by").order_by(*natural_order(KpiDefinition, "name", "id"))
    if filters is None:
        return queryset
    filterset = KpiDefinitionFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs


def business_today() -> date:
    """The business's today (its time zone): what "the current period" and "the last N months" end on."""
    return timezone.localdate()


# --- Periods and buckets ---------------------------------------------------------------------------------


def bucket_start(day: date, kind: str) -> date:
    """The first day of the ``kind`` bucket holding ``day`` (as PostgreSQL's ``date_trunc``: weeks start on
    Monday)."""
    if kind == "day":
        return day
    if kind == "week":
        return day - timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    if kind == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def next_bucket(start: date, kind: str) -> date:
    if kind == "day":
        return start + timedelta(days=1)
    if kind == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def buckets(since: date, until: date, kind: str) -> list[date]:
    """The starts of every bucket touching ``since``–``until``, oldest first."""
    starts, current = [], bucket_start(since, kind)
    while current <= until:
        starts.append(current)
        current = next_bucket(current, kind)
    return starts


@dataclass(frozen=True)
class SeriesRequest:
    period: Period
    granularity: str  # the outside name: dia, semana, mes

    @property
    def kind(self) -> str:
        return GRANULARITIES[self.granularity]


def series_request_from(params) -> SeriesRequest:
    """``?desde=&hasta=`` (as the dashboard API: this month by default) and ``?granularidad=dia|semana|mes``
    (``dia`` by default). An unknown granularity, or more buckets than it allows, is a 400 naming the values
    allowed."""
    period = period_from(params)
    granularity = (params.get(GRANULARITY) or "dia").strip()
    if granularity not in GRANULARITIES:
        message = _("«%(value)s» no es una granularidad válida: %(allowed)s.") % {
            "value": granularity[:40],
            "allowed": ", ".join(GRANULARITIES),
        }
        raise ApplicationError(message, code=GRANULARITY_INVALID, errors={GRANULARITY: [message]})
    count = len(buckets(period.since, period.until, GRANULARITIES[granularity]))
    if count > MAX_BUCKETS[granularity]:
        message = _(
            "El periodo tiene %(count)d intervalos de «%(granularity)s»; como máximo %(max)d. Acorte el periodo "
            "o use una granularidad mayor (%(allowed)s)."
        ) % {
            "count": count,
            "granularity": granularity,
            "max": MAX_BUCKETS[granularity],
            "allowed": ", ".join(GRANULARITIES),
        }
        raise ApplicationError(message, code=RANGE_TOO_LONG, errors={"desde": [message], "hasta": [message]})
    return SeriesRequest(period, granularity)


# --- The aggregate queries, by bucket --------------------------------------------------------------------


def _ratio(part, whole, *, percent: bool = False) -> Decimal | None:
    if not whole:
        return None
    value = Decimal(part) / Decimal(whole) * (HUNDRED if percent else 1)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def _sold(since: date, until: date) -> QuerySet[Order]:
    return Order.objects.filter(order_date__gte=since, order_date__lte=until).exclude(status=OrderStatus.CANCELLED)


def revenue_by_bucket(since: date, until: date, kind: str) -> dict[date, dict[str, Any]]:
    """``{bucket: {"revenue", "orders", "average_ticket", "cancelled"}}``: one query."""
    rows = sales_by_bucket(since, until, kind)  # the orders' day summary
    return {
        row["bucket"]: {
            "revenue": _money(row["revenue"]),
            "orders": row["orders"],
            "cancelled": row["cancelled"],
            "average_ticket": _ratio(row["revenue"], row["orders"]),
        }
        for row in rows
    }


def deliveries_by_bucket(since: date, until: date, kind: str) -> dict[date, dict[str, Any]]:
    """``{bucket: {"delivered", "on_time", "on_time_rate"}}`` by delivery date: one query."""
    rows = orders_deliveries_by_bucket(since, until, kind)  # the orders' delivery summary
    return {
        row["bucket"]: {
            "delivered": row["delivered"],
            "on_time": row["on_time"],
            "on_time_rate": _ratio(row["on_time"], row["delivered"], percent=True),
        }
        for row in rows
    }


def clients_by_bucket(since: date, until: date, kind: str) -> dict[date, dict[str, Any]]:
    """``{bucket: {"new", "buying", "returning"}}``: two queries (registrations, and buyers)."""
    result: dict[date, dict[str, Any]] = {}
    registered = (
        # The business's days as a range of moments: the index on ``created_at`` answers it.
        Client.objects.filter(created_at__gte=day_start(since), created_at__lt=day_start(until + timedelta(days=1)))
        .annotate(bucket=Trunc(TruncDate("created_at"), kind, output_field=DateField()))
        .values("bucket")
        .annotate(new=Count("id"))
        .order_by()
    )
    for row in registered:
        result.setdefault(row["bucket"], {"new": 0, "buying": 0, "returning": 0})["new"] = row["new"]
    buyers = buyers_by_bucket(since, until, kind)  # the orders' index and their clients' first orders
    for row in buyers:
        entry = result.setdefault(row["bucket"], {"new": 0, "buying": 0, "returning": 0})
        entry["buying"], entry["returning"] = row["buying"], row["returning"]
    return result


def stock_by_bucket(since: date, until: date, kind: str) -> dict[date, dict[str, Any]]:
    """``{bucket: {"purchases", "consumption", "waste", "waste_rate"}}`` in money (quantity × unit cost)."""
    value = ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=MONEY)
    rows = (
        StockMovement.objects.filter(created_at__date__gte=since, created_at__date__lte=until)
        .annotate(bucket=Trunc(TruncDate("created_at"), kind, output_field=DateField()))
        .values("bucket")
        .annotate(
            purchases=Sum(value, filter=Q(kind=MovementKind.PURCHASE), default=ZERO),
            consumption=-Sum(value, filter=Q(kind=MovementKind.CONSUMPTION), default=ZERO),
            waste=-Sum(value, filter=Q(kind=MovementKind.WASTE), default=ZERO),
        )
        .order_by()
    )
    return {
        row["bucket"]: {
            "purchases": _money(row["purchases"]),
            "consumption": _money(row["consumption"]),
            "waste": _money(row["waste"]),
            "waste_rate": _ratio(row["waste"], row["consumption"] + row["waste"], percent=True),
        }
        for row in rows
    }


def turnover_by_bucket(since: date, until: date, kind: str) -> dict[date, dict[str, Any]]:
    """``{bucket: {"consumed", "average_stock_value", "turnover"}}`` of every bucket of ``since``–``until``:
    the stock turnover (``rotacion_inventario``), one query over the ledger up to ``until``.

    - ``consumed``: the consumption and waste movements of the bucket at the cost they carry (the weighted
      average cost when they were written, ``inventory.services.stock_move``).
    - ``average_stock_value``: the mean of the stock's value at the end of each day of the bucket (only the
      days of the period). The value at a day is the ledger's: Σ signed quantity × unit cost of the movements
      up to that day (the business's dates). Every movement carries its cost — a purchase its price, the rest
      the average cost of that moment — so that sum is the stock at weighted average cost, of any day.
    - ``turnover``: consumed / average stock value (times), ``None`` when the average value is zero.

    Movements before the period add up in its first day (``GREATEST(day, since)``); the sum over a bucket's
    days is ``days × value at its start + Σ value × days it stayed``, from two sums per bucket."""
    value = ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=MONEY)
    first = Value(since, output_field=DateField())
    rows = (
        StockMovement.objects.filter(created_at__date__lte=until)
        .annotate(day=Greatest(TruncDate("created_at"), first))
        .annotate(
            bucket=Trunc("day", kind, output_field=DateField()),
            # whole days from the period's start (date − date is an integer in PostgreSQL)
            offset=Func(F("day"), first, template="(%(expressions)s)", arg_joiner=" - ", output_field=IntegerField()),
        )
        .values("bucket")
        .annotate(
            value=Sum(value, default=ZERO),
            value_days=Sum(ExpressionWrapper(value * F("offset"), output_field=MONEY), default=ZERO),
            consumed=-Sum(
                value,
                filter=Q(kind__in=OUTGOING_KINDS, created_at__date__gte=since),
                default=ZERO,
            ),
        )
        .order_by()
    )
    found = {row["bucket"]: row for row in rows}
    result, opening = {}, ZERO
    for start in buckets(since, until, kind):
        row = found.get(start, {"value": ZERO, "value_days": ZERO, "consumed": ZERO})
        first_day = max(start, since)
        last = min(next_bucket(start, kind) - timedelta(days=1), until)
        days = (last - first_day).days + 1
        last_offset = (last - since).days
        # each day's closing value, added up: the opening every day, each movement from its day to the last
        value_days = opening * days + row["value"] * (last_offset + 1) - row["value_days"]
        average = value_days / days
        result[start] = {
            "consumed": _money(row["consumed"]),
            "average_stock_value": _money(average),
            "turnover": _ratio(row["consumed"] * days, value_days) if _money(average) > 0 else None,
        }
        opening += row["value"]
    return result


def production_by_bucket(since: date, until: date, kind: str) -> dict[date, dict[str, Any]]:
    """``{bucket: {"orders", "products", "material_cost", "used_cost", "waste_cost", "waste_percent",
    "cost_per_product"}}`` of the production orders completed in the bucket: the production module's
    efficiency rules (what is used, what is waste, at which cost), two queries."""
    return efficiency_by_bucket(date_from=since, date_to=until, kind=kind)


def stock_value() -> Decimal:
    """The stock's value now: each material's stock × its average cost, one query."""
    total = Material.objects.aggregate(
        value=Sum(ExpressionWrapper(F("quantity_on_hand") * F("average_cost"), output_field=MONEY), default=ZERO)
    )["value"]
    return _money(total)


# --- The series of the API ---------------------------------------------------------------------------------

EMPTY_REVENUE = {"revenue": ZERO, "orders": 0, "cancelled": 0, "average_ticket": None}
EMPTY_DELIVERIES = {"delivered": 0, "on_time": 0, "on_time_rate": None}
EMPTY_CLIENTS = {"new": 0, "buying": 0, "returning": 0}
EMPTY_STOCK = {"purchases": ZERO, "consumption": ZERO, "waste": ZERO, "waste_rate": None}
EMPTY_TURNOVER = {"consumed": ZERO, "average_stock_value": ZERO, "turnover": None}


def _filled(request: SeriesRequest, *parts: tuple[dict, dict]) -> list[dict[str, Any]]:
    starts = buckets(request.period.since, request.period.until, request.kind)
    return [
        {"start": start, **{key: value for rows, empty in parts for key, value in rows.get(start, empty).items()}}
        for start in starts
    ]


def revenue_series(request: SeriesRequest) -> dict[str, Any]:
    rows = revenue_by_bucket(request.period.since, request.period.until, request.kind)
    series = _filled(request, (rows, EMPTY_REVENUE))
    revenue = sum((row["revenue"] for row in series), ZERO)
    orders = sum(row["orders"] for row in series)
    return {
        "series": series,
        "totals": {"revenue": revenue, "orders": orders, "average_ticket": _ratio(revenue, orders)},
    }


def orders_series(request: SeriesRequest) -> dict[str, Any]:
    since, until, kind = request.period.since, request.period.until, request.kind
    series = _filled(
        request,
        (revenue_by_bucket(since, until, kind), EMPTY_REVENUE),
        (deliveries_by_bucket(since, until, kind), EMPTY_DELIVERIES),
    )
    delivered = sum(row["delivered"] for row in series)
    on_time = sum(row["on_time"] for row in series)
    totals = {
        "orders": sum(row["orders"] for row in series),
        "cancelled": sum(row["cancelled"] for row in series),
        "delivered": delivered,
        "on_time": on_time,
        "on_time_rate": _ratio(on_time, delivered, percent=True),
    }
    return {"series": series, "totals": totals}


def clients_series(request: SeriesRequest) -> dict[str, Any]:
    rows = clients_by_bucket(request.period.since, request.period.until, request.kind)
    series = _filled(request, (rows, EMPTY_CLIENTS))
    return {"series": series, "totals": {"new": sum(row["new"] for row in series)}}


def inventory_series(request: SeriesRequest) -> dict[str, Any]:
    rows = stock_by_bucket(request.period.since, request.period.until, request.kind)
    series = _filled(request, (rows, EMPTY_STOCK))
    consumption = sum((row["consumption"] for row in series), ZERO)
    waste = sum((row["waste"] for row in series), ZERO)
    totals = {
        "purchases": sum((row["purchases"] for row in series), ZERO),
        "consumption": consumption,
        "waste": waste,
        "waste_rate": _ratio(waste, consumption + waste, percent=True),
        "stock_value": stock_value(),
    }
    return {"series": series, "totals": totals}


def production_series(request: SeriesRequest) -> dict[str, Any]:
    """The production orders completed by bucket, with their output and their materials' efficiency: what
    ``/production/`` and ``/efficiency/`` show (each its own figures of the same two queries)."""
    rows = production_by_bucket(request.period.since, request.period.until, request.kind)
    series = _filled(request, (rows, EMPTY_EFFICIENCY))
    return {"series": series, "totals": efficiency_totals(series)}


# --- One measure over buckets: the indicators' values -------------------------------------------------------

#: The query that gives each series measure, and the key of its value in that query's rows.
MEASURE_SOURCES = {
    Measure.REVENUE: (revenue_by_bucket, "revenue", EMPTY_REVENUE),
    Measure.ORDERS: (revenue_by_bucket, "orders", EMPTY_REVENUE),
    Measure.AVERAGE_TICKET: (revenue_by_bucket, "average_ticket", EMPTY_REVENUE),
    Measure.NEW_CLIENTS: (clients_by_bucket, "new", EMPTY_CLIENTS),
    Measure.RETURNING_CLIENTS: (clients_by_bucket, "returning", EMPTY_CLIENTS),
    Measure.WASTE_RATE: (stock_by_bucket, "waste_rate", EMPTY_STOCK),
    Measure.ON_TIME_RATE: (deliveries_by_bucket, "on_time_rate", EMPTY_DELIVERIES),
    Measure.PRODUCTION_OUTPUT: (production_by_bucket, "products", EMPTY_EFFICIENCY),
    Measure.STOCK_TURNOVER: (turnover_by_bucket, "turnover", EMPTY_TURNOVER),
}


def _as_figure(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT)


class MeasureCache:
    """Runs each (query, bucket kind, range) once, however many indicators or measures read it."""

    def __init__(self) -> None:
        self._rows: dict[tuple, dict] = {}
        self._stock_value: Decimal | None = None

    def value(self, measure: str, since: date, until: date, kind: str) -> Decimal | None:
        """``measure`` in the ``kind`` bucket holding ``since``, counting ``since``–``until``."""
        return self.series(measure, since, until, kind).get(bucket_start(since, kind))

    def series(self, measure: str, since: date, until: date, kind: str) -> dict[date, Decimal | None]:
        if measure == Measure.STOCK_VALUE:
            if self._stock_value is None:
                self._stock_value = stock_value()
            return {bucket_start(since, kind): self._stock_value}
        query, key, empty = MEASURE_SOURCES[Measure(measure)]
        cache_key = (query.__name__, since, until, kind)
        if cache_key not in self._rows:
            self._rows[cache_key] = query(since, until, kind)
        rows = self._rows[cache_key]
        return {start: _as_figure(rows.get(start, empty)[key]) for start in buckets(since, until, kind)}


def current_period(period: str, today: date | None = None) -> Period:
    """The indicator's period holding ``today`` (this month, quarter or year), up to ``today``."""
    today = today or business_today()
    return Period(bucket_start(today, PERIOD_KINDS[KpiPeriod(period)]), today)


def _percent_of(value: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if value is None or not whole:
        return None
    return (value / whole * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def kpi_current_values(kpis: Iterable[KpiDefinition], *, today: date | None = None) -> list[dict[str, Any]]:
    """Each indicator's value in its current period, against its target, and its state. The queries depend on
    the measures and periods in use (at most one per query kind and period), never on the number of
    indicators."""
    cache = MeasureCache()
    rows = []
    for kpi in kpis:
        period = current_period(kpi.period, today)
        value = cache.value(kpi.measure, period.since, period.until, PERIOD_KINDS[KpiPeriod(kpi.period)])
        rows.append(
            {
                "kpi": kpi,
                "period": period,
                "value": value,
                "target": kpi.target,
                "difference": None if value is None else value - kpi.target,
                "achievement": _percent_of(value, kpi.target),
                "state": kpi.state_of(value),
            }
        )
    return rows


def kpi_dashboard(*, today: date | None = None) -> list[dict[str, Any]]:
    return kpi_current_values(
        KpiDefinition.objects.filter(is_active=True).order_by(*natural_order(KpiDefinition, "name", "id")), today=today
    )


# --- Trends and comparison -----------------------------------------------------------------------------------


#: The measure when none is asked for: what an owner compares first.
DEFAULT_MEASURE = Measure.REVENUE


def _measure_from(params) -> str:
    raw = (params.get(MEASURE) or "").strip() or str(DEFAULT_MEASURE)
    if raw not in SERIES_MEASURES:
        message = _("«%(value)s» no es una medida con serie: %(allowed)s.") % {
            "value": raw[:40],
            "allowed": ", ".join(SERIES_MEASURES),
        }
        raise ApplicationError(message, code=MEASURE_INVALID, errors={MEASURE: [message]})
    return raw


def trend(params, *, today: date | None = None) -> dict[str, Any]:
    """``?medida=&periodos=N`` (2–24, 6 by default): the measure's last N months (this one included), each
    with the moving average of the N months that end with it (months without a value left out), and the
    direction of that average from the first month shown to the last (``sube``, ``baja``, or ``estable``
    within 1 %, or when either end has no value)."""
    measure = _measure_from(params)
    raw = (params.get(PERIODS) or "6").strip()
    if not raw.isdigit() or not 2 <= int(raw) <= 24:
        message = _("«%(value)s» no es un número de periodos válido: de 2 a 24.") % {"value": raw[:40]}
        raise ApplicationError(message, code=PERIODS_INVALID, errors={PERIODS: [message]})
    count = int(raw)
    today = today or business_today()
    months = [bucket_start(today, "month")]
    for _index in range(2 * count - 2):
        months.insert(0, bucket_start(months[0] - timedelta(days=1), "month"))
    values = MeasureCache().series(measure, months[0], today, "month")
    points = []
    for index in range(count - 1, len(months)):
        # A month without a value (a rate with nothing to divide, an average ticket without orders) is left
        # out of the average rather than counted as zero.
        window = [values[month] for month in months[index - count + 1 : index + 1] if values[month] is not None]
        average = (sum(window, ZERO) / len(window)).quantize(CENT, rounding=ROUND_HALF_UP) if window else None
        points.append({"start": months[index], "value": values[months[index]], "moving_average": average})
    first, last = points[0]["moving_average"], points[-1]["moving_average"]
    change = None if first is None or last is None else last - first
    if change is None or (abs(change) <= abs(first) / 100 if first else change == 0):
        direction = "estable"
    else:
        direction = "sube" if change > 0 else "baja"
    return {"measure": measure, "periods": count, "points": points, "direction": direction, "change": change}


def _month_from(params, name: str, *, default: date) -> date:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    try:
        if len(raw) != 7:
            raise ValueError
        return date.fromisoformat(f"{raw}-01")
    except ValueError:
        message = _("«%(value)s» no es un mes AAAA-MM.") % {"value": raw[:40]}
        raise ApplicationError(message, code=MONTH_INVALID, errors={name: [message]}) from None


def comparison(params) -> dict[str, Any]:
    """``?medida=&periodo=AAAA-MM&contra=AAAA-MM``: the measure in both months, the difference (absolute and
    %), and against the target of the first active monthly indicator of that measure (if any). Without them:
    revenue, this month, against the month before ``periodo``."""
    measure = _measure_from(params)
    month = _month_from(params, PERIOD, default=bucket_start(business_today(), "month"))
    against = _month_from(params, AGAINST, default=bucket_start(month - timedelta(days=1), "month"))
    cache = MeasureCache()
    value = cache.value(measure, month, next_bucket(month, "month") - timedelta(days=1), "month")
    other = cache.value(measure, against, next_bucket(against, "month") - timedelta(days=1), "month")
    kpi = (
        KpiDefinition.objects.filter(is_active=True, measure=measure, period=KpiPeriod.MONTH)
        .order_by(*natural_order(KpiDefinition, "name", "id"))
        .first()
    )
    difference = None if value is None or other is None else value - other
    target = kpi.target if kpi else None
    return {
        "measure": measure,
        "month": month,
        "value": value,
        "against_month": against,
        "against_value": other,
        "difference": difference,
        "difference_percent": _percent_of(difference, other),
        "kpi": kpi,
        "target": target,
        "target_difference": None if value is None or target is None else value - target,
        "achievement": _percent_of(value, target),
        "state": kpi.state_of(value) if kpi else None,
    }
