"""What every benchmark script needs: Django with the test settings, its own database and a tenant.

Import it first in a script (it sets up Django)::

    from common import bench_tenant, database_name  # noqa: E402

Each script names its own database (``bench_<name>`` on the embedded PostgreSQL, or on
``DATABASE_URL``'s server), created on the first run and kept for the next ones.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fotostudio.settings.testing")


def setup(database: str) -> None:
    """Start Django on the benchmark's own database (created and migrated once, then kept)."""
    os.environ["TEST_DATABASE_NAME"] = database
    import django

    django.setup()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)


def bench_tenant(slug: str = "bench"):
    """A photo studio tenant for the benchmark (created once)."""
    from tenants.models import Tenant
    from tenants.services import public_tenant_ensure, tenant_create

    public_tenant_ensure(domain="bench.invalid")
    tenant = Tenant.objects.filter(schema_name=slug).first()
    if tenant is None:
        tenant = tenant_create(
            name="Benchmark",
            slug=slug,
            domain=f"{slug}.bench.invalid",
            admin_email=f"admin@{slug}.invalid",
            admin_password="Bench-Password-2026!",
        )
    return tenant
