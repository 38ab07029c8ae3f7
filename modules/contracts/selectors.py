"""Every read of school contracts: the API, the admin, the dashboard and the exports use these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.configuration import catalogue
from fotostudio.configuration.selectors import money_round, setting_value
from fotostudio.core.errors import ApplicationError
from fotostudio.core.models import natural_order
from modules.orders.models import OrderStatus

from .filters import ContractFilter
from .models import Contract, ContractOrder, ContractPackage, ContractStatus, RosterStudent
from .services import ContractErrorCode

#: ``GET /api/contracts/expiring/?days=``: the default and the limits.
EXPIRING_DEFAULT_DAYS = 30
EXPIRING_MAX_DAYS = 365


def with_current_status(queryset: QuerySet[Contract], *, today: date | None = None) -> QuerySet[Contract]:
    """``current_status``: the stored status, except a ``VIGENTE`` contract past its end date is ``VENCIDO``.

    Computed in SQL from the business's today, so filters and counts use it too.
    """
    today = today or timezone.localdate()
    return queryset.annotate(
        current_status=Case(
            When(status=ContractStatus.ACTIVE, end_date__lt=today, then=Value(ContractStatus.EXPIRED.value)),
            default="status",
            output_field=CharField(),
        )
    )


def _orders_subquery(aggregate, output_field=None, **filters):
    """One aggregate over the contract's orders, as a correlated subquery (no row multiplication)."""
    rows = (
        ContractOrder.objects.filter(contract=OuterRef("pk"), **filters)
        .order_by()
        .values("contract")
        .annotate(value=aggregate)
        .values("value")
    )
    output_field = output_field or IntegerField()
    return Coalesce(Subquery(rows, output_field=output_field), Value(0), output_field=output_field)


def commission_owed(contract: Contract) -> Decimal:
    """What the studio owes the school: its commission on the contract's delivered and paid orders.

    The base is each order's amount before IVA (subtotal less discount) of the orders delivered with
    no balance left; the rate is the contract's, rounded as the business rounds money. Needs the
    ``commission_base`` of :func:`contract_list` (computed in the list's query).
    """
    base = getattr(contract, "commission_base", None)
    if base is None:
        base = (
            ContractOrder.objects.filter(
                contract=contract, order__status=OrderStatus.DELIVERED, order__balance=0
            ).aggregate(base=Sum(F("order__subtotal") - F("order__discount_total")))["base"]
            or 0
        )
    return money_round(Decimal(base) * contract.commission_rate / Decimal(100))


def contract_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Contract]:
    """Contracts with school, author, price list and roster size, newest first: three queries a page."""
    queryset = with_current_status(
        Contract.objects.select_related("school", "created_by")
        .prefetch_related(
            Prefetch(
                "packages", queryset=ContractPackage.objects.order_by(*natural_order(ContractPackage, "name", "id"))
            )
        )
        .annotate(
            roster_count=Count("roster", distinct=True),
            orders_count=_orders_subquery(Count("id")),
            commission_base=_orders_subquery(
                Sum(F("order__subtotal") - F("order__discount_total")),
                output_field=DecimalField(max_digits=16, decimal_places=2),
                order__status=OrderStatus.DELIVERED,
                order__balance=0,
            ),
        )
        .order_by("-start_date", "-number", "id")
    )
    if filters is None:
        return queryset
    filterset = ContractFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        raise ApplicationError(_("Filtros no válidos."), errors=errors)
    return filterset.qs


def contract_get(*, contract_id) -> Contract | None:
    return contract_list().filter(pk=contract_id).first()


def expiring_days(raw: Any) -> int:
    """``?days=``: a whole number from 1 to 365 (30 when absent); anything else is a 400."""
    if raw in (None, ""):
        return EXPIRING_DEFAULT_DAYS
    try:
        days = int(str(raw).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= EXPIRING_MAX_DAYS or str(raw).strip() != str(days):
        message = _("Indique un número entero de días entre 1 y %(max)d.") % {"max": EXPIRING_MAX_DAYS}
        raise ApplicationError(message, code=ContractErrorCode.EXPIRING_DAYS_INVALID, errors={"days": [message]})
    return days


def contracts_expiring(*, days: int, today: date | None = None) -> QuerySet[Contract]:
    """Contracts in force whose end date falls between today and ``days`` from now, soonest first."""
    today = today or timezone.localdate()
    return (
        contract_list()
        .filter(status=ContractStatus.ACTIVE, end_date__gte=today, end_date__lte=today + timedelta(days=days))
        .order_by("end_date", "number", "id")
    )


def contract_alert_days() -> int:
    """How many days before its end a contract counts as "por vencer" for alerts and the dashboard."""
    return setting_value(catalogue.CONTRACT_EXPIRY_DAYS)


def roster_of(*, contract: Contract) -> QuerySet[RosterStudent]:
    return RosterStudent.objects.filter(contract=contract).order_by("grade", "section", "student_name", "id")


# --- Dashboard ------------------------------------------------------------------------------------


def contract_dashboard_figures(*, days: int, today: date | None = None) -> dict[str, Any]:
    """Counts by current status and the contracts expiring within ``days`` (soonest first), in one query."""
    today = today or timezone.localdate()
    expiring = Q(status=ContractStatus.ACTIVE, end_date__gte=today, end_date__lte=today + timedelta(days=days))
    figures = Contract.objects.aggregate(
        active=Count("id", filter=Q(status=ContractStatus.ACTIVE, end_date__gte=today)),
        expired=Count("id", filter=Q(status=ContractStatus.ACTIVE, end_date__lt=today)),
        draft=Count("id", filter=Q(status=ContractStatus.DRAFT)),
        expiring_count=Count("id", filter=expiring),
        expiring=JSONBAgg(
            JSONObject(id="id", number="number", title="title", school="school__name", end_date="end_date"),
            filter=expiring,
            order_by=("end_date", "number"),
            default=Value([], output_field=JSONField()),
        ),
    )
    for row in figures["expiring"]:
        row["end_date"] = date.fromisoformat(row["end_date"])
        row["days_left"] = (row["end_date"] - today).days
    return figures


# --- An order's contract, for the orders module (``modules.orders.contract_hook``) ------------------------


def order_contract_annotations(queryset: QuerySet) -> QuerySet:
    """Orders with ``contract_ref``, ``contract_number`` and ``contract_school`` (outer joins, same query)."""
    return queryset.annotate(
        contract_ref=F("contract_link__contract_id"),
        contract_number=F("contract_link__contract__number"),
        contract_school=F("contract_link__contract__school__name"),
    )


def orders_of_contract(queryset: QuerySet, contract_id) -> QuerySet:
    return queryset.filter(contract_link__contract_id=contract_id)


def order_contract_id(order) -> Any:
    """The id of the order's contract, or ``None``."""
    return ContractOrder.objects.filter(order=order).values_list("contract_id", flat=True).first()


def order_contract_choices(current_id=None, *, every: bool = False) -> list[tuple[Any, str]]:
    """The contracts an order may be linked to (in force or drafts), plus the one it has: ``(id, label)``.

    ``every``: all the contracts (the admin's list filter)."""
    today = timezone.localdate()
    assignable = Q(status=ContractStatus.DRAFT) | Q(status=ContractStatus.ACTIVE, end_date__gte=today)
    if current_id is not None:
        assignable |= Q(pk=current_id)
    if every:
        assignable = Q()
    rows = Contract.objects.filter(assignable).select_related("school").order_by("-start_date", "-number")
    return [(contract.pk, f"{contract.number} · {contract.school.name} · {contract.title}") for contract in rows]
