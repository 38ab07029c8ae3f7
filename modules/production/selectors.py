"""Every read of production orders: the API, the admin, the dashboard and the efficiency figures.

Efficiency is computed from :class:`ProductionEntry` rows (one per ledger movement a registration wrote):
per material, *used* is what stayed in the products (consumption minus the offcuts returned to stock) and
*waste* what was lost (declared waste and offcuts too short to keep); waste % = waste / (used + waste).
Values are quantities × the weighted average cost each movement was valued at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, Trunc, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError
from fotostudio.core.links import filter_linked_to, link_kind
from fotostudio.users.models import User
from modules.products.models import Product

from .filters import ProductionOrderFilter
from .models import ZERO, EntryKind, PlannedMaterial, ProductionEntry, ProductionOrder, ProductionStatus

HUNDRED = Decimal("100")
VALUE = DecimalField(max_digits=20, decimal_places=4)


def _author_columns_not_shown(path: str) -> list[str]:
    shown = {"id", "username", "full_name"}
    return [f"{path}__{field.name}" for field in User._meta.concrete_fields if field.name not in shown]


def products_of(order_pk: Any) -> QuerySet[Product]:
    """The finished products an order yielded (they point at it)."""
    return filter_linked_to(Product.objects.all(), link_kind("produccion"), order_pk)


def _products_count():
    return Coalesce(
        Subquery(
            products_of(OuterRef("pk")).order_by().values("link_id").annotate(count=Count("id")).values("count")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


# --- The rule of the efficiency figures, as SQL (the reports build their tables on these) ---------------

#: The kinds of entry: consumption and waste left the stock, offcuts came back to it.
CONSUMED = Q(kind=EntryKind.CONSUMPTION)
RETURNED = Q(kind=EntryKind.OFFCUT)
WASTED = Q(kind=EntryKind.WASTE)
#: An entry's value: its quantity × the weighted average cost it moved at.
ENTRY_VALUE = ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=VALUE)
#: An entry's part in the cost of materials: consumption and waste add, offcuts returned subtract.
SIGNED_VALUE = Case(When(RETURNED, then=-ENTRY_VALUE), default=ENTRY_VALUE, output_field=VALUE)


def completed_orders(
    *, date_from: date | None = None, date_to: date | None = None, responsible: Any = None
) -> QuerySet[ProductionOrder]:
    """The orders the figures count: completed, by the local day of their end, of one person when given."""
    orders = ProductionOrder.objects.filter(finished_between(date_from, date_to), status=ProductionStatus.COMPLETED)
    if responsible is not None:
        orders = orders.filter(responsible=responsible)
    return orders


def completed_entries(
    *, date_from: date | None = None, date_to: date | None = None, responsible: Any = None, category: str = ""
) -> QuerySet[ProductionEntry]:
    """The entries of :func:`completed_orders`, of one material category when given."""
    entries = ProductionEntry.objects.filter(
        finished_between(date_from, date_to, path="order__finished_at"), order__status=ProductionStatus.COMPLETED
    )
    if responsible is not None:
        entries = entries.filter(order__responsible=responsible)
    if category:
        entries = entries.filter(material__category=category)
    return entries


def entry_quantities() -> dict[str, Any]:
    """Aggregates of a group of entries of one material, in its unit: ``used`` (what stayed in the products:
    consumption − offcuts returned) and ``waste`` (declared waste and offcuts too short to keep)."""
    return {
        "used": Sum("quantity", filter=CONSUMED, default=ZERO) - Sum("quantity", filter=RETURNED, default=ZERO),
        "waste": Sum("quantity", filter=WASTED, default=ZERO),
    }


def waste_share(waste: str, used: str) -> Case:
    """Waste % = waste / (used + waste) × 100, of two annotations (``None`` when both are zero)."""
    whole = NullIf(F(used) + F(waste), Value(ZERO, output_field=VALUE))
    return Case(
        When(Q(**{f"{used}__gt": 0}) | Q(**{f"{waste}__gt": 0}), then=F(waste) * HUNDRED / whole),
        default=None,
        output_field=VALUE,
    )


def order_materials_cost(*, category: str = "", waste_only: bool = False) -> Coalesce:
    """The cost of materials of an order (the outer row: ``OuterRef("pk")``), one correlated subquery:
    consumption + waste − offcuts returned, each at its own value; or (``waste_only``) the waste's cost. Of
    one material category when given."""
    entries = ProductionEntry.objects.filter(order=OuterRef("pk"))
    if category:
        entries = entries.filter(material__category=category)
    if waste_only:
        entries = entries.filter(WASTED)
    total = entries.order_by().values("order").annotate(value=Sum(SIGNED_VALUE)).values("value")[:1]
    return Coalesce(Subquery(total, output_field=VALUE), Value(ZERO, output_field=VALUE))


def products_made() -> Coalesce:
    """How many finished products an order (the outer row) yielded: the products pointing at it."""
    return _products_count()


def production_order_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[ProductionOrder]:
    """Orders with what they make, their planned materials and registered lines: a fixed number of queries."""
    queryset = (
        ProductionOrder.objects.select_related(
            "customer_order", "moulding", "glass", "mat", "backing", "responsible", "created_by"
        )
        .defer(*_author_columns_not_shown("responsible"), *_author_columns_not_shown("created_by"))
        .annotate(products_count=_products_count())
        .prefetch_related(
            Prefetch(
                "planned_materials",
                queryset=PlannedMaterial.objects.select_related("material").order_by("position", "id"),
                to_attr="prefetched_planned",
            ),
            Prefetch(
                "entries",
                queryset=ProductionEntry.objects.select_related("material").order_by("kind", "created_at", "id"),
                to_attr="prefetched_entries",
            ),
        )
        .order_by("-created_at", "-number")
    )
    if filters is None:
        return queryset
    filterset = ProductionOrderFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs


def production_order_admin_list() -> QuerySet[ProductionOrder]:
    """The admin's list: what it shows in its columns, nothing more."""
    return ProductionOrder.objects.select_related("customer_order", "responsible").order_by("-created_at", "-number")


