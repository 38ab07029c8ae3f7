"""What does the polling endpoint (``GET /api/v1/notificaciones/notificaciones/no-leidas/``) cost as a user's
notifications pile up? Prints the figures side by side.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_notifications.py [--sizes 100 10000 50000] [--runs 30]

For each size, one user holds that many notifications (one in ten unread) among other users' rows; the script
prints the median time of the request in-process (middleware, JWT, serialisation included), its SQL queries
(the same number whatever the size), the time of the unread COUNT (the bell's figure), and which indexes
PostgreSQL's plans use for the page and for the count (never a sequential scan of the table).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_notifications")

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from fotostudio.notifications.models import Notification  # noqa: E402
from fotostudio.notifications.selectors import notification_unread_list  # noqa: E402
from fotostudio.users.models import User  # noqa: E402
from fotostudio.users.services import user_create  # noqa: E402
from fotostudio.users.tokens import tokens_for_user  # noqa: E402

URL = "/api/v1/notificaciones/notificaciones/no-leidas/"
NEIGHBOURS = 20_000  # other users' notifications, the same for every size


def user_with(size: int) -> User:
    """A user holding exactly ``size`` notifications, one in ten unread (made once, kept between runs)."""
    username = f"bench-notif-{size}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username,
            email=f"{username}@bench.invalid",
            password="Bench-Password-2026!",
            roles=["Administrador"],
        )
    have = Notification.objects.filter(recipient=user).count()
    if have < size:
        now = timezone.now()
        rows = [
            Notification(
                recipient=user,
                notification_type="INFORMATIVO",
                title=f"Aviso {number}",
                body="Cuerpo del aviso de prueba.",
                is_read=number % 10 != 0,
                read_at=None if number % 10 == 0 else now,
            )
            for number in range(have, size)
        ]
        Notification.objects.bulk_create(rows, batch_size=2_000)
    return user


def indexes(plan: str) -> str:
    """The indexes of the notifications table a plan reads, or «SEQ SCAN» when it reads the whole table."""
    if re.search(r"Seq Scan on notifications_notification", plan):
        return "SEQ SCAN"
    return (
        ", ".join(
            sorted(
                set(re.findall(r"(notifications_\w+)(?: on notifications_notification|\s)", plan))
                - {"notifications_notification"}
            )
        )
        or "?"
    )


def neighbours() -> None:
    other = user_with(NEIGHBOURS)
    del other


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()

    tenant = bench_tenant()
    host = tenant.primary_domain
    with schema_context(tenant.schema_name):
        neighbours()
        users = {size: user_with(size) for size in options.sizes}
        connection.cursor().execute("ANALYZE notifications_notification")
    print(f"GET {URL} (page of 10), median of {options.runs} runs; {NEIGHBOURS:,} other users' rows beside")
    print(f"{'notifications':>14} {'unread':>8} {'API ms':>8} {'queries':>8} {'count ms':>9}  indexes the plans use")
    for size, user in users.items():
        with schema_context(tenant.schema_name):
            token = tokens_for_user(user)["access"]
        api = APIClient(HTTP_HOST=host)
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        api.get(URL)  # warm the tenant and settings caches
        times = []
        for _run in range(options.runs):
            started = time.perf_counter()
            response = api.get(URL)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content
        with CaptureQueriesContext(connection) as queries:
            api.get(URL)
        unread = response.json()["count"]
        with schema_context(tenant.schema_name):
            queryset = notification_unread_list(user=user)
            started = time.perf_counter()
            for _run in range(options.runs):
                queryset.count()
            count_ms = (time.perf_counter() - started) / options.runs * 1000
            page_plan = queryset[:10].explain()
            count_plan = queryset.order_by().values("id").explain()
        summary = f"page: {indexes(page_plan)}; count: {indexes(count_plan)}"
        median_ms = statistics.median(times) * 1000
        print(f"{size:>14,} {unread:>8,} {median_ms:>8.1f} {len(queries):>8} {count_ms:>9.2f}  {summary}")


if __name__ == "__main__":
    main()
