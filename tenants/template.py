"""New businesses cloned from a template schema kept migrated, instead of migrated one by one.

Migrating a new schema runs every migration of every module (seconds, more with each module); cloning
copies the result. The template is the schema ``TENANT_TEMPLATE_SCHEMA`` (``_template``: no business slug
can start with ``_``), migrated like any business's schema — by ``migrate_schemas`` and ``migrate``
(``tenants/management/commands``), and by :func:`template_ensure` whenever a business is created while it
is missing or behind the migrations on disk — so a clone is exactly a migrated schema, rows included
(``django_migrations``, content types, permissions, the required settings).

Cloning is ``pg_dump`` of the template as SQL (made once per process and migration state) run under the
template's own name inside the caller's transaction, with the names moved around it — the rename dance of
``fotostudio.backups.postgres`` (a rollback leaves nothing). The business's own rows (its roles, its first
administrator) are added by ``tenant_create`` afterwards. See docs/decisions.md for why not django-tenants'
``clone_schema``.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from fotostudio.backups import postgres

logger = logging.getLogger(__name__)

_lock = threading.Lock()
#: The template's SQL by its migration state (``(count, last id)`` of its ``django_migrations``).
_sql_cache: dict[tuple[int, int], str] = {}
_disk_migrations: set[tuple[str, str]] | None = None


def template_schema() -> str:
    return getattr(settings, "TENANT_TEMPLATE_SCHEMA", "_template")


def _migrations_on_disk() -> set[tuple[str, str]]:
    """Every migration a business's schema gets: those of the apps in ``TENANT_APPS`` (read once per process)."""
    global _disk_migrations
    if _disk_migrations is None:
        from django.apps import apps
        from django.db.migrations.loader import MigrationLoader

        labels = {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}
        loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
        _disk_migrations = {key for key in loader.disk_migrations if key[0] in labels}
    return _disk_migrations


def template_is_current() -> bool:
    """The template exists and has every migration on disk applied."""
    schema = template_schema()
    if not postgres.schema_exists(schema):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{postgres.quoted(schema)}.django_migrations"])
        if cursor.fetchone()[0] is None:
            return False
        cursor.execute(f"SELECT app, name FROM {postgres.quoted(schema)}.django_migrations")
        applied = set(cursor.fetchall())
    return _migrations_on_disk() <= applied


def template_refresh(*, verbosity: int = 0) -> None:
    """Create the template if it is missing, and migrate it (``migrate_schemas`` calls this after the
    businesses)."""
    schema = template_schema()
    with schema_context(get_public_schema_name()):
        if template_is_current():
            return  # nothing to apply: leave it alone (a migration run would lock its view and functions)
        if not postgres.schema_exists(schema):
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {postgres.quoted(schema)}")
        call_command("migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=verbosity)
    _sql_cache.clear()


def template_ensure() -> None:
    """A current template, migrated now if it is missing or behind (the first business after a new migration
    pays for it once)."""
    with _lock:
        if not template_is_current():
            logger.info("Template schema %s missing or behind the migrations: migrating it.", template_schema())
            template_refresh()


def _state() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), coalesce(max(id), 0) FROM {postgres.quoted(template_schema())}.django_migrations"
        )
        count, last = cursor.fetchone()
    return count, last


def template_sql() -> str:
    state = _state()
    sql = _sql_cache.get(state)
    if sql is None:
        sql = postgres.dump_sql(template_schema())
        _sql_cache.clear()
        _sql_cache[state] = sql
    return sql


def schema_clone_from_template(schema_name: str) -> None:
    """Create ``schema_name`` as a copy of the template, in the caller's transaction (or one of its own)."""
    from fotostudio.audit.schema import schema_prepare

    with schema_context(get_public_schema_name()), transaction.atomic():
        postgres.run_dance_in_transaction(template_sql(), source=template_schema(), target=schema_name)
        schema_prepare(schema_name)  # the trail's view over its own tables, as after a migration
