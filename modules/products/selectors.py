"""Every read of finished products: the API, the admin, the labels and the dashboard use these."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError

from .filters import ProductFilter
from .models import Product, ProductLocation, ProductStatus


class ProductQueryErrorCode(StrEnum):
    INVALID_STATUS = "product_status_invalid"
    INVALID_LOCATION = "product_location_invalid"


def product_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Product]:
    queryset = Product.objects.select_related("created_by", "sold_to", "sold_by", "link_type").order_by(
        "-created_at", "id"
    )
    if filters is None:
        return queryset
    filterset = ProductFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs


def product_status_check(value: str) -> str:
    """``value`` if it is a status; else a 400 listing the valid ones."""
    if value not in ProductStatus.values:
        raise ApplicationError(
            _("«%(value)s» no es un estado válido. Use: %(allowed)s.")
            % {"value": value[:40], "allowed": ", ".join(ProductStatus.values)},
            code=ProductQueryErrorCode.INVALID_STATUS,
            extra={"valores_validos": list(ProductStatus.values)},
        )
    return value


def product_location_check(value: str) -> str:
    """``value`` if it is a location; else a 400 listing the valid ones."""
    if value not in ProductLocation.values:
        raise ApplicationError(
            _("«%(value)s» no es una ubicación válida. Use: %(allowed)s.")
            % {"value": value[:40], "allowed": ", ".join(ProductLocation.values)},
            code=ProductQueryErrorCode.INVALID_LOCATION,
            extra={"valores_validos": list(ProductLocation.values)},
        )
    return value


def products_by_status(status: str) -> QuerySet[Product]:
    return product_list().filter(status=product_status_check(status))


def products_by_location(location: str) -> QuerySet[Product]:
    return product_list().filter(location=product_location_check(location))


def product_stock_summary() -> dict[str, Any]:
    """Counts by status, the stock available (value at sale price and at cost, how many in the showcase) and
    this month's sales, in one query: ``{"by_status": {status: n}, "available_value", "available_cost",
    "available_showcase", "sold_month", "revenue_month"}``."""
    from django.utils import timezone

    money = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(Decimal("0.00"), output_field=money)
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    available = Q(status=ProductStatus.AVAILABLE)
    sold_this_month = Q(sold_at__gte=month_start)
    aggregates = {f"status_{status}": Count("id", filter=Q(status=status)) for status in ProductStatus.values}
    row = Product.objects.aggregate(
        **aggregates,
        available_value=Coalesce(Sum("sale_price", filter=available), zero, output_field=money),
        available_cost=Coalesce(Sum("cost", filter=available), zero, output_field=money),
        available_showcase=Count("id", filter=available & Q(location=ProductLocation.SHOWCASE)),
        sold_month=Count("id", filter=sold_this_month),
        revenue_month=Coalesce(Sum("sold_price", filter=sold_this_month), zero, output_field=money),
    )
    return {
        "by_status": {status: row[f"status_{status}"] for status in ProductStatus.values},
        "available_value": row["available_value"],
        "available_cost": row["available_cost"],
        "available_showcase": row["available_showcase"],
        "sold_month": row["sold_month"],
        "revenue_month": row["revenue_month"],
    }
