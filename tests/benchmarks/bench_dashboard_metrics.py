"""Do the dashboard's and the metrics' figures keep their time with 100× the orders? Prints a table.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_dashboard_metrics.py [--small 10000] [--large 1000000] [--runs 7]

Two businesses on the benchmark's own database (``bench_dashboard``, kept for the next runs), written
once with set-based SQL (``INSERT … SELECT … generate_series``; 1,000,000 orders in a few minutes):

- ``--small`` orders and ``--large`` orders over the last five years up to today, one client for every
  eight orders (registered on their first order's day), the six service types, two lines each (IVA 15 %),
  a deposit on most and the final payment on delivery, and statuses by age: the old ones delivered (5 %
  cancelled, 1 % ready and never picked up: overdue), the last weeks' pending, in process or ready;
- the demo's indicators (one per kind of figure) in both.

It times each figure endpoint through the real stack (Django's test client: tenant resolution, JWT,
permissions, serializers), alternating the two businesses call by call so a busy moment hits both alike,
with the default period (this month) and with a year (the last 365 days; the series by month), and
prints the median of ``--runs`` for each business and the ratio large / small (the goal: ≤ 2×).
Endpoints the branch does not have (a 404, e.g. ``/api/metrics/production/``) are listed as skipped.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_dashboard")
logging.disable(logging.WARNING)
warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected here

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from fotostudio.users.models import User  # noqa: E402
from fotostudio.users.services import user_create  # noqa: E402
from fotostudio.users.tokens import tokens_for_user  # noqa: E402
from modules.metrics.demo import seed_demo_metrics  # noqa: E402
from modules.orders.models import Order  # noqa: E402

YEARS_OF_DATA = 5

#: Vacuumed and analysed after a load: what it writes, and the figures the triggers would have kept.
LOADED_TABLES = (
    "clients_client",
    "orders_order",
    "orders_orderline",
    "orders_payment",
    "orders_orderdaysummary",
    "orders_orderdeliverysummary",
    "orders_clientfirstorder",
    "orders_orderbuyerday",
    "clients_clientcount",
)
ORDERS_PER_CLIENT = 8

SERIES = ("revenue", "orders", "clients", "inventory", "production", "efficiency")

#: The clients, numbered (the orders pick one by number: an array of 125,000 ids read per row would be
#: copied per row).
CLIENT_NUMBERS_SQL = """
CREATE TEMP TABLE bench_clients ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY id) AS n, id FROM clients_client;
CREATE UNIQUE INDEX ON bench_clients (n);
ANALYZE bench_clients
"""

#: The orders of the benchmark, one row each: its day, service, client, draws and line amounts (a temporary
#: table the inserts of orders, lines and payments read, so the three agree).
SEED_SQL = """
CREATE TEMP TABLE bench_seed ON COMMIT DROP AS
WITH services AS (SELECT array_agg(id ORDER BY id) AS ids FROM orders_servicetype)
SELECT s.g, gen_random_uuid() AS id, s.day, current_date - s.day AS age, s.r, s.r2, s.r3, s.p1, s.p2,
       round(s.p1 * 0.15, 2) AS t1, round(s.p2 * 0.15, 2) AS t2,
       services.ids[1 + floor(s.r4 * array_length(services.ids, 1))::int] AS service_id, c.id AS client_id
