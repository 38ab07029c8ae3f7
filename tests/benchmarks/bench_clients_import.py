"""How fast does a school's spreadsheet import? Prints rows per second for 5,000 clients.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_clients_import.py [--rows 5000] [--runs 3] [--format csv|xlsx]

It uses the test settings and its own database (``bench_clients`` on the embedded
PostgreSQL, or on ``DATABASE_URL``'s server) with its own tenant (``bench``), both
created on the first run and kept for the next ones; nothing else is touched.
Each run builds a file of valid clients in memory, reads it (:func:`read_table`,
:func:`parse_table`) and imports it (``clients_import``: validation of every row, one query for the
existing documents, ``bulk_create``), commits, and then deletes the rows again.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_clients")

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from fotostudio.spreadsheets.imports import parse_table  # noqa: E402
from fotostudio.spreadsheets.tabular import read_table  # noqa: E402
from modules.clients.models import Client  # noqa: E402
from modules.clients.resources import ClientResource  # noqa: E402
from modules.clients.services import clients_import  # noqa: E402
from modules.clients.tests.factories import valid_cedula, valid_company_ruc  # noqa: E402

#: The resource's import columns, in its order: the rows below follow it.
HEADERS = [field.column_name for field in ClientResource.import_columns()]
CITIES = ["Quito", "Guayaquil", "Cuenca", "Ambato", "Loja", "Manta"]


def rows(count: int) -> list[list[str]]:
    """Realistic rows: one school in twenty, accents, phones as people type them."""
    result = []
    for n in range(count):
        if n % 20 == 0:
            result.append(
                ["colegio", "ruc", valid_company_ruc(n), f"Unidad Educativa Número {n}", f"colegio{n}@example.edu.ec",
                 "02 245 6789", "Av. Amazonas N24-03", CITIES[n % 6], "", "sí", f"17H{n:05d}", "Rosa Almeida",
                 "Rectora", "basica_media, bachillerato", "850", "septiembre"]
            )  # fmt: skip
        else:
            result.append(
                ["particular", "cedula", valid_cedula(n), f"José Pérez Núñez {n}", f"cliente{n}@example.com",
                 "099 123 4567", "Calle Larga 7-45", CITIES[n % 6], "Cliente de bodas.", "sí", "", "", "", "", "", ""]
            )  # fmt: skip
    return result


def build_file(count: int, file_format: str) -> SimpleUploadedFile:
    if file_format == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(HEADERS)
        for row in rows(count):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile("clientes.xlsx", buffer.getvalue())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows(count))
    return SimpleUploadedFile("clientes.csv", buffer.getvalue().encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    options = parser.parse_args()

    tenant = bench_tenant()
    upload = build_file(options.rows, options.format)
    size = upload.size / (1024 * 1024)
    print(
        f"{options.rows} rows, {options.format.upper()} of {size:.2f} MB, database {connection.settings_dict['NAME']}"
    )

    totals = []
    with schema_context(tenant.schema_name):
        Client.objects.all().delete()
        for run in range(1, options.runs + 1):
            upload.seek(0)
            started = time.perf_counter()
            table = read_table(upload)
            read = time.perf_counter()
            result = clients_import(rows=parse_table(table, ClientResource))
            done = time.perf_counter()
            assert result.created == options.rows == Client.objects.count()
            Client.objects.all().delete()
            totals.append(done - started)
            print(
                f"run {run}: read {read - started:.2f} s + validate and insert {done - read:.2f} s"
                f" = {done - started:.2f} s → {options.rows / (done - started):,.0f} rows/s"
            )
    median = statistics.median(totals)
    print(f"median: {median:.2f} s for {options.rows} rows → {options.rows / median:,.0f} rows/s")


if __name__ == "__main__":
    main()
