"""What each schema's audit trail needs besides its migrations, redone after every migration of it.

Two things, both run by ``migrate_schemas`` for every schema it migrates (the platform's and each
business's, including one created later: creating a business migrates its new schema), through
django-tenants' ``schema_pre_migration`` / ``schema_migrated`` signals:

1. **Pin the trigger functions to their schema.** A trigger function's body names its event table
   without a schema (``INSERT INTO "clients_clientevent" …``), and PostgreSQL resolves that name
   through the *session's* ``search_path`` when the trigger runs, not through the schema the
   function lives in. A write into business A made by a session whose path points at business B
   (raw SQL, a maintenance script, a restore) would record A's history in B's table. Each
   ``pgtrigger_*`` function of the schema gets ``SET search_path = <schema>, public``; pgtrigger's
   ``CREATE OR REPLACE`` drops that setting whenever a migration reinstalls a trigger, so it is set
   again after every migration.
2. **The trail's view** (``audit_trail``, read by ``audit.AuditEvent``): one ``UNION ALL`` of every
   event table in the schema and the activity log's exports, with the context's values as columns.
   It is dropped before a schema is migrated when there is anything to apply (a migration may drop
   an event table it reads) and created again afterwards, in one transaction, so a module that starts
   auditing a model is listed without a line of code here.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context

from .choices import AuditAction
from .tracking import event_model_of

VIEW = "audit_trail"

PIN_SQL = """
DO $pin$
DECLARE fn record;
BEGIN
    FOR fn IN
        SELECT p.oid::regprocedure AS signature
        FROM pg_proc p
        WHERE p.pronamespace = %(schema)s::regnamespace AND p.proname LIKE 'pgtrigger\\_%%'
    LOOP
        EXECUTE format('ALTER FUNCTION %%s SET search_path = %%s', fn.signature, %(path)s);
    END LOOP;
END
$pin$;
"""

#: A context value as a UUID, or NULL when it is not one (a script may have put anything there).
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


def _context_text(key: str) -> str:
    return f"COALESCE(e.pgh_context->>'{key}', '')"


def _event_select(schema: str, event_model) -> str:
    tracked = event_model.pgh_tracked_model._meta.label_lower
    user = "e.pgh_context->>'user'"
    return f"""
        SELECT e.pgh_id AS id,
               '{tracked}'::varchar(100) AS model,
               e.pgh_obj_id::text AS object_id,
               e.pgh_label::varchar(20) AS action,
               e.pgh_created_at AS created_at,
               CASE WHEN {user} ~ '{UUID_PATTERN}' THEN ({user})::uuid END AS user_id,
               {_context_text("username")}::varchar(254) AS username,
               {_context_text("ip")}::varchar(45) AS ip_address,
               {_context_text("request_id")}::varchar(64) AS request_id,
               {_context_text("url")}::varchar(500) AS path,
               {_context_text("channel")}::varchar(10) AS channel
        FROM "{schema}"."{event_model._meta.db_table}" e"""


def _exports_select(schema: str) -> str:
    return f"""
        SELECT a.id,
               a.model::varchar(100),
               NULL::text,
               '{AuditAction.EXPORT.value}'::varchar(20),
               a.created_at,
               a.user_id,
               a.username::varchar(254),
               COALESCE(host(a.ip_address), '')::varchar(45),
               a.request_id::varchar(64),
               ''::varchar(500),
               'admin'::varchar(10)
        FROM "{schema}"."audit_activitylog" a"""


def audited_event_models() -> list:
    """The event model of every audited model (``tracking.audited``) installed in the project."""
    from django.apps import apps

    found = (event_model_of(model) for model in apps.get_models())
    return sorted((model for model in found if model is not None), key=lambda model: model._meta.db_table)


def view_sql(schema: str, tables: set[str]) -> str:
    """The view over the event tables that exist in ``schema`` (``tables``) and the exports.

    Every name is qualified with the schema: the view is created from a session whose path may
    point anywhere (django-tenants signals a migrated schema with the path back on ``public``)."""
    selects = [_event_select(schema, model) for model in audited_event_models() if model._meta.db_table in tables]
    selects.append(_exports_select(schema))
    return f'CREATE VIEW "{schema}"."{VIEW}" AS' + "\n    UNION ALL".join(selects)


def _tables(cursor, schema: str) -> set[str]:
    cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema])
    return {name for (name,) in cursor.fetchall()}


def drop_view(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP VIEW IF EXISTS "{schema_name}"."{VIEW}"')


def has_pending_migrations(schema_name: str) -> bool:
    """Whether migrating ``schema_name`` will change anything (a schema not created yet: yes)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f'"{schema_name}".django_migrations'])
        if cursor.fetchone()[0] is None:
            return True
    with schema_context(schema_name):
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def schema_prepare(schema_name: str) -> None:
    """Pin ``schema_name``'s trigger functions and (re)create its trail view."""
    with transaction.atomic(), connection.cursor() as cursor:  # readers see the old view or the new one
        tables = _tables(cursor, schema_name)
        if "audit_activitylog" not in tables:  # not migrated (yet)
            return
        path = "public" if schema_name == "public" else f'"{schema_name}", public'
        cursor.execute(PIN_SQL, {"schema": schema_name, "path": path})
        cursor.execute(f'DROP VIEW IF EXISTS "{schema_name}"."{VIEW}"')
        cursor.execute(view_sql(schema_name, tables))


def before_schema_migration(sender, schema_name, **kwargs) -> None:
    """Out of the migrations' way (one may drop an event table the view reads), only when there are any:
    a ``migrate_schemas`` with nothing to apply leaves every business's trail readable throughout."""
    if has_pending_migrations(schema_name):
        drop_view(schema_name)


def after_schema_migration(sender, schema_name, **kwargs) -> None:
    schema_prepare(schema_name)