def entries_of(order: ProductionOrder) -> list[ProductionEntry]:
    return order.registered_entries


def _percent(part: Decimal, whole: Decimal, *, places: Decimal = Decimal("0.1")) -> Decimal | None:
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(places, rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def order_efficiency(order: ProductionOrder, *, products_count: int | None = None) -> dict[str, Any]:
    """One order's figures: per material used, waste, offcuts returned and waste %; in value the materials'
    cost, the waste's cost and its %, and the material cost per finished product. From its entries
    (prefetched by the list), so no query when they are."""
    materials: dict[Any, dict[str, Any]] = {}
    for entry in entries_of(order):
        row = materials.setdefault(
            entry.material_id,
            {
                "material": entry.material,
                "consumed": ZERO,
                "returned": ZERO,
                "waste": ZERO,
                "used_value": ZERO,
                "waste_value": ZERO,
            },
        )
        if entry.kind == EntryKind.CONSUMPTION:
            row["consumed"] += entry.quantity
            row["used_value"] += entry.value
        elif entry.kind == EntryKind.OFFCUT:
            row["returned"] += entry.quantity
            row["used_value"] -= entry.value
        else:
            row["waste"] += entry.quantity
            row["waste_value"] += entry.value
    lines = []
    for row in sorted(materials.values(), key=lambda r: r["material"].name):
        used = row["consumed"] - row["returned"]
        lines.append(
            {
                "material": row["material"],
                "used": used,
                "returned": row["returned"],
                "waste": row["waste"],
                "waste_percent": _percent(row["waste"], used + row["waste"]),
                "cost": _money(row["used_value"] + row["waste_value"]),
            }
        )
    used_value = sum((row["used_value"] for row in materials.values()), ZERO)
    waste_value = sum((row["waste_value"] for row in materials.values()), ZERO)
    if products_count is None:
        products_count = getattr(order, "products_count", None)
    if products_count is None:
        products_count = products_of(order.pk).count()
    total = used_value + waste_value
    return {
        "materials": lines,
        "material_cost": _money(total),
        "waste_cost": _money(waste_value),
        "waste_percent": _percent(waste_value, total),
        "products": products_count,
        "cost_per_product": _money(total / products_count) if products_count else None,
    }


def _entry_aggregates():
    value, consumed, returned, waste = ENTRY_VALUE, CONSUMED, RETURNED, WASTED
    return {
        "consumed": Sum("quantity", filter=consumed, default=ZERO),
        "returned": Sum("quantity", filter=returned, default=ZERO),
        "waste": Sum("quantity", filter=waste, default=ZERO),
        "consumed_value": Sum(value, filter=consumed, default=ZERO),
        "returned_value": Sum(value, filter=returned, default=ZERO),
        "waste_value": Sum(value, filter=waste, default=ZERO),
        "orders": Count("order", distinct=True),
    }


def _finish(row: dict[str, Any], *, quantities: bool) -> dict[str, Any]:
    used_value = row["consumed_value"] - row["returned_value"]
    total = used_value + row["waste_value"]
    result = {
        "orders": row["orders"],
        "material_cost": _money(total),
        "waste_cost": _money(row["waste_value"]),
        "waste_percent_value": _percent(row["waste_value"], total),
    }
    if quantities:
        used = row["consumed"] - row["returned"]
        result.update(
            used=used,
            returned=row["returned"],
            waste=row["waste"],
            waste_percent=_percent(row["waste"], used + row["waste"]),
        )
    return result


def finished_between(date_from: date | None, date_to: date | None, *, path: str = "finished_at") -> Q:
    """Ended on the business's days ``date_from``–``date_to`` (``None``: no bound), as bounds on the end itself
    (from the first day's midnight to the one after the last, in the business's time zone): the index on
    ``finished_at`` serves them, where comparing its date (``finished_at::date``) would read every order."""
    zone = timezone.get_current_timezone()
    condition = Q()
    if date_from:
        condition &= Q(**{f"{path}__gte": datetime.combine(date_from, time.min, tzinfo=zone)})
    if date_to:
        condition &= Q(**{f"{path}__lt": datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)})
    return condition


