"""How long does an upload take to refuse a hostile XLSX? Prints seconds and peak memory per file.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_hostile_xlsx.py [--runs 3]

It builds, in memory, the files that once tied up the server — a sheet of a million
blank rows that says it is A1:XFD1048576 (once 238 s), 99.6 MB of shared strings in a
small zip (once 94 s and 500 MB) — and variants just under the size limits, then times
:func:`read_table` refusing each, and for comparison reading a good list of 20,000
clients. No database is used. Times are the median of ``--runs``; peak memory is Python's
(``tracemalloc``), measured in a separate run.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fotostudio.settings.testing")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import translation  # noqa: E402

from fotostudio.spreadsheets.tabular import SpreadsheetError, read_table  # noqa: E402
from tests.spreadsheet_files import (  # noqa: E402
    blank_rows_xlsx,
    huge_shared_strings_xlsx,
    shared_strings_xlsx,
    wide_row_xlsx,
)


def good_list(rows: int = 20_000) -> bytes:
    """A real list: 20,000 clients of 16 columns, as openpyxl writes them."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["tipo", "documento", "nombre", "email", "telefono", "ciudad", "notas", "es_activo"] * 2)
    for n in range(rows):
        sheet.append(
            ["particular", f"17{n:08d}", f"José Pérez Núñez {n}", f"cliente{n}@example.com", "0991234567", "Quito",
             "Cliente de bodas.", "sí"] * 2
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FILES = {
    "1,000,000 blank rows, declared A1:XFD1048576": lambda: blank_rows_xlsx(rows=1_000_000),
    "10 shared strings of 9.96 MB (99.6 MB)": lambda: huge_shared_strings_xlsx(strings=10, length=9_960_000),
    "1,400 shared strings of 30,000 chars (42 MB, under the part limit)": lambda: shared_strings_xlsx(
        [f"{n}" + "A" * 30_000 for n in range(1_400)], [[0, 1]]
    ),
    "one 30,000-char string on 20,000 rows": lambda: shared_strings_xlsx(["A" * 30_000], [[0, 0]] * 20_000),
    "one row of 1,000,000 cells": lambda: wide_row_xlsx(cells=1_000_000),
    "good list of 20,000 clients (accepted)": good_list,
}


def read(content: bytes) -> str:
    try:
        return f"read {len(read_table(SimpleUploadedFile('archivo.xlsx', content)).rows)} rows"
    except SpreadsheetError as refusal:
        return f"refused: {refusal.message}"


def seconds(content: bytes) -> float:
    started = time.perf_counter()
    read(content)
    return time.perf_counter() - started


def peak_megabytes(content: bytes) -> float:
    """In a run of its own: tracing every allocation makes reading several times slower."""
    tracemalloc.start()
    read(content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1024 * 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    translation.activate("es")
    for name, build in FILES.items():
        content = build()
        median = statistics.median(seconds(content) for _ in range(options.runs))
        print(
            f"{name}: {len(content) / 1024:,.0f} KB → {median:.2f} s, peak {peak_megabytes(content):,.1f} MB;"
            f" {read(content)}"
        )


if __name__ == "__main__":
    main()
