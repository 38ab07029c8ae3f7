"""Every read of the inventory: the API, the admin, the exports and (later) the alerts use these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Max, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError
from fotostudio.core.models import natural_order

from .filters import MaterialFilter, MovementFilter
from .models import QUANTITY, Material, MovementKind, StockMovement

_QUANTITY_FIELD = DecimalField(**QUANTITY)
_MONEY_FIELD = DecimalField(max_digits=20, decimal_places=4)


def _filtered(filterset_class, filters, queryset):
    if filters is None:
        return queryset
    filterset = filterset_class(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs


def material_list(*, category: str | None = None, filters: Mapping[str, Any] | None = None) -> QuerySet[Material]:
    queryset = Material.objects.select_related("created_by").order_by(*natural_order(Material, "name", "id"))
    if category is not None:
        queryset = queryset.filter(category=category)
    return _filtered(MaterialFilter, filters, queryset)


def movement_list(*, material=None, filters: Mapping[str, Any] | None = None) -> QuerySet[StockMovement]:
    queryset = StockMovement.objects.select_related("material", "created_by").order_by("-created_at", "-id")
    if material is not None:
        queryset = queryset.filter(material=material)
    return _filtered(MovementFilter, filters, queryset)


def low_stock_condition() -> Q:
    """An active material with a minimum, at or below it: the one definition of «stock bajo»."""
    return Q(is_active=True, minimum_stock__gt=0, quantity_on_hand__lte=F("minimum_stock"))


def low_stock_materials() -> QuerySet[Material]:
    """Active materials at or below their minimum stock, with what to reorder (one query).

    Each row carries ``shortfall`` (what is missing to reach the minimum), ``suggested_quantity``
    (the material's reorder quantity, or the shortfall when it has none), ``estimated_cost``
    (suggested × unit cost) and ``last_purchase_at``. Materials without a minimum (zero) are left out.
    """
    last_purchase = Max("movements__created_at", filter=Q(movements__kind=MovementKind.PURCHASE))
    shortfall = ExpressionWrapper(Greatest(F("minimum_stock") - F("quantity_on_hand"), Value(0)), _QUANTITY_FIELD)
    suggested = Case(
        When(reorder_quantity__gt=0, then=F("reorder_quantity")),
        default=Greatest(F("minimum_stock") - F("quantity_on_hand"), Value(Decimal("0"))),
        output_field=_QUANTITY_FIELD,
    )
    return (
        Material.objects.filter(low_stock_condition())
        .annotate(
            shortfall=shortfall,
            suggested_quantity=suggested,
            last_purchase_at=last_purchase,
        )
        .annotate(estimated_cost=ExpressionWrapper(F("suggested_quantity") * F("unit_cost"), _MONEY_FIELD))
        .order_by("supplier", *natural_order(Material, "name", "id"))
    )


@dataclass(frozen=True)
class SupplierOrder:
    """What to order from one supplier: its materials and their estimated cost."""

    supplier: str
    materials: list[Material]
    estimated_cost: Decimal


def reorder_suggestions() -> list[SupplierOrder]:
    """The low-stock materials grouped by supplier ("" when it has none), for the reorder page."""
    groups: dict[str, list[Material]] = {}
    for material in low_stock_materials():
        groups.setdefault(material.supplier, []).append(material)
    return [
        SupplierOrder(supplier, materials, sum((m.estimated_cost for m in materials), Decimal("0")))
        for supplier, materials in groups.items()
    ]


def ledger_balance(material: Material) -> Decimal:
    """Σ of the material's movements (what ``quantity_on_hand`` must equal)."""
    return material.movements.aggregate(total=Sum("quantity"))["total"] or Decimal("0")


def inventory_totals() -> dict[str, Any]:
    """Figures for the dashboard: materials, value on hand, low and out of stock."""
    active = Material.objects.filter(is_active=True)
    figures = active.aggregate(
        materials=Sum(Value(1)),
        value=Sum(F("quantity_on_hand") * F("average_cost"), output_field=_MONEY_FIELD),
        low=Sum(Case(When(Q(minimum_stock__gt=0, quantity_on_hand__lte=F("minimum_stock")), then=1), default=0)),
        out=Sum(Case(When(quantity_on_hand=0, then=1), default=0)),
    )
    return {key: value or 0 for key, value in figures.items()}


def last_movement_at() -> datetime | None:
    return StockMovement.objects.aggregate(last=Max("created_at"))["last"]
