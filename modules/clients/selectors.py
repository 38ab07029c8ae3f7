"""Every read of clients: the API, the admin, the export, the dashboard and other modules use these."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError
from fotostudio.core.models import natural_order
from fotostudio.core.registry import is_module_enabled
from fotostudio.core.search import word_search

from .filters import ClientFilter
from .models import Client, ClientCount, ClientType


def client_search(queryset: QuerySet[Client], text: str) -> QuerySet[Client]:
    """Every word must appear in the name, document, e-mail, phone or school contact.

    Case and accents do not matter (``jose perez`` finds «José Pérez»); spaces and
    dashes in phone numbers and documents are ignored like in storage.
    """
    return word_search(queryset, "search_text", text)


def client_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Client]:
    """Clients with their author, ordered by name; ``filters`` are :class:`~.filters.ClientFilter` params."""
    queryset = Client.objects.select_related("created_by").order_by(*natural_order(Client, "name", "id"))
    if filters is None:
        return queryset
    filterset = ClientFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs


def school_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Client]:
    return client_list(filters=filters).filter(client_type=ClientType.SCHOOL)


def client_get(*, client_id) -> Client | None:
    return Client.objects.select_related("created_by").filter(pk=client_id).first()


def client_city_choices() -> list[str]:
    """Cities in use, for the admin's city filter (one query)."""
    return list(Client.objects.exclude(city="").order_by("city").values_list("city", flat=True).distinct())


# --- Dashboard ------------------------------------------------------------------------------------


def client_counts() -> dict[str, int]:
    """Clients in total, active ones by type, and the students of active schools, in one query: the counters
    the triggers keep by type and state (``ClientCount``, four rows at most), not the clients table."""
    return ClientCount.objects.aggregate(
        total=Sum("clients", default=0),
        active=Sum("clients", filter=Q(is_active=True), default=0),
        private=Sum("clients", filter=Q(is_active=True, client_type=ClientType.PRIVATE), default=0),
        schools=Sum("clients", filter=Q(is_active=True, client_type=ClientType.SCHOOL), default=0),
        students=Sum("students", filter=Q(is_active=True, client_type=ClientType.SCHOOL), default=0),
    )


def _month_start(day: date, months_back: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months_back
    return date(month_index // 12, month_index % 12 + 1, 1)


def clients_new_by_month(*, months: int = 12) -> list[tuple[date, int, int]]:
    """``(first day of month, private, schools)`` registered per month, oldest first, months with none included."""
    today = timezone.localdate()
    first = _month_start(today, months - 1)
    rows = (
        Client.objects.filter(created_at__date__gte=first)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            private=Count("id", filter=Q(client_type=ClientType.PRIVATE)),
            schools=Count("id", filter=Q(client_type=ClientType.SCHOOL)),
        )
        .order_by("month")
    )
    found = {row["month"].date(): (row["private"], row["schools"]) for row in rows}
    return [
        (month, *found.get(month, (0, 0)))
        for month in (_month_start(today, back) for back in range(months - 1, -1, -1))
    ]


def clients_new_between(*, since: date, until: date) -> dict[str, int]:
    """Clients registered on the business's days ``since``–``until``, by type: one query (the days as a range
    of moments, without a function on the column, so its index serves)."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    return Client.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        private=Count("id", filter=Q(client_type=ClientType.PRIVATE)),
        schools=Count("id", filter=Q(client_type=ClientType.SCHOOL)),
    )


def client_top_cities(*, limit: int = 5) -> list[tuple[str, int]]:
    return list(
        Client.objects.filter(is_active=True)
        .exclude(city="")
        .values("city")
        .annotate(total=Count("id"))
        .order_by("-total", "city")
        .values_list("city", "total")[:limit]
    )


# --- The clients' orders, lent by the orders module -----------------------------------------------------

#: ``(clients, since, until) -> clients``: those with an order (not cancelled) dated within the days (``None``:
#: no bound).
OrderedBetween = Callable[[QuerySet[Client], date | None, date | None], QuerySet[Client]]


@dataclass(frozen=True)
class OrdersLink:
    module: str
    ordered_between: OrderedBetween


_orders_link: list[OrdersLink] = []


def register_orders_link(module: str, ordered_between: OrderedBetween) -> None:
    """The orders module (``module``: its label) lends how to keep the clients that ordered on some days, once,
    from its ``AppConfig.ready()`` (it imports this module, so this one cannot import it). The clients' list
    filter «Fecha de sus pedidos» uses it (the dashboard's «Clientes activos» link to it)."""
    _orders_link[:] = [OrdersLink(module, ordered_between)]


def orders_link(tenant) -> OrdersLink | None:
    """The lent link, when the business has the module that lent it."""
    if not _orders_link or tenant is None or not is_module_enabled(_orders_link[0].module, tenant):
        return None
    return _orders_link[0]
