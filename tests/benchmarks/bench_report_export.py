"""Exporting the inventory report at 10,000 and 100,000 materials to XLSX, CSV and PDF: time and peak memory
(every format streams its rows, so the peak must not grow with them).

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_report_export.py [--rows 100000] [--small 10000]

It uses the test settings and its own database (``bench_report_export`` on the embedded PostgreSQL, or on
``DATABASE_URL``'s server) with its own tenant (``bench``), created on the first run and kept.

The data: ``--rows`` active materials with stock and no consumption, each with its opening purchase in the
stock ledger (``--rows`` movements), every other one under its minimum. The first ``--small`` are of one
category (:data:`SMALL_CATEGORY`), the others of the other categories. The inventory report over this month
has a slow-moving table of one row per material and a low-stock table of half as many, so it is exported twice:

- narrowed to :data:`SMALL_CATEGORY` (``categoria``): ``--small`` materials, ~1.5 × ``--small`` rows;
- whole: ``--rows`` materials, ~1.5 × ``--rows`` rows.

The rows are loaded with ``bulk_create`` once and kept (a run with another ``--rows`` or ``--small`` replaces
them). Each export runs in a fresh process (the report's own code: ``report_xlsx`` to a file, ``report_csv``
line by line to a file, ``report_pdf_file``), which prints its peak RSS during the export (``VmHWM``, reset
just before it through ``/proc/self/clear_refs``: Django's start-up peaks higher than a small export), its RSS
before the export, and the time. Rows are read from the database with server-side cursors in chunks (``exports.CHUNK``)
and written as they come (openpyxl's write-only mode, the CSV line by line; the PDF prints at most
``PDF_MAX_ROWS`` rows of a section and only counts the others), so the growth over the RSS before the export
should be the same at both sizes: the script prints both and the difference.
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

import pgtrigger  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from modules.inventory.models import Material, MaterialCategory, MovementKind, StockMovement  # noqa: E402

PREFIX = "BENCH-"
LEDGER_PROTECTION = "inventory.StockMovement:inventory_movement_append_only"
BATCH = 5000
#: The category of the first ``--small`` materials: the report narrowed to it is the small export.
SMALL_CATEGORY = MaterialCategory.values[0]
FORMATS = ("xlsx", "csv", "pdf")


def rss_megabytes() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def reset_peak_rss() -> bool:
    """Start the peak RSS (``VmHWM``) again from the current RSS (Linux ≥ 4.0): the peak measured is then the
    export's, not Django's start-up's. False where the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def peak_rss_megabytes() -> float:
    """``VmHWM`` (the peak RSS since the start or the last :func:`reset_peak_rss`), or ``ru_maxrss``."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(rows: int, small: int) -> None:
    """``rows`` materials with their opening movement, the first ``small`` of :data:`SMALL_CATEGORY` (kept
    between runs; replaced when ``rows`` or ``small`` change)."""
    existing = Material.objects.filter(sku__startswith=PREFIX)
    if existing.count() == rows and existing.filter(category=SMALL_CATEGORY).count() == small:
        print(f"{rows:,} materials and movements already loaded ({small:,} of {SMALL_CATEGORY})")
        return
    started = time.perf_counter()
    with transaction.atomic():
        with pgtrigger.ignore(LEDGER_PROTECTION):  # the ledger is append-only; the benchmark's rows go
            StockMovement.objects.filter(material__sku__startswith=PREFIX).delete()
        existing.delete()
        others = [category for category in MaterialCategory.values if category != SMALL_CATEGORY]
        now = timezone.now()
        for first in range(0, rows, BATCH):
            materials = Material.objects.bulk_create(
                Material(
                    sku=f"{PREFIX}{n:07d}",
                    name=f"Material de prueba {n}",
                    category=SMALL_CATEGORY if n < small else others[n % len(others)],
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


def child(file_format: str, category: str) -> None:
    """A fresh process exporting the inventory report once: prints peak RSS, RSS before, seconds, rows, size."""
    from modules.reports.exports import report_csv, report_pdf_file, report_rows_count, report_xlsx
    from modules.reports.filters import report_params
    from modules.reports.selectors import report_build

    tenant = bench_tenant()
    with schema_context(tenant.schema_name):
        report = report_build("inventory", report_params({"categoria": category} if category else {}))
        rows = report_rows_count(report)
        before = rss_megabytes()
        reset_peak_rss()
        started = time.perf_counter()
        if file_format == "pdf":
            with report_pdf_file(report) as target:
                size = target.seek(0, os.SEEK_END)
        else:
            with tempfile.TemporaryFile() as target:
                if file_format == "xlsx":
                    report_xlsx(report, target)
                else:
                    for line in report_csv(report):
                        target.write(line.encode("utf-8"))
                size = target.tell()
        seconds = time.perf_counter() - started
    peak = peak_rss_megabytes()
    print(f"{peak:.1f} {before:.1f} {seconds:.3f} {rows} {size}")


def measure(file_format: str, category: str = "") -> list[float]:
    finished = subprocess.run(
        [sys.executable, __file__, "--child", file_format, "--category", category],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    if finished.returncode:
        raise SystemExit(f"the measuring process failed:\n{finished.stderr[-3000:]}")
    return [float(value) for value in finished.stdout.split()[-5:]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--child")
    parser.add_argument("--category", default="")
    options = parser.parse_args()
    if options.child:
        child(options.child, options.category)
        return
    if not 0 < options.small < options.rows:
        raise SystemExit("--small must be above zero and below --rows")
    tenant = bench_tenant()
    with schema_context(tenant.schema_name):
        load(options.rows, options.small)
    growth: dict[tuple[str, int], float] = {}
    for file_format in options.formats.split(","):
        for materials, category in ((options.small, SMALL_CATEGORY), (options.rows, "")):
            peak, before, seconds, rows, size = measure(file_format, category)
            growth[file_format, materials] = peak - before
            print(
                f"{file_format.upper()} {materials:,} materials: {int(rows):,} rows in {seconds:.2f} s "
                f"({rows / seconds:,.0f} rows/s), {size / 1048576:.1f} MB; RSS before {before:.0f} MB, "
                f"peak {peak:.0f} MB (+{peak - before:.1f} MB)",
                flush=True,
            )
        small, big = growth[file_format, options.small], growth[file_format, options.rows]
        print(f"{file_format.upper()}: peak growth {small:.1f} MB → {big:.1f} MB ({big - small:+.1f} MB)", flush=True)
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
