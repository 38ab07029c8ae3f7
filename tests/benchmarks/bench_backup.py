"""How long do a backup and a restore of a business with 100,000 rows take?

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_backup.py [--rows 100000]

It uses the test settings and its own database (``bench_backup``) with its own business (``bench``),
filled once with ``--rows`` clients (``INSERT … SELECT`` from one real client, with the audit triggers on:
each insert also writes its audit event, so the schema holds twice as many rows) and kept. It then times,
with the real services, each in its own committed transactions as in production:

- the backup (``backup_perform_now``: ``pg_dump --format=custom`` of the schema, SHA-256, stored);
- a restore into a new business (``backup_restore_as_new``: checksum check, ``pg_restore`` under the
  schema's own name with the rename dance, trigger functions re-pinned, the trail's view);
- a restore in place (``backup_restore_in_place``: the safety backup first, then the same restore over the
  live schema);

and checks that the copy holds as many clients as the original.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_tenant, setup  # noqa: E402

setup("bench_backup")

from django.db import connection  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from fotostudio.backups.services import (  # noqa: E402
    backup_perform_now,
    backup_restore_as_new,
    backup_restore_in_place,
)
from tenants.models import Tenant  # noqa: E402
from tenants.services import tenant_drop  # noqa: E402

COPY = "bench_copy"


def clients(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{schema}".clients_client')
        return cursor.fetchone()[0]


def fill(schema: str, rows: int) -> None:
    """Up to ``rows`` clients, copies of one made by the factory with a new id, document and name each."""
    from modules.clients.models import Client
    from tests.factories import create, load_all

    have = clients(schema)
    if have >= rows:
        return
    load_all()
    with schema_context(schema):
        if not Client.objects.exists():
            create(Client)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = 'clients_client' AND is_generated = 'NEVER' ORDER BY ordinal_position",
                [schema],
            )
            columns = [name for (name,) in cursor.fetchall()]
            replaced = {
                "id": "gen_random_uuid()",
                "document": "lpad((1000000000 + n)::text, 10, '0')",
                "name": "'Cliente ' || n",
            }
            values = ", ".join(replaced.get(column, f'c."{column}"') for column in columns)
            names = ", ".join(f'"{column}"' for column in columns)
            cursor.execute(
                f"INSERT INTO clients_client ({names}) SELECT {values} "
                f"FROM (SELECT * FROM clients_client LIMIT 1) c, generate_series(%s, %s) n",
                [have + 1, rows - 1],
            )


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    options = parser.parse_args()
    tenant = bench_tenant()
    connection.set_schema_to_public()
    for old in Tenant.objects.filter(schema_name=COPY):
        tenant_drop(tenant=old)
    fill(tenant.schema_name, options.rows)
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE schemaname = %s", [tenant.schema_name])
        live = cursor.fetchone()[0]
    with schema_context(tenant.schema_name):
        backup, backup_seconds = timed(lambda: backup_perform_now())
    copy, copy_seconds = timed(
        lambda: backup_restore_as_new(backup=backup, name="Copia", slug=COPY, domain="bench-copy.bench.invalid")
    )
    copied = clients(COPY)
    _safety, in_place_seconds = timed(
        lambda: backup_restore_in_place(tenant=tenant, backup=backup, confirmation=tenant.schema_name)
    )
    restored = clients(tenant.schema_name)
    tenant_drop(tenant=copy)
    print(f"Business with {clients(tenant.schema_name):,} clients (about {live:,} rows with their audit events):")
    print(f"  {'backup (pg_dump, SHA-256, store)':<44} {backup_seconds:6.2f} s   {backup.size / 1e6:.1f} MB")
    print(f"  {'restore into a new business':<44} {copy_seconds:6.2f} s   {copied:,} clients")
    print(f"  {'restore in place (safety backup first)':<44} {in_place_seconds:6.2f} s   {restored:,} clients")


if __name__ == "__main__":
    main()
