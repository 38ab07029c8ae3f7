"""The maintained summaries (``OrderDaySummary``, ``OrderDeliverySummary``) stay equal to the orders' own aggregate
after every kind of write: creation, changes of data and lines, payments, status steps, cancellation, deletion,
writes that bypass the services, a rolled-back transaction, and orders created at the same moment."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django_tenants.utils import schema_context

from conftest import first_admin
from fotostudio.configuration.models import NumberSequence
from fotostudio.users.tokens import tokens_for_user
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory, valid_cedula
from modules.orders.buyers import order_buyer_day_rebuild
from modules.orders.models import (
    ClientFirstOrder,
    Order,
    OrderBuyerDay,
    OrderDaySummary,
    OrderDeliverySummary,
    OrderStatus,
    ServiceType,
)
from modules.orders.selectors import (
    active_clients_between,
    average_delivery_days,
    buyers_by_bucket,
    deliveries_by_bucket,
    sales_by_bucket,
)
from modules.orders.services import (
    order_create,
    order_delete,
    order_lines_set,
    order_transition,
    order_update,
    payment_register,
)
from modules.orders.summary import order_summary_rebuild

ZERO = Decimal("0")
QUARTER = 15 * 60


def day_rows_from_orders() -> set[tuple]:
    rows = (
        Order.objects.values("order_date", "service_type_id", "status")
        .annotate(
            n=Count("id"),
            owing=Count("id", filter=Q(balance__gt=0)),
            sum_total=Sum("total"),
            sum_paid=Sum("paid_total"),
            sum_balance=Sum("balance"),
        )
        .order_by()
    )
    return {
        (
            r["order_date"],
            r["service_type_id"],
            r["status"],
            r["n"],
            r["sum_total"],
            r["sum_paid"],
            r["sum_balance"],
            r["owing"],
        )
        for r in rows
    }


def day_rows_from_summary() -> set[tuple]:
    return set(
        OrderDaySummary.objects.values_list(
            "day", "service_type_id", "status", "orders", "total", "paid", "balance", "with_balance"
        )
    )


def delivery_rows_from_orders() -> set[tuple]:
    found: dict[tuple, list[int]] = {}
    for delivered_at, promised, ordered in Order.objects.filter(
        status=OrderStatus.DELIVERED, delivered_at__isnull=False
    ).values_list("delivered_at", "promised_date", "order_date"):
        seconds = int(delivered_at.timestamp())
        slot = datetime.fromtimestamp(seconds - seconds % QUARTER, tz=timezone.get_fixed_timezone(0))
        entry = found.setdefault((slot, promised), [0, 0])
        entry[0] += 1
        entry[1] += (ordered - date(2000, 1, 1)).days
    return {(slot, promised, n, days) for (slot, promised), (n, days) in found.items()}


def delivery_rows_from_summary() -> set[tuple]:
    return set(OrderDeliverySummary.objects.values_list("slot", "promised_date", "orders", "order_days"))


def first_orders_from_orders() -> set[tuple]:
    rows = Order.objects.exclude(status=OrderStatus.CANCELLED).values("client_id").annotate(first=Min("order_date"))
    return {(row["client_id"], row["first"]) for row in rows.order_by()}


def first_orders_from_summary() -> set[tuple]:
    return set(ClientFirstOrder.objects.values_list("client_id", "first_day"))


def buyer_days_from_orders() -> dict[date, tuple[int, ...]]:
    """``OrderBuyerDay``'s figures computed here from the orders: each client's order days (not cancelled),
    and for each day how many clients order, how many start a week, month, quarter or year, how many end."""
    days_of: dict = {}
    for client, day in Order.objects.exclude(status=OrderStatus.CANCELLED).values_list("client_id", "order_date"):
        days_of.setdefault(client, set()).add(day)
    keys = (
        lambda day: day,
        lambda day: day - timedelta(days=day.weekday()),
        lambda day: (day.year, day.month),
        lambda day: (day.year, (day.month - 1) // 3),
        lambda day: day.year,
    )
    figures: dict[date, list[int]] = {}
    for days in days_of.values():
        ordered = sorted(days)
        for index, day in enumerate(ordered):
            previous = ordered[index - 1] if index else None
            row = figures.setdefault(day, [0] * 6)
            for position, key in enumerate(keys):
                row[position] += previous is None or key(previous) != key(day)
            row[5] += index == len(ordered) - 1
    return {day: tuple(row) for day, row in figures.items()}


def buyer_days_from_summary() -> dict[date, tuple[int, ...]]:
    columns = ("clients", "first_of_week", "first_of_month", "first_of_quarter", "first_of_year", "last_ever")
    return {
        row[0]: row[1:]
        for row in OrderBuyerDay.objects.values_list("day", *columns)
        if any(row[1:])  # days back at zero stay
    }


def assert_summaries_match() -> None:
    assert day_rows_from_summary() == day_rows_from_orders()
    assert buyer_days_from_summary() == buyer_days_from_orders()
    assert delivery_rows_from_summary() == delivery_rows_from_orders()
    assert first_orders_from_summary() == first_orders_from_orders()
    assert not OrderDaySummary.objects.filter(orders=0).exists()
    assert not OrderDeliverySummary.objects.filter(orders=0).exists()


def _service(code: str = "impresion") -> ServiceType:
    return ServiceType.objects.get(code=code)


def _order(client, *, day: date | None = None, price: str = "10.00", deposit: str | None = None, **data) -> Order:
    return order_create(
        data={"client": client, "service_type": _service(), "order_date": day or timezone.localdate(), **data},
        lines=[{"description": "Copia", "unit_price": price, "tax_rate": "15"}],
        payments=[{"amount": deposit, "method": "efectivo"}] if deposit else (),
    )


@pytest.fixture
def business(tenant_a, db):
    with schema_context(tenant_a.schema_name):
        yield tenant_a


def test_creation_changes_payments_steps_and_deletion_keep_the_summaries_equal_to_the_orders(business):
    client = ClientFactory()
    today = timezone.localdate()
    first = _order(client, day=today - timedelta(days=3), price="20.00", deposit="5.00")
    second = _order(client, day=today - timedelta(days=3), price="8.00", promised_date=today + timedelta(days=2))
    third = _order(client, day=today - timedelta(days=40), price="13.37")
    assert_summaries_match()

    order_lines_set(order=second, lines=[{"description": "Marco", "unit_price": "31.10", "tax_rate": "15"}])
    assert_summaries_match()
    order_update(order=third, data={"order_date": today - timedelta(days=1), "service_type": _service("enmarcado")})
    assert_summaries_match()
    order_update(order=first, data={"notes": "Solo las notas: ninguna cifra cambia."})
    assert_summaries_match()

    payment_register(order=first, data={"amount": "3.00", "method": "tarjeta"})
    assert_summaries_match()
    for status in (OrderStatus.IN_PROGRESS, OrderStatus.READY):
        order_transition(order=first, status=status)
        assert_summaries_match()
    payment_register(order=first, data={"amount": str(first.balance), "method": "efectivo"})
    order_transition(order=first, status=OrderStatus.DELIVERED)
    assert_summaries_match()
    assert OrderDeliverySummary.objects.get().orders == 1

    payment_register(order=second, data={"amount": "1.00", "method": "efectivo"})
    order_transition(order=second, status=OrderStatus.CANCELLED, reason="El cliente desistió")
    assert_summaries_match()
    assert OrderDaySummary.objects.get(status=OrderStatus.CANCELLED).balance == ZERO

    order_delete(order=third)
    assert_summaries_match()
    assert not OrderDaySummary.objects.filter(service_type=_service("enmarcado")).exists()


def test_writes_that_bypass_the_services_and_rolled_back_ones_keep_them_equal(business):
    client = ClientFactory()
    today = timezone.localdate()
    orders = [_order(client, day=today - timedelta(days=index % 3), price=f"{10 + index}.00") for index in range(6)]
    # One statement over several orders (a bulk update, as a script or the admin's queryset would do).
    Order.objects.filter(pk__in=[order.pk for order in orders[:4]]).update(
        status=OrderStatus.DELIVERED, delivered_at=timezone.now() - timedelta(hours=2), promised_date=today
    )
    assert_summaries_match()
    Order.objects.filter(pk__in=[order.pk for order in orders[:2]]).update(order_date=today - timedelta(days=9))
    assert_summaries_match()
    with pytest.raises(RuntimeError), transaction.atomic():
        _order(client, day=today, price="99.00")
        raise RuntimeError("rolled back")
    assert_summaries_match()
    Order.objects.filter(pk__in=[order.pk for order in orders]).delete()
    assert_summaries_match()


def test_the_rebuild_gives_what_the_triggers_keep(business):
    client = ClientFactory()
    _order(client, price="12.00", deposit="2.00")
    kept = day_rows_from_summary(), delivery_rows_from_summary()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM orders_orderdaysummary")
    order_summary_rebuild()
    assert (day_rows_from_summary(), delivery_rows_from_summary()) == kept
    buyers = buyer_days_from_summary()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orders_orderbuyerday SET clients = clients + 7")
    order_buyer_day_rebuild()
    assert buyer_days_from_summary() == buyers
    assert_summaries_match()


def test_the_delivery_figures_read_the_business_days_of_the_summary(business):
    client = ClientFactory()
    zone = timezone.get_current_timezone()
    on_time = _order(client, day=date(2026, 3, 2), promised_date=date(2026, 3, 6))
    late = _order(client, day=date(2026, 3, 2), promised_date=date(2026, 3, 4))
    without_promise = _order(client, day=date(2026, 3, 3))
    # 23:50 of the business's 6 March (already the 7th in UTC) is the 6th: on time, 4 days.
    Order.objects.filter(pk=on_time.pk).update(
        status=OrderStatus.DELIVERED, delivered_at=datetime(2026, 3, 6, 23, 50, tzinfo=zone)
    )
    Order.objects.filter(pk=late.pk).update(
        status=OrderStatus.DELIVERED, delivered_at=datetime(2026, 3, 7, 0, 10, tzinfo=zone)
    )
    Order.objects.filter(pk=without_promise.pk).update(
        status=OrderStatus.DELIVERED, delivered_at=datetime(2026, 3, 9, 9, 0, tzinfo=zone)
    )
    assert_summaries_match()
    assert average_delivery_days(since=date(2026, 3, 6), until=date(2026, 3, 6)) == 4.0
    assert average_delivery_days(since=date(2026, 3, 1), until=date(2026, 3, 31)) == round((4 + 5 + 6) / 3, 1)
    assert average_delivery_days(since=date(2026, 3, 10), until=date(2026, 3, 31)) is None
    rows = {
        row["bucket"]: (row["delivered"], row["on_time"])
        for row in deliveries_by_bucket(date(2026, 3, 1), date(2026, 3, 31), "day")
    }
    assert rows == {date(2026, 3, 6): (1, 1), date(2026, 3, 7): (1, 0), date(2026, 3, 9): (1, 1)}
    sales = sales_by_bucket(date(2026, 3, 1), date(2026, 3, 31), "month")
    assert sales == [{"bucket": date(2026, 3, 1), "revenue": Decimal("34.50"), "orders": 3, "cancelled": 0}]


def test_first_orders_follow_cancellations_dates_clients_and_deletions(business):
    ana, luis = ClientFactory(), ClientFactory()
    first = _order(ana, day=date(2026, 2, 10))
    second = _order(ana, day=date(2026, 3, 5))
    assert_summaries_match()
    assert ClientFirstOrder.objects.get(client=ana).first_day == date(2026, 2, 10)
    order_transition(order=first, status=OrderStatus.CANCELLED, reason="Desistió")
    assert ClientFirstOrder.objects.get(client=ana).first_day == date(2026, 3, 5)
    order_update(order=second, data={"order_date": date(2026, 1, 20)})
    assert ClientFirstOrder.objects.get(client=ana).first_day == date(2026, 1, 20)
    order_update(order=second, data={"client": luis})
    assert_summaries_match()
    assert not ClientFirstOrder.objects.filter(client=ana).exists()
    assert ClientFirstOrder.objects.get(client=luis).first_day == date(2026, 1, 20)
    order_delete(order=second)
    assert_summaries_match()
    assert not ClientFirstOrder.objects.exists()


def _buyers_by_reference(since: date, until: date, kind: str) -> dict[date, tuple[int, int]]:
    """What the figures meant before the summary: each order's client's first order, read per order."""
    from modules.metrics.selectors import bucket_start

    sold = list(Order.objects.exclude(status=OrderStatus.CANCELLED).values_list("client_id", "order_date"))
    first: dict = {}
    for client, day in sold:
        first[client] = min(day, first.get(client, day))
    buckets: dict[date, tuple[set, set]] = {}
    for client, day in sold:
        if since <= day <= until:
            start = bucket_start(day, kind)
            buying, returning = buckets.setdefault(start, (set(), set()))
            buying.add(client)
            if first[client] < start:
                returning.add(client)
    return {start: (len(buying), len(returning)) for start, (buying, returning) in buckets.items()}


def test_buyers_and_returning_clients_equal_the_per_order_reading(business):
    clients = [ClientFactory() for _ in range(5)]
    days = [
        date(2026, 1, 3),
        date(2026, 1, 20),
        date(2026, 2, 2),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 3, 9),
        date(2026, 3, 30),
        date(2026, 4, 2),
        date(2026, 4, 15),
    ]
    orders = []
    for index, day in enumerate(days):
        orders.append(_order(clients[(index * 3) % 5], day=day))
        orders.append(_order(clients[(index + 1) % 5], day=day + timedelta(days=index % 4)))
    order_transition(order=orders[4], status=OrderStatus.CANCELLED, reason="Desistió")
    assert_summaries_match()
    for since, until in [
        (date(2026, 1, 1), date(2026, 4, 30)),
        (date(2026, 2, 10), date(2026, 3, 31)),  # the first month and week start before the period
        (date(2026, 2, 15), date(2026, 2, 20)),
        (date(2026, 3, 3), date(2026, 4, 10)),
    ]:
        for kind in ("day", "week", "month", "quarter", "year"):
            rows = {row["bucket"]: (row["buying"], row["returning"]) for row in buyers_by_bucket(since, until, kind)}
            assert rows == _buyers_by_reference(since, until, kind), (since, until, kind)
        whole = _buyers_by_reference(since, until, "year")
        figures = active_clients_between(since=since, until=until)
        # over the whole period: new = first order in it, returning = ordered before it
        sold = Order.objects.exclude(status=OrderStatus.CANCELLED)
        buyers = set(sold.filter(order_date__gte=since, order_date__lte=until).values_list("client_id", flat=True))
        before = set(sold.filter(order_date__lt=since).values_list("client_id", flat=True))
        assert figures == {"new": len(buyers - before), "returning": len(buyers & before)}
        assert sum(buying for buying, _ in whole.values()) >= len(buyers)


def test_orders_created_at_the_same_moment_are_all_counted(concurrently, tenant_a):
    """Twelve orders of the same day, service and status created at once (the same summary row): all counted,
    and the summary equals the orders once they are committed."""
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
    client = concurrently.once(lambda: ClientFactory(document=valid_cedula(778_101)), tenant=tenant_a)
    concurrently.cleanup(tenant_a, lambda: NumberSequence.objects.filter(kind="pedido").delete())
    concurrently.cleanup(tenant_a, lambda: Client.objects.filter(pk=client.pk).delete())
    concurrently.cleanup(tenant_a, lambda: Order.objects.filter(client=client).delete())
    before = concurrently.once(lambda: day_rows_from_summary(), tenant=tenant_a)

    def create(index: int):
        from rest_framework.test import APIClient

        from conftest import host_of

        api = APIClient(HTTP_HOST=host_of(tenant_a))
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        body = {
            "cliente": str(client.pk),
            "servicio": "impresion",
            "lineas": [{"descripcion": f"Copia {index}", "cantidad": "1", "precio_unitario": "1.00"}],
            "pagos": [{"monto": "0.50", "forma_pago": "efectivo"}],
        }
        return api.post("/api/v1/orders/", body, format="json")

    responses = concurrently.run(12, create, tenant=tenant_a)
    assert [getattr(response, "status_code", repr(response)) for response in responses] == [201] * 12

    def check():
        assert day_rows_from_summary() == day_rows_from_orders()
        assert buyer_days_from_summary() == buyer_days_from_orders()
        today = timezone.localdate()
        row = OrderDaySummary.objects.get(day=today, service_type__code="impresion", status=OrderStatus.PENDING)
        mine = Order.objects.filter(client=client).aggregate(n=Count("id"), total=Sum("total"))
        earlier = [entry for entry in before if entry[:3] == (today, row.service_type_id, OrderStatus.PENDING)]
        assert row.orders - (earlier[0][3] if earlier else 0) == mine["n"] == 12
        return True

    assert concurrently.once(check, tenant=tenant_a)


def test_orders_of_one_client_on_different_days_created_at_once_keep_its_buyer_days(concurrently, tenant_a):
    """Twelve orders of the same client on twelve days of the last weeks created at once: each writer counts
    the client's order days after the others' (no first day of a week or month counted twice, none lost)."""
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
    client = concurrently.once(lambda: ClientFactory(document=valid_cedula(778_202)), tenant=tenant_a)
    concurrently.cleanup(tenant_a, lambda: NumberSequence.objects.filter(kind="pedido").delete())
    concurrently.cleanup(tenant_a, lambda: Client.objects.filter(pk=client.pk).delete())
    concurrently.cleanup(tenant_a, lambda: Order.objects.filter(client=client).delete())
    today = timezone.localdate()

    def create(index: int):
        from rest_framework.test import APIClient

        from conftest import host_of

        api = APIClient(HTTP_HOST=host_of(tenant_a))
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        body = {
            "cliente": str(client.pk),
            "servicio": "impresion",
            "fecha": (today - timedelta(days=3 * index)).isoformat(),
            "lineas": [{"descripcion": f"Copia {index}", "cantidad": "1", "precio_unitario": "1.00"}],
        }
        return api.post("/api/v1/orders/", body, format="json")

    responses = concurrently.run(12, create, tenant=tenant_a)
    assert [getattr(response, "status_code", repr(response)) for response in responses] == [201] * 12

    def check():
        assert Order.objects.filter(client=client).count() == 12
        assert buyer_days_from_summary() == buyer_days_from_orders()
        return True

    assert concurrently.once(check, tenant=tenant_a)
    # Six of them cancelled and the other six deleted at once, each transaction held open a moment after its
    # write so that they all overlap: each must count the client's days after the others' commit.
    ids = concurrently.once(
        lambda: list(Order.objects.filter(client=client).order_by("order_date").values_list("pk", flat=True)),
        tenant=tenant_a,
    )

    def cancel(index: int):
        with transaction.atomic():
            Order.objects.filter(pk=ids[index * 2]).update(status=OrderStatus.CANCELLED)
            time.sleep(0.2)

    def delete(index: int):
        with transaction.atomic():
            Order.objects.filter(pk=ids[index * 2 + 1]).delete()
            time.sleep(0.2)

    for work in (cancel, delete):
        results = concurrently.run(6, work, tenant=tenant_a)
        assert all(not isinstance(result, Exception) for result in results), results
        assert concurrently.once(lambda: buyer_days_from_summary() == buyer_days_from_orders(), tenant=tenant_a)
