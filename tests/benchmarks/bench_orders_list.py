"""How does the orders list compare with a bare DRF list? Prints both answer times and the ratio.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_orders_list.py [--orders 100000] [--runs 15]

On a tenant with ``--orders`` orders (two lines and one payment each; written once with SQL,
kept for the next runs) it times, through the same server stack in the same run (Django's
test client: tenant resolution, JWT authentication, permissions, pagination):

- ``GET /api/v1/orders/?page_size=100``: the real list (client, service, lines and payments nested);
- ``GET /bench/bare-orders/?page_size=100``: a bare DRF ``ListAPIView`` over the same table, same order,
  with the server's default authentication, permissions and pagination, and a flat ``ModelSerializer`` of
  three columns.

The goal is the real list at most 3× the bare one.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_orders")
logging.disable(logging.WARNING)

from django.db import connection  # noqa: E402
from django.urls import path  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from rest_framework import generics, serializers  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from fotostudio.urls import urlconf_for_tenant  # noqa: E402
from fotostudio.users.models import User  # noqa: E402
from fotostudio.users.services import user_create  # noqa: E402
from fotostudio.users.tokens import tokens_for_user  # noqa: E402
from modules.clients.models import Client  # noqa: E402
from modules.clients.tests.factories import ClientFactory  # noqa: E402
from modules.orders.models import Order, ServiceType  # noqa: E402

CLIENTS = 500


class BareOrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "number", "total"]


class BareOrderList(generics.ListAPIView):
    """The baseline: what DRF costs for a page of this table on this server (its default authentication,
    permissions and pagination: JWT, the roles' ``view_order``, ``{count, next, previous, results}``)."""

    queryset = Order.objects.order_by("-order_date", "-number")
    serializer_class = BareOrderSerializer
    filter_backends = []


def ensure_data(tenant, count: int) -> User:
    with schema_context(tenant.schema_name):
        missing_clients = CLIENTS - Client.objects.count()
        if missing_clients > 0:
            ClientFactory.create_batch(missing_clients)
            with connection.cursor() as cursor:
                # The planner's statistics, as autovacuum would have them (without them it weighs many more plans).
                cursor.execute("ANALYZE clients_client")
        have = Order.objects.count()
        if have < count:
            service = ServiceType.objects.get(code="impresion")
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")  # no audit triggers for bulk test data
                cursor.execute(
                    """
                    WITH clients AS (SELECT array_agg(id ORDER BY id) AS ids FROM clients_client)
                    INSERT INTO orders_order (id, created_at, updated_at, number, client_id, service_type_id,
                        order_date, priority, status, notes, subtotal, discount_total, tax_total, total,
                        paid_total, balance, status_reason, delivered_with_balance)
                    SELECT gen_random_uuid(), now(), now(), 'BENCH-' || lpad(g::text, 7, '0'),
                        clients.ids[1 + g %% array_length(clients.ids, 1)], %s, current_date - (g %% 365),
                        'normal', 'PENDIENTE', '', 20, 0, 3, 23, 10, 13, '', false
                    FROM generate_series(%s, %s) g, clients
                    """,
                    [service.pk, have + 1, count],
                )
                for position in (1, 2):
                    cursor.execute(
                        """
                        INSERT INTO orders_orderline (id, created_at, updated_at, order_id, position, description,
                            quantity, unit_price, discount_percent, tax_rate, moulding, glass, mat, subtotal,
                            discount_amount, tax_amount, total)
                        SELECT gen_random_uuid(), now(), now(), o.id, %s, 'Impresión 20×30', 1, 10, 0, 15,
                            '', '', '', 10, 0, 1.5, 11.5
                        FROM orders_order o
                        WHERE NOT EXISTS (SELECT 1 FROM orders_orderline l WHERE l.order_id = o.id AND l.position = %s)
                        """,
                        [position, position],
                    )
                cursor.execute(
                    """
                    INSERT INTO orders_payment
                        (id, created_at, updated_at, order_id, amount, method, paid_on, reference)
                    SELECT gen_random_uuid(), now(), now(), o.id, 10, 'efectivo', o.order_date, ''
                    FROM orders_order o WHERE NOT EXISTS (SELECT 1 FROM orders_payment p WHERE p.order_id = o.id)
                    """
                )
                cursor.execute("SET session_replication_role = DEFAULT")
                cursor.execute("ANALYZE orders_order; ANALYZE orders_orderline; ANALYZE orders_payment")
            print(f"wrote {count - have:,} orders in {time.perf_counter() - started:.1f} s")
        user = User.objects.filter(username="bench").first() or user_create(
            username="bench", email="bench@bench.invalid", password="Bench-Password-2026!", roles=["Administrador"]
        )
    return user


def timed_side_by_side(calls, runs: int) -> list[tuple[float, int]]:
    """Each call's median time and last status; the calls alternate, so a busy moment hits both alike."""
    for call in calls:
        call()  # warm-up (caches, connections)
    times: list[list[float]] = [[] for _ in calls]
    statuses = [0] * len(calls)
    for _ in range(runs):
        for index, call in enumerate(calls):
            started = time.perf_counter()
            statuses[index] = call().status_code
            times[index].append(time.perf_counter() - started)
    return [(statistics.median(spent), status) for spent, status in zip(times, statuses, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    tenant = bench_tenant()
    user = ensure_data(tenant, options.orders)
    # The bare endpoint is mounted on this tenant's own URL configuration: the same server stack.
    urlconf_for_tenant(tenant).urlpatterns.insert(0, path("bench/bare-orders/", BareOrderList.as_view()))
    with schema_context(tenant.schema_name):
        token = tokens_for_user(user)["access"]
        total = Order.objects.count()
    api = APIClient(HTTP_HOST=tenant.primary_domain)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    (real_time, real_status), (bare_time, bare_status) = timed_side_by_side(
        [
            lambda: api.get("/api/v1/orders/", {"page_size": 100}),
            lambda: api.get("/bench/bare-orders/", {"page_size": 100}),
        ],
        options.runs,
    )
    print(f"{total:,} orders; a page of 100; median of {options.runs} runs")
    print(f"orders API (client, lines, payments)  {real_status} in {real_time * 1000:7.1f} ms")
    print(f"bare DRF list (3 columns)             {bare_status} in {bare_time * 1000:7.1f} ms")
    print(f"ratio {real_time / bare_time:.2f}× (goal ≤ 3×)")


if __name__ == "__main__":
    main()
