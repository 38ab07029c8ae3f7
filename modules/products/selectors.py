"""Every read of productos: the API, the admin and the exports use these."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError
from fotostudio.core.models import natural_order

from .filters import ProductFilter
from .models import Product


def product_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Product]:
    queryset = Product.objects.select_related("created_by").order_by(*natural_order(Product, "name", "id"))
    if filters is None:
        return queryset
    filterset = ProductFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs
