"""The materials import against PostgreSQL's own COPY: time, ratio and peak memory.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_inventory_import.py [--rows 100000] [--runs 3] [--big 1000000] [--no-xlsx]

It uses the test settings and its own database (``bench_inventory`` on the embedded PostgreSQL, or on
``DATABASE_URL``'s server) with its own tenant (``bench``). For each run, side by side on the same
machine and an empty table:

- **COPY**: the same CSV loaded by ``COPY inventory_material FROM STDIN`` into the same table (its
  indexes, constraints and audit triggers), the fastest PostgreSQL can put those rows there;
- **import**: ``materials_import`` on that file — staging COPY, set-based checks, the upsert and the
  opening-stock movements, with every trigger;

each in a transaction rolled back afterwards. It prints the medians and the ratio, the same for an XLSX
of the same rows (read by python-calamine), and then the peak RSS of a fresh process importing
``--rows`` and ``--big`` rows (CSV), which must stay flat.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_inventory")

from django.db import connection, transaction  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from modules.inventory.importing import materials_import  # noqa: E402

HEADERS = ["sku", "nombre", "categoria", "unidad", "costo_unitario", "stock_minimo", "cantidad_reposicion",
           "proveedor", "ubicacion", "existencias", "perfil", "ancho_cm", "color", "acabado",
           "largo_barra_m"]  # fmt: skip
#: The same columns by the table's names, for the plain COPY.
TABLE_COLUMNS = ["sku", "name", "category", "unit", "unit_cost", "minimum_stock", "reorder_quantity", "supplier",
                 "location", "quantity_on_hand", "profile", "width_cm", "colour", "finish", "bar_length_m"]  # fmt: skip
SUPPLIERS = ["Molduras Andinas", "Pinturas del Sur", "Distribuidora Foto Ecuador", "Gráficas Quito", "Arte y Color"]
OTHERS = [("pinturas", "litro"), ("impresion", "hoja"), ("recordatorio", "unidad"), ("pintura", "unidad"),
          ("diseno", "hoja"), ("software", "licencia")]  # fmt: skip


def row(n: int) -> list[str]:
    supplier = SUPPLIERS[n % len(SUPPLIERS)]
    common = [f"MAT-{n:07d}", f"Material número {n} de prueba", "", "", f"{(n % 500) / 7 + 0.25:.4f}",
              str(n % 40), str(20 + n % 80), supplier, f"Bodega {n % 12}", str(n % 300 + 1)]  # fmt: skip
    if n % 4 == 0:
        common[2:4] = ["varillas", "metro"]
        return [*common, "plano", f"{1 + n % 6}", "nogal", "mate", "2.90"]
    common[2:4] = OTHERS[n % len(OTHERS)]
    return [*common, "", "", "", "", ""]


def write_csv(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for n in range(count):
            writer.writerow(row(n))


def write_xlsx(path: Path, count: int) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for n in range(count):
        values = row(n)
        sheet.append([*values[:4], float(values[4]), int(values[5]), int(values[6]), *values[7:9], int(values[9]),
                      *values[10:]])  # fmt: skip
    workbook.save(path)


class Rollback(Exception):
    pass


def timed(function) -> float:
    started = time.perf_counter()
    try:
        with transaction.atomic():
            function()
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        return elapsed


def plain_copy(path: Path) -> None:
    with connection.cursor() as cursor:
        # The columns the file does not fill get what the import would write (the ALTERs are rolled back).
        defaults = {
            "id": "gen_random_uuid()",
            "created_at": "now()",
            "updated_at": "now()",
            "is_active": "true",
            "average_cost": "0",
            "base": "''",
            "material_type": "''",
            "size": "''",
            "serial_number": "''",
        }
        for column, default in defaults.items():
            cursor.execute(f"ALTER TABLE inventory_material ALTER COLUMN {column} SET DEFAULT {default}")
        columns = ", ".join(TABLE_COLUMNS)
        sql = (
            f"COPY inventory_material ({columns}) FROM STDIN WITH (FORMAT csv, HEADER true, "
            "FORCE_NOT_NULL (profile, colour, finish))"
        )
        with cursor.cursor.copy(sql) as copy:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)


def importer(path: Path, file_format: str):
    def run() -> None:
        with path.open("rb") as handle:
            summary = materials_import(stream=handle, file_format=file_format, reference="Benchmark")
        assert summary.created > 0, summary

    return run


def _status(field: str) -> float:
    """A figure of this process from ``/proc/self/status`` (``VmRSS``, ``VmHWM``), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no {field} in /proc/self/status")


def child(path: str, file_format: str) -> None:
    """A fresh process importing one file (made by the parent): prints, in MB, its resident memory once
    Django is set up, the peak of the import itself and the import's time.

    The peak is the process's high-water mark reset (``/proc/self/clear_refs``) just before the import,
    so Django's start-up and the file's generation (done by the parent) are not in it."""
    tenant = bench_tenant()
    with schema_context(tenant.schema_name):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        baseline = _status("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        seconds = timed(importer(Path(path), file_format))
    peak = _status("VmHWM")
    print(f"{baseline:.1f} {peak:.1f} {seconds:.3f}")


def peak_rss(path: Path, file_format: str = "csv") -> tuple[float, float, float]:
    """(resident memory before the import, peak during it, the import's seconds) of a fresh process."""
    finished = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--format", file_format],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    if finished.returncode:
        raise SystemExit(f"the measuring process failed:\n{finished.stderr[-3000:]}")
    baseline, peak, seconds = finished.stdout.split()[-3:]
    return float(baseline), float(peak), float(seconds)


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def timings(small: Path, workbook: Path, options) -> None:
    copies, imports, xlsx_imports = [], [], []
    with schema_context(bench_tenant().schema_name):
        for _run in range(options.runs):
            copies.append(timed(lambda: plain_copy(small)))
            imports.append(timed(importer(small, "csv")))
        copy_time, import_time = statistics.median(copies), statistics.median(imports)
        print(f"COPY into inventory_material: {copy_time:.3f} s ({options.rows / copy_time:,.0f} rows/s)")
        print(f"import (CSV):                 {import_time:.3f} s ({options.rows / import_time:,.0f} rows/s)")
        print(f"ratio import / COPY:          {import_time / copy_time:.2f}x", flush=True)
        if not options.no_xlsx:
            write_xlsx(workbook, options.rows)
            for _run in range(options.runs):
                xlsx_imports.append(timed(importer(workbook, "xlsx")))
            xlsx_time = statistics.median(xlsx_imports)
            print(f"import (XLSX, calamine):      {xlsx_time:.3f} s; ratio XLSX / COPY: {xlsx_time / copy_time:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-xlsx", action="store_true")
    parser.add_argument("--memory-only", action="store_true", help="only the peak RSS figures (no timed runs)")
    parser.add_argument("--child")
    parser.add_argument("--format", default="csv")
    options = parser.parse_args()
    if options.child:
        child(options.child, options.format)
        return

    bench_tenant()
    folder = Path(tempfile.mkdtemp(prefix="bench-inventory-"))
    small, big, workbook = folder / "materials.csv", folder / "materials-big.csv", folder / "materials.xlsx"
    write_csv(small, options.rows)
    print(f"{options.rows:,} rows, CSV {small.stat().st_size / 1e6:.1f} MB; {load()}", flush=True)
    if not options.memory_only:
        timings(small, workbook, options)
    small_base, small_rss, small_seconds = peak_rss(small)
    print(f"peak RSS, {options.rows:,} rows (CSV): {small_rss:.0f} MB ({small_base:.0f} MB before the import, "
          f"+{small_rss - small_base:.0f} MB; import {small_seconds:.1f} s); {load()}")  # fmt: skip
    if options.big:
        write_csv(big, options.big)
        print(f"{options.big:,} rows, CSV {big.stat().st_size / 1e6:.1f} MB; {load()}", flush=True)
        big_base, big_rss, big_seconds = peak_rss(big)
        print(f"peak RSS, {options.big:,} rows (CSV): {big_rss:.0f} MB ({big_base:.0f} MB before the import, "
              f"+{big_rss - big_base:.0f} MB; import {big_seconds:.1f} s); {load()}")  # fmt: skip
        print(f"ratio {options.big:,} / {options.rows:,} rows: peak {big_rss / small_rss:.2f}x (at most 2x)")
    for path in (small, big, workbook):
        path.unlink(missing_ok=True)
    folder.rmdir()


if __name__ == "__main__":
    main()
