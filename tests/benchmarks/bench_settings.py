"""What does reading a setting cost, and how fast are document numbers handed out? Prints the figures.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_settings.py [--reads 20000] [--threads 20] [--numbers 400]

- a cold read (the business's settings loaded from the database and cached) against a warm one
  (``setting_value`` from the cache), with the SQL queries each runs;
- ``number_next`` from ``--threads`` threads at once, each with its own connection, until ``--numbers``
  numbers are taken: numbers per second, and a check that they are consecutive and distinct.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_settings")

from django.apps import apps  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from fotostudio.configuration import catalogue  # noqa: E402
from fotostudio.configuration.catalogue import SETTINGS  # noqa: E402
from fotostudio.configuration.definitions import numbering_settings  # noqa: E402
from fotostudio.configuration.models import NumberSequence  # noqa: E402
from fotostudio.configuration.selectors import business_year, setting_value  # noqa: E402
from fotostudio.configuration.services import number_next  # noqa: E402
from fotostudio.core.registry import registry  # noqa: E402

KIND = "bench"


def reads(tenant, count: int) -> None:
    connection.set_tenant(tenant)
    cache.clear()
    with CaptureQueriesContext(connection) as cold_queries:
        started = time.perf_counter()
        setting_value(catalogue.IVA_RATE)
        cold = time.perf_counter() - started
    with CaptureQueriesContext(connection) as warm_queries:
        started = time.perf_counter()
        for _ in range(count):
            setting_value(catalogue.IVA_RATE)
        warm = (time.perf_counter() - started) / count
    print(f"cold read: {cold * 1000:.2f} ms, {len(cold_queries)} queries")
    print(f"warm read: {warm * 1_000_000:.1f} µs per setting_value, {len(warm_queries)} queries in {count:,} reads")


def numbers(tenant, threads: int, total: int) -> None:
    config = apps.get_app_config("configuration")  # a module that numbers its documents, for the run
    original = config.module_spec
    kind_settings = numbering_settings(KIND, label=_("Prueba"), prefix="BEN")
    config.module_spec = dataclasses.replace(original, settings=(*SETTINGS, *kind_settings))
    registry.reload()
    connection.set_tenant(tenant)
    NumberSequence.objects.filter(kind=KIND).delete()
    taken: list[str] = []
    lock, barrier = threading.Lock(), threading.Barrier(threads)
    per_thread = total // threads
    latencies: list[float] = []

    def work():
        connection.set_tenant(tenant)
        barrier.wait()
        try:
            for _ in range(per_thread):
                started = time.perf_counter()
                number = number_next(KIND)
                elapsed = time.perf_counter() - started
                with lock:
                    taken.append(number)
                    latencies.append(elapsed)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    year = business_year(tenant)
    expected = [f"BEN-{year}-{n:05d}" for n in range(1, per_thread * threads + 1)]
    print(
        f"number_next: {len(taken)} numbers from {threads} threads in {elapsed:.2f} s = {len(taken) / elapsed:.0f}/s; "
        f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms; consecutive and distinct: {sorted(taken) == expected}"
    )
    NumberSequence.objects.filter(kind=KIND).delete()
    config.module_spec = original
    registry.reload()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--numbers", type=int, default=400)
    args = parser.parse_args()
    tenant = bench_tenant()
    reads(tenant, args.reads)
    numbers(tenant, args.threads, args.numbers)


if __name__ == "__main__":
    main()
