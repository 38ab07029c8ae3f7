"""How long does a new business take: cloned from the template schema, or migrated? Side by side, one run.

Not a test: a script. From the checkout::

    .venv/bin/python tests/benchmarks/bench_tenant_create.py [--runs 5]

It uses the test settings and its own database (``bench_tenant_create``). Each run creates one business
both ways with the real service (``tenant_create``: validation, schema, domain, roles, settings, first
administrator) — ``from_template=True`` (the default: the template schema's SQL run under the rename
dance) and ``from_template=False`` (every migration of every module, as django-tenants does) — and drops
both again. The first clone of a process also dumps the template once (``pg_dump``); that run is printed
apart and left out of the medians. Goal: a clone in at most 2 s and at least 5× faster than migrating.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup  # noqa: E402

setup("bench_tenant_create")

from django.db import connection  # noqa: E402

from tenants.models import Tenant  # noqa: E402
from tenants.services import public_tenant_ensure, tenant_create, tenant_drop  # noqa: E402
from tenants.template import template_ensure  # noqa: E402

PASSWORD = "Bench-Password-2026!"


def create(slug: str, *, from_template: bool) -> float:
    started = time.perf_counter()
    tenant_create(
        name=slug,
        slug=slug,
        domain=f"{slug.replace('_', '-')}.bench.invalid",
        admin_email=f"admin@{slug.replace('_', '-')}.invalid",
        admin_password=PASSWORD,
        from_template=from_template,
    )
    seconds = time.perf_counter() - started
    connection.set_schema_to_public()
    return seconds


def drop(slug: str) -> None:
    for tenant in Tenant.objects.filter(schema_name=slug):
        tenant_drop(tenant=tenant)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    public_tenant_ensure(domain="bench.invalid")
    for slug in ("bench_clone", "bench_migrate"):
        drop(slug)
    template_ensure()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relnamespace = '_template'::regnamespace AND relkind = 'r'")
        tables = cursor.fetchone()[0]
    first = create("bench_clone", from_template=True)
    drop("bench_clone")
    clone, migrate = [], []
    for _run in range(options.runs):
        clone.append(create("bench_clone", from_template=True))
        drop("bench_clone")
        migrate.append(create("bench_migrate", from_template=False))
        drop("bench_migrate")
    cloned, migrated = statistics.median(clone), statistics.median(migrate)
    print(f"New business ({tables} tables in a business's schema), median of {options.runs} runs:")
    print(f"  {'cloned from the template':<34} {cloned:6.2f} s   (first of the process, with pg_dump: {first:.2f} s)")
    print(f"  {'migrated (every migration)':<34} {migrated:6.2f} s")
    print(f"  {'migrate / clone':<34} {migrated / cloned:6.1f}×   (goal: clone ≤ 2 s and ≥ 5× faster)")


if __name__ == "__main__":
    main()
