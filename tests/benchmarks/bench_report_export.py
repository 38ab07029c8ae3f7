"""Exporting a report of ~100,000 rows to XLSX and CSV: time and peak memory (streamed: memory stays flat).

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_report_export.py [--rows 100000]

It uses the test settings and its own database (``bench_report_export`` on the embedded PostgreSQL, or on
``DATABASE_URL``'s server) with its own tenant (``bench``), created on the first run and kept.

The data: ``--rows`` active materials with stock and no consumption, each with its opening purchase in the
stock ledger (``--rows`` movements), every other one under its minimum. The inventory report over this month
then has a slow-moving table of ``--rows`` rows and a low-stock table of half as many: the export writes
~1.5 × ``--rows`` rows. The rows are loaded with ``bulk_create`` once and kept (a run with another ``--rows``
replaces them).

Each format is exported in a fresh process (the report's own code: ``report_xlsx`` to a file, ``report_csv``
line by line to a file), which prints its peak RSS (``ru_maxrss``), its RSS before the export, and the time.
Rows are read from the database with server-side cursors in chunks (``exports.CHUNK``) and written as they
come (openpyxl's write-only mode), so the peak should not grow with the rows: compare ``--rows 10000`` with
``--rows 100000``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_report_export")

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from modules.inventory.models import Material, MaterialCategory, MovementKind, StockMovement  # noqa: E402

PREFIX = "BENCH-"
BATCH = 5000


def rss_megabytes() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def load(rows: int) -> None:
    """``rows`` materials with their opening movement (kept between runs; replaced when ``rows`` changes)."""
    existing = Material.objects.filter(sku__startswith=PREFIX)
    if existing.count() == rows:
        print(f"{rows:,} materials and movements already loaded")
        return
    started = time.perf_counter()
    with transaction.atomic():
        StockMovement.objects.filter(material__sku__startswith=PREFIX).delete()
        existing.delete()
        categories = MaterialCategory.values
        now = timezone.now()
        for first in range(0, rows, BATCH):
            materials = Material.objects.bulk_create(
                Material(
                    sku=f"{PREFIX}{n:07d}",
                    name=f"Material de prueba {n}",
                    category=categories[n % len(categories)],
                    unit="unidad",
                    unit_cost=Decimal("1.25"),
                    minimum_stock=Decimal("20" if n % 2 else "0"),
                    reorder_quantity=Decimal("50"),
                    supplier="Proveedor de prueba",
                    quantity_on_hand=Decimal("10"),
                    average_cost=Decimal("1.25"),
                )
                for n in range(first, min(first + BATCH, rows))
            )
            StockMovement.objects.bulk_create(
                StockMovement(
                    material=material,
                    kind=MovementKind.PURCHASE,
                    quantity=Decimal("10"),
                    unit_cost=Decimal("1.25"),
                    balance_after=Decimal("10"),
                    reference="Inicial",
                    created_at=now,
                )
                for material in materials
            )
    print(f"loaded {rows:,} materials and {rows:,} movements in {time.perf_counter() - started:.1f} s")


def child(file_format: str) -> None:
    """A fresh process exporting the inventory report once: prints peak RSS, RSS before, seconds, rows."""
    import resource

    from modules.reports.exports import report_csv, report_rows_count, report_xlsx
    from modules.reports.filters import report_params
    from modules.reports.selectors import report_build

    tenant = bench_tenant()
    with schema_context(tenant.schema_name):
        report = report_build("inventory", report_params({}))
        rows = report_rows_count(report)
        before = rss_megabytes()
        started = time.perf_counter()
        with tempfile.TemporaryFile() as target:
            if file_format == "xlsx":
                report_xlsx(report, target)
            else:
                for line in report_csv(report):
                    target.write(line.encode("utf-8"))
            size = target.tell()
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:.1f} {before:.1f} {seconds:.3f} {rows} {size}")


def measure(file_format: str) -> list[float]:
    finished = subprocess.run(
        [sys.executable, __file__, "--child", file_format], capture_output=True, text=True, env={**os.environ}
    )
    if finished.returncode:
        raise SystemExit(f"the measuring process failed:\n{finished.stderr[-3000:]}")
    return [float(value) for value in finished.stdout.split()[-5:]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child")
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    tenant = bench_tenant()
    with schema_context(tenant.schema_name):
        load(options.rows)
    for file_format in ("xlsx", "csv"):
        peak, before, seconds, rows, size = measure(file_format)
        print(
            f"{file_format.upper()}: {int(rows):,} rows in {seconds:.2f} s ({rows / seconds:,.0f} rows/s), "
            f"{size / 1048576:.1f} MB; RSS before {before:.0f} MB, peak {peak:.0f} MB (+{peak - before:.0f} MB)"
        )


if __name__ == "__main__":
    main()