FROM (
    SELECT g, current_date - floor(random() * %(days)s)::int AS day, random() AS r, random() AS r2,
           random() AS r3, random() AS r4, (5 + floor(random() * 60))::numeric AS p1,
           (3 + floor(random() * 40))::numeric AS p2, 1 + floor(random() * %(clients)s)::int AS client_n
    FROM generate_series(%(first)s, %(last)s) g
) s
CROSS JOIN services
JOIN bench_clients c ON c.n = s.client_n
"""

#: Status by age (days since the order's date) and a draw; amounts from the two lines; a deposit (half) on
#: 70 % of the orders; 3 % of the delivered ones taken with their balance.
ORDER_SQL = """
WITH o AS (
    SELECT *, p1 + p2 AS subtotal, t1 + t2 AS tax, p1 + p2 + t1 + t2 AS total,
        CASE
            WHEN age > 30 THEN CASE WHEN r < 0.05 THEN 'CANCELADO' WHEN r < 0.06 THEN 'LISTO' ELSE 'ENTREGADO' END
            WHEN age >= 14 THEN CASE WHEN r < 0.05 THEN 'CANCELADO' WHEN r < 0.25 THEN 'LISTO' ELSE 'ENTREGADO' END
            WHEN age >= 7 THEN CASE WHEN r < 0.03 THEN 'CANCELADO' WHEN r < 0.40 THEN 'LISTO'
                                    WHEN r < 0.60 THEN 'EN_PROCESO' ELSE 'ENTREGADO' END
            WHEN age >= 2 THEN CASE WHEN r < 0.02 THEN 'CANCELADO' WHEN r < 0.50 THEN 'EN_PROCESO'
                                    WHEN r < 0.60 THEN 'LISTO' ELSE 'PENDIENTE' END
            ELSE 'PENDIENTE'
        END AS status
    FROM bench_seed
), amounts AS (
    SELECT *, CASE WHEN r2 < 0.7 THEN round(total / 2, 2) ELSE 0 END AS deposit,
        least(((day + least(age, 1 + floor(r3 * 10)::int)) + time '15:00') AT TIME ZONE %(zone)s, now()) AS delivered
    FROM o
), paid AS (
    SELECT *, CASE WHEN status = 'ENTREGADO' AND r2 < 0.97 THEN total ELSE deposit END AS paid_total FROM amounts
)
INSERT INTO orders_order (id, created_at, updated_at, number, client_id, service_type_id, order_date,
    promised_date, priority, status, notes, subtotal, discount_total, tax_total, total, paid_total, balance,
    status_changed_at, delivered_at, cancelled_at, status_reason, delivered_with_balance)
SELECT id, (day + time '09:00') AT TIME ZONE %(zone)s, now(),
    'PED-' || to_char(day, 'YYYY') || '-' || lpad(g::text, 7, '0'),
    client_id, service_id, day, CASE WHEN r3 < 0.1 THEN NULL ELSE day + 7 END,
    CASE WHEN r3 > 0.9 THEN 'urgente' ELSE 'normal' END, status, '', subtotal, 0, tax, total, paid_total,
    CASE WHEN status = 'CANCELADO' THEN 0 ELSE total - paid_total END,
    CASE WHEN status = 'ENTREGADO' THEN delivered WHEN status = 'PENDIENTE' THEN NULL
         ELSE least((day + 1 + time '10:00') AT TIME ZONE %(zone)s, now()) END,
    CASE WHEN status = 'ENTREGADO' THEN delivered END,
    CASE WHEN status = 'CANCELADO' THEN least((day + 1 + time '10:00') AT TIME ZONE %(zone)s, now()) END,
    CASE WHEN status = 'ENTREGADO' AND paid_total < total THEN 'Retiró con saldo' ELSE '' END,
    status = 'ENTREGADO' AND paid_total < total
FROM paid
"""

LINES_SQL = """
INSERT INTO orders_orderline (id, created_at, updated_at, order_id, position, description, quantity, unit_price,
    discount_percent, tax_rate, moulding, glass, mat, subtotal, discount_amount, tax_amount, total)
