"""How long does a hostile search take? Prints the API's and the admin's answer times.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_search.py [--clients 10000] [--runs 5]

On a tenant with ``--clients`` clients it times, through the real request stack
(Django's test client, tenant resolution, authentication, permissions):
a 16,000-word search (refused), a 201-character one (refused), and the longest
search allowed (10 words) that finds rows. Before the limits, 16,000 words took 26 s.
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

setup("bench_search")
logging.disable(logging.WARNING)  # each refused search would log a "Bad Request" line

from django.test import Client as BrowserClient  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from fotostudio.users.models import User  # noqa: E402
from fotostudio.users.services import user_create  # noqa: E402
from fotostudio.users.tokens import tokens_for_user  # noqa: E402
from modules.clients.models import Client  # noqa: E402
from modules.clients.tests.factories import ClientFactory  # noqa: E402

SEARCHES = {
    "16,000 words": "palabra " * 16_000,
    "201 characters": "x" * 201,
    "10 words (the most allowed)": "jose perez nunez quito 099 cliente de bodas bench numero",
}


def ensure_data(tenant, count: int) -> User:
    with schema_context(tenant.schema_name):
        missing = count - Client.objects.count()
        if missing > 0:
            ClientFactory.create_batch(missing, name="José Pérez Núñez cliente de bodas bench número", city="Quito")
        user = User.objects.filter(username="bench").first() or user_create(
            username="bench", email="bench@bench.invalid", password="Bench-Password-2026!", roles=["Administrador"]
        )
    return user


def timed(call, runs: int) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        status = call().status_code
        times.append(time.perf_counter() - started)
    return statistics.median(times), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    tenant = bench_tenant()
    user = ensure_data(tenant, options.clients)
    host = tenant.primary_domain
    with schema_context(tenant.schema_name):
        token = tokens_for_user(user)["access"]
    api = APIClient(HTTP_HOST=host)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    browser = BrowserClient(HTTP_HOST=host)
    with schema_context(tenant.schema_name):
        browser.force_login(user)
    print(f"{options.clients:,} clients; median of {options.runs} runs")
    for label, text in SEARCHES.items():
        api_time, api_status = timed(lambda text=text: api.get("/api/v1/clients/", {"search": text}), options.runs)
        admin_time, admin_status = timed(
            lambda text=text: browser.get("/admin/clients/client/", {"q": text}), options.runs
        )
        print(f"{label:30} API {api_status} in {api_time * 1000:7.1f} ms", end="   ")
        print(f"admin {admin_status} in {admin_time * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