def efficiency_by_material(*, date_from: date | None = None, date_to: date | None = None) -> list[dict[str, Any]]:
    """Per material, over the orders completed in the period: used, returned, waste (quantities in its unit),
    waste %, and their values. One aggregate query."""
    rows = (
        completed_entries(date_from=date_from, date_to=date_to)
        .values("material", "material__sku", "material__name", "material__unit")
        .annotate(**_entry_aggregates())
        .order_by("material__name", "material")
    )
    return [
        {
            "material": row["material"],
            "sku": row["material__sku"],
            "name": row["material__name"],
            "unit": row["material__unit"],
            **_finish(row, quantities=True),
        }
        for row in rows
    ]


def efficiency_by_period(*, date_from: date | None = None, date_to: date | None = None) -> list[dict[str, Any]]:
    """Per month of completion: orders, material cost, waste cost and waste % (by value, units differ between
    materials), finished products and material cost per product. Two aggregate queries."""
    rows = (
        completed_entries(date_from=date_from, date_to=date_to)
        .annotate(month=TruncMonth("order__finished_at"))
        .values("month")
        .annotate(**_entry_aggregates())
        .order_by("month")
    )
    orders = completed_orders(date_from=date_from, date_to=date_to)
    made = dict(
        orders.annotate(month=TruncMonth("finished_at"), made=_products_count())
        .values("month")
        .annotate(products=Sum("made"))
        .values_list("month", "products")
    )
    result = []
    for row in rows:
        figures = _finish(row, quantities=False)
        products = made.get(row["month"]) or 0
        figures.update(
            month=row["month"].date() if hasattr(row["month"], "date") else row["month"],
            products=products,
            cost_per_product=_money(figures["material_cost"] / products) if products else None,
        )
        result.append(figures)
    return result


#: The cent: the figures by bucket (``efficiency_by_bucket``) give waste % with two decimals, as the metrics do.
CENT = Decimal("0.01")
_NO_ENTRIES = {"consumed_value": ZERO, "returned_value": ZERO, "waste_value": ZERO, "orders": 0}


def efficiency_by_bucket(*, date_from: date, date_to: date, kind: str) -> dict[date, dict[str, Any]]:
    """The orders completed in ``date_from``–``date_to`` (the business's dates, both included), by bucket of
    their actual end: ``kind`` is PostgreSQL's ``date_trunc`` (``day``, ``week`` — from Monday —, ``month``…).
    Per bucket: ``orders`` completed, finished ``products`` they yielded, ``material_cost`` (used + waste, at
    the cost each movement was valued at), ``used_cost``, ``waste_cost``, ``waste_percent`` (waste / material
    cost, by value; ``None`` without consumption) and ``cost_per_product`` — the rules of
    ``efficiency_by_period``, by any bucket. Buckets without completed orders are absent. Two aggregate
    queries whatever the data: the registered entries, and the orders with their products."""
    entries = (
        completed_entries(date_from=date_from, date_to=date_to)
        .annotate(bucket=Trunc(TruncDate("order__finished_at"), kind, output_field=DateField()))
        .values("bucket")
        .annotate(**_entry_aggregates())
        .order_by()
    )
    values = {row["bucket"]: row for row in entries}
    orders = (
        completed_orders(date_from=date_from, date_to=date_to)
        .annotate(bucket=Trunc(TruncDate("finished_at"), kind, output_field=DateField()), made=_products_count())
        .values("bucket")
        .annotate(completed=Count("id"), products=Sum("made", default=0))
        .order_by()
    )
    result = {}
    for row in orders:
        figures = _finish(values.get(row["bucket"], _NO_ENTRIES), quantities=False)
        result[row["bucket"]] = _bucket_figures(
            row["completed"], row["products"], figures["material_cost"], figures["waste_cost"]
        )
    return result


def _bucket_figures(orders: int, products: int, material_cost: Decimal, waste_cost: Decimal) -> dict[str, Any]:
    return {
        "orders": orders,
        "products": products,
        "material_cost": material_cost,
        "used_cost": material_cost - waste_cost,
        "waste_cost": waste_cost,
        "waste_percent": _percent(waste_cost, material_cost, places=CENT),
        "cost_per_product": _money(material_cost / products) if products else None,
    }


#: A bucket without completed orders.
EMPTY_EFFICIENCY = _bucket_figures(0, 0, ZERO, ZERO)


def efficiency_totals(buckets: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The figures of several buckets of ``efficiency_by_bucket`` together: counts and costs added up, waste %
    and cost per product over the sums."""
    rows = list(buckets)
    return _bucket_figures(
        sum(row["orders"] for row in rows),
        sum(row["products"] for row in rows),
        sum((row["material_cost"] for row in rows), ZERO),
        sum((row["waste_cost"] for row in rows), ZERO),
    )


def production_summary() -> dict[str, int]:
    """How many orders are in each status (one query)."""
    return ProductionOrder.objects.aggregate(
        **{status.value: Count("id", filter=Q(status=status.value)) for status in ProductionStatus}
    )