SELECT gen_random_uuid(), now(), now(), id, 1, 'Impresión 20×30', 1, p1, 0, 15, '', '', '', p1, 0, t1, p1 + t1
FROM bench_seed
UNION ALL
SELECT gen_random_uuid(), now(), now(), id, 2, 'Marco 20×30', 1, p2, 0, 15, '', '', '', p2, 0, t2, p2 + t2
FROM bench_seed
"""

#: What was paid: the deposit on the order's day (the only payment of an open, cancelled or delivered-with-
#: balance order), and the rest on delivery for those delivered paid in full.
PAYMENTS_SQL = """
INSERT INTO orders_payment (id, created_at, updated_at, order_id, amount, method, paid_on, reference)
SELECT gen_random_uuid(), now(), now(), o.id, round(o.total / 2, 2), 'efectivo', o.order_date, ''
FROM bench_seed s JOIN orders_order o ON o.id = s.id
WHERE s.r2 < 0.7
UNION ALL
SELECT gen_random_uuid(), now(), now(), o.id, o.paid_total - CASE WHEN s.r2 < 0.7 THEN round(o.total / 2, 2) ELSE 0 END,
    CASE WHEN s.r3 < 0.5 THEN 'efectivo' WHEN s.r3 < 0.8 THEN 'transferencia' ELSE 'tarjeta' END,
    (o.delivered_at AT TIME ZONE %(zone)s)::date, ''
FROM bench_seed s JOIN orders_order o ON o.id = s.id
WHERE o.status = 'ENTREGADO' AND NOT o.delivered_with_balance
"""

CLIENTS_SQL = """
INSERT INTO clients_client (id, created_at, updated_at, client_type, document_type, document, name, email, phone,
    address, city, notes, is_active, institution_code, contact_name, contact_role, levels, student_count,
    school_year_start_month)
SELECT gen_random_uuid(), now(), now(), CASE WHEN g %% 50 = 0 THEN 'colegio' ELSE 'particular' END, 'pasaporte',
    'B' || lpad(g::text, 9, '0'), 'Cliente de prueba ' || g, '', '', '', 'Quito', '', g %% 20 <> 0,
    '', '', '', '{}', CASE WHEN g %% 50 = 0 THEN 300 END, NULL
