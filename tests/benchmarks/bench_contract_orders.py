"""How long does «crear pedidos del listado» take for a big roster? Prints orders per second and queries per order.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_contract_orders.py [--students 500] [--runs 3]

It uses the test settings and its own database (``bench_contracts``) with its own tenant (``bench``),
both created on the first run and kept. Each run makes one order per student of a contract's roster with
``contract_orders_create`` (the orders service for every order: validation, number, line, totals, plus
the link rows) inside a transaction that is rolled back afterwards, so nothing stays and no order
number is used up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_contracts")

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from modules.contracts.tests.factories import (  # noqa: E402
    ContractFactory,
    ContractPackageFactory,
    RosterStudentFactory,
)


class Rollback(Exception):
    pass


def run_once(students: int) -> tuple[float, int]:
    from modules.contracts.services import contract_orders_create

    elapsed, queries = 0.0, 0
    try:
        with transaction.atomic():
            contract = ContractFactory()
            package = ContractPackageFactory(contract=contract)
            RosterStudentFactory.create_batch(students, contract=contract)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                links = contract_orders_create(contract=contract, package_id=package.pk)
                elapsed = time.perf_counter() - started
            queries = len(captured.captured_queries)
            assert len(links) == students
            raise Rollback
    except Rollback:
        pass
    return elapsed, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    tenant = bench_tenant()
    with schema_context(tenant.schema_name):
        results = [run_once(options.students) for _ in range(options.runs)]
    times = [elapsed for elapsed, _queries in results]
    median = statistics.median(times)
    print(f"students: {options.students}, runs: {options.runs}")
    runs = ", ".join(f"{elapsed:.2f}" for elapsed in times)
    print(f"median: {median:.2f} s ({options.students / median:.0f} orders/s), runs: {runs}")
    print(f"queries: {results[0][1]} ({results[0][1] / options.students:.1f} per order)")


if __name__ == "__main__":
    main()
