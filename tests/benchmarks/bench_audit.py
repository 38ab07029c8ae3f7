"""What does the audit trail cost an import? 10,000 clients through ``clients_import``, with and without the triggers.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_audit.py [--rows 10000] [--runs 5]

It uses the test settings and its own database (``bench_audit`` on the embedded PostgreSQL, or on
``DATABASE_URL``'s server) with its own tenant (``bench``), created on the first run and kept.

Each run imports the same parsed rows with the real service (``clients_import``: every row validated,
one query for the existing documents, ``bulk_create``), inside the request context the admin's import
page has (user, IP, request id), in a transaction that is rolled back afterwards: the table starts
empty every time and the append-only trail keeps nothing. *Without the trail* is the same run with
the table's triggers disabled (``ALTER TABLE … DISABLE TRIGGER USER``, inside that transaction).
The two alternate, run after run, and the medians are compared; the target is at most 1.5×.

It then measures what the import hides (Python builds and validates every row, so the database's
share is small): the database alone inserting the same number of rows (``INSERT … SELECT``) and
changing them all (``UPDATE``), with and without the triggers.
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

setup("bench_audit")

import pghistory  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from fotostudio.audit.tracking import TRIGGER_LEVEL  # noqa: E402
from fotostudio.spreadsheets.imports import parse_table  # noqa: E402
from fotostudio.spreadsheets.tabular import read_table  # noqa: E402
from modules.clients.models import Client  # noqa: E402
from modules.clients.resources import ClientResource  # noqa: E402
from modules.clients.services import clients_import  # noqa: E402
from modules.clients.tests.factories import valid_cedula, valid_company_ruc  # noqa: E402

ClientEvent = Client.pgh_event_model
#: What the admin's import page attaches to every row (``fotostudio.audit.middleware``).
CONTEXT = {"user": None, "username": "bench", "ip": "127.0.0.1", "request_id": "bench", "url": "/admin/"}
COLUMNS = (
    "id, created_at, updated_at, client_type, document_type, document, name, email, phone, address, city, notes, "
    "is_active, institution_code, contact_name, contact_role, levels"
)


def build_file(count: int):
    """A CSV of valid clients as a school's office would send it (one school in twenty), as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["tipo", "tipo_documento", "documento", "nombre", "email", "telefono", "ciudad", "niveles"])
    for n in range(count):
        if n % 20 == 0:
            writer.writerow(
                ["colegio", "ruc", valid_company_ruc(n), f"Unidad Educativa {n}", f"colegio{n}@example.edu.ec",
                 "02 245 6789", "Quito", "basica_media, bachillerato"]
            )  # fmt: skip
        else:
            writer.writerow(
                ["particular", "cedula", valid_cedula(n), f"José Pérez Núñez {n}", f"cliente{n}@example.com",
                 "099 123 4567", "Cuenca", ""]
            )  # fmt: skip
    return SimpleUploadedFile("clientes.csv", buffer.getvalue().encode())


class Rollback(Exception):
    """Leaves the run's transaction without keeping anything."""


def _vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE clients_client, clients_clientevent")


def _run(work, *, audited: bool, prepare=None) -> float:
    """``work()`` timed (after ``prepare()``, not timed) in a transaction that is rolled back; with the
    table's triggers off unless ``audited``."""
    elapsed = 0.0
    try:
        with transaction.atomic():
            if not audited:
                with connection.cursor() as cursor:
                    cursor.execute("ALTER TABLE clients_client DISABLE TRIGGER USER")
            if prepare is not None:
                prepare()
            before = ClientEvent.objects.count()
            started = time.perf_counter()
            work()
            elapsed = time.perf_counter() - started
            recorded = ClientEvent.objects.count() - before
            assert (recorded > 0) == audited, (audited, recorded)
            raise Rollback
    except Rollback:
        pass
    _vacuum()
    return elapsed


def _compare(name: str, work, runs: int, prepare=None) -> None:
    times: dict[bool, list[float]] = {False: [], True: []}
    for run in range(runs):
        for audited in (False, True) if run % 2 == 0 else (True, False):
            times[audited].append(_run(work, audited=audited, prepare=prepare))
    plain, audited = statistics.median(times[False]), statistics.median(times[True])
    print(f"{name:<42} without the trail {plain:7.3f} s   with it {audited:7.3f} s   ratio {audited / plain:5.2f}×")
    print(f"{'':<42} runs without: {' '.join(f'{t:.3f}' for t in times[False])}")
    print(f"{'':<42} runs with:    {' '.join(f'{t:.3f}' for t in times[True])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    tenant = bench_tenant()
    rows = parse_table(read_table(build_file(options.rows)), ClientResource)
    print(
        f"{options.rows} clients, {options.runs} runs of each, trigger level {TRIGGER_LEVEL}, "
        f"database {connection.settings_dict['NAME']}, PostgreSQL {connection.pg_version // 10000}"
    )
    with schema_context(tenant.schema_name):
        Client.objects.all().delete()
        _vacuum()

        def import_rows():
            with pghistory.context(**CONTEXT):
                assert clients_import(rows=rows).created == options.rows

        _compare("clients_import (validate + bulk_create)", import_rows, options.runs)

        def insert_select():
            with pghistory.context(**CONTEXT), connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO clients_client ({COLUMNS}) SELECT gen_random_uuid(), now(), now(), 'particular', "
                    "'pasaporte', 'B' || g, 'Cliente ' || g, '', '', '', 'Quito', '', true, '', '', '', '{}' "
                    "FROM generate_series(1, %s) AS g",
                    [options.rows],
                )

        def update_all():
            with pghistory.context(**CONTEXT):
                assert Client.objects.update(city="Loja") == options.rows

        _compare("database only: INSERT … SELECT", insert_select, options.runs)
        _compare("database only: UPDATE of every row", update_all, options.runs, prepare=insert_select)


if __name__ == "__main__":
    main()
