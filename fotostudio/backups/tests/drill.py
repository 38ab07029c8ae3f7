"""Helpers of the restore drill: a committed business full of data, and what its schema holds, table by table."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from fotostudio.backups import postgres
from tests.factories import factory_for, load_all

#: Rows the drill makes of every model that has a factory.
ROWS_PER_MODEL = 3
#: Tables a restore does not bring back as they were in the copy (the list of copies is the live one).
NOT_COMPARED = {"backups_backup"}


def fill_every_module(schema: str) -> int:
    """``ROWS_PER_MODEL`` rows of every project model with a registered factory, plus changed settings."""
    from fotostudio.configuration.catalogue import BUSINESS_TRADE_NAME, IVA_RATE
    from fotostudio.configuration.services import settings_update

    load_all()
    made = 0
    with schema_context(schema):
        for model in apps.get_models():
            make = factory_for(model)
            if make is None or not model._meta.app_label or model._meta.label == "backups.Backup":
                continue
            if model._meta.app_config.name.startswith(("tenants",)):
                continue
            for _number in range(ROWS_PER_MODEL):
                make()
                made += 1
        settings_update(values={IVA_RATE: "12.00", BUSINESS_TRADE_NAME: "Estudio del simulacro"})
    return made


def fingerprint(schema: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows (their text, sorted)."""
    result = {}
    with connection.cursor() as cursor:
        for table in postgres.schema_tables(schema):
            if table in NOT_COMPARED:
                continue
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
                f'FROM {postgres.quoted(schema)}."{table}" t'
            )
            result[table] = cursor.fetchone()
    return result


def drop_business(tenant) -> None:
    from tenants.services import tenant_drop

    if not tenant.pk:
        return
    tenant_drop(tenant=tenant)
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / tenant.schema_name
    shutil.rmtree(folder, ignore_errors=True)


def drop_schema(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {postgres.quoted(schema)} CASCADE")


def new_business(concurrently, slug: str, **options):
    """A committed business (removed after the test, with any business restored from it under ``slug_*``)."""
    from conftest import TEST_PASSWORD
    from tenants.models import Tenant
    from tenants.services import tenant_create

    def remove():
        for tenant in Tenant.objects.filter(schema_name__startswith=slug):
            drop_business(tenant)

    concurrently.once(remove)  # what an interrupted run may have left
    concurrently.cleanup(None, remove)
    return concurrently.once(
        lambda: tenant_create(
            name=f"Simulacro {slug}",
            slug=slug,
            domain=f"{slug.replace('_', '-')}.testserver",
            admin_email=f"admin@{slug.replace('_', '-')}.test",
            admin_password=TEST_PASSWORD,
            **options,
        )
    )