FROM generate_series(%(first)s, %(last)s) g
"""

#: Each client registered on its first order's day (a client without orders: some day of the five years).
CLIENT_DATES_SQL = """
WITH f AS (SELECT client_id, min(order_date) AS first FROM orders_order GROUP BY client_id)
UPDATE clients_client c SET created_at = (f.first + time '09:00') AT TIME ZONE %(zone)s
FROM f WHERE f.client_id = c.id;
UPDATE clients_client c
SET created_at = ((current_date - abs(hashtext(c.document)) %% %(days)s) + time '09:00') AT TIME ZONE %(zone)s
WHERE NOT EXISTS (SELECT 1 FROM orders_order o WHERE o.client_id = c.id)
"""


def ensure_data(tenant, count: int) -> User:
    """``count`` orders (and their clients, lines, payments) in ``tenant``, written once; the benchmark user."""
    with schema_context(tenant.schema_name):
        have = Order.objects.count()
        if have < count:
            started = time.perf_counter()
            days = YEARS_OF_DATA * 365
            zone = timezone.get_default_timezone_name()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")  # no audit triggers for test data
                cursor.execute("SELECT count(*) FROM clients_client")
                clients = cursor.fetchone()[0]
                wanted = max(100, count // ORDERS_PER_CLIENT)
                if clients < wanted:
                    cursor.execute(CLIENTS_SQL, {"first": clients + 1, "last": wanted})
                    clients = wanted
                cursor.execute(CLIENT_NUMBERS_SQL)
                cursor.execute(SEED_SQL, {"first": have + 1, "last": count, "days": days, "clients": clients})
                cursor.execute(ORDER_SQL, {"zone": zone})
                cursor.execute(LINES_SQL)
                cursor.execute(PAYMENTS_SQL, {"zone": zone})
                cursor.execute(CLIENT_DATES_SQL, {"days": days, "zone": zone})
                for rebuild in _rebuilds():
                    rebuild()
            # What autovacuum does on a live database (the index-only scans need the visibility map); the
            # maintained tables too, when the branch has them.
            with connection.cursor() as cursor:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                present = {row[0] for row in cursor.fetchall()}
                for table in LOADED_TABLES:
                    if table in present:
                        cursor.execute(f"VACUUM ANALYZE {table}")
            print(f"{tenant.schema_name}: wrote {count - have:,} orders in {time.perf_counter() - started:.1f} s")
        if not User.objects.filter(username="bench").exists():
            user_create(
                username="bench", email="bench@bench.invalid", password="Bench-Password-2026!", roles=["Administrador"]
            )
        seed_demo_metrics(tenant=tenant)
        return User.objects.get(username="bench")


def _rebuilds() -> list:
    """The rebuilds of the maintained figures the branch has (the orders' summaries and buyers by day, the
    clients' counters): the bulk insert above bypasses their triggers."""
    found = []
    for module, name in (
        ("modules.orders.summary", "order_summary_rebuild"),
        ("modules.orders.buyers", "order_buyer_day_rebuild"),
        ("modules.clients.counters", "client_count_rebuild"),
    ):
        try:
            found.append(getattr(__import__(module, fromlist=[name]), name))
        except (ImportError, AttributeError):
            pass
    return found


def endpoints() -> list[tuple[str, str, dict]]:
    """(label, path, query) of every figure, with the default period and with a year."""
    today = timezone.localdate()
    year = {"desde": (today - timedelta(days=364)).isoformat(), "hasta": today.isoformat()}
    last_year_month = f"{today.year - 1}-{today.month:02d}"
    calls = []
    for path in ("/api/dashboard/", "/api/dashboard/orders/", "/api/dashboard/revenue/", "/api/dashboard/clients/"):
        calls.append((path, path, {}))
        calls.append((f"{path} (año)", path, year))
    for series in SERIES:
        path = f"/api/metrics/{series}/"
        calls.append((path, path, {}))
        calls.append((f"{path} (año, mes)", path, {**year, "granularidad": "mes"}))
    calls.append(("/api/metrics/dashboard/", "/api/metrics/dashboard/", {}))
    calls.append(("/api/metrics/trends/", "/api/metrics/trends/", {}))
    calls.append(("/api/metrics/trends/ (12, pedidos)", "/api/metrics/trends/", {"medida": "pedidos", "periodos": 12}))
    calls.append(("/api/metrics/comparison/", "/api/metrics/comparison/", {}))
    calls.append(("/api/metrics/comparison/ (vs. año pasado)", "/api/metrics/comparison/", {"contra": last_year_month}))
    return calls


def api_for(tenant, user) -> APIClient:
    with schema_context(tenant.schema_name):
        token = tokens_for_user(user)["access"]
    api = APIClient(HTTP_HOST=tenant.primary_domain)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="", help="only the endpoints whose label contains this text")
    options = parser.parse_args()

    businesses = []
    for slug, count in (("dashsmall", options.small), ("dashlarge", options.large)):
        tenant = bench_tenant(slug)
        user = ensure_data(tenant, count)
        with schema_context(tenant.schema_name):
            total = Order.objects.count()
        businesses.append((tenant, api_for(tenant, user), total))
    (_, small_api, small_total), (_, large_api, large_total) = businesses

    print(f"orders: {small_total:,} vs {large_total:,}; median of {options.runs} runs, alternating the two")
    print(f"{'endpoint':48} {'small ms':>9} {'large ms':>9} {'ratio':>7}")
    worst = 0.0
    for label, path, query in endpoints():
        if options.only and options.only not in label:
            continue
        first = small_api.get(path, query), large_api.get(path, query)  # warm-up, and the status
        statuses = {response.status_code for response in first}
        if statuses == {404}:
            print(f"{label:48} {'skipped (not in this branch)':>27}")
            continue
        if statuses != {200}:
            print(f"{label:48} status {sorted(statuses)}: {first[0].content[:200]!r}")
            continue
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(options.runs):
            for index, api in enumerate((small_api, large_api)):
                started = time.perf_counter()
                api.get(path, query)
                times[index].append(time.perf_counter() - started)
        small, large = (statistics.median(spent) * 1000 for spent in times)
        ratio = large / small
        worst = max(worst, ratio)
        flag = "" if ratio <= 2 else "  > 2×"
        print(f"{label:48} {small:9.1f} {large:9.1f} {ratio:6.2f}×{flag}")
    print(f"worst ratio {worst:.2f}× (goal ≤ 2×)")


if __name__ == "__main__":
    main()
